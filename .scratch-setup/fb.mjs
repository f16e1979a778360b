import { buildBn128 } from 'ffjavascript'
const curve = await buildBn128(true)
const code = curve.tm.code
console.log('code', code.constructor.name, code.length)
const mod = await WebAssembly.compile(code)
const memory = new WebAssembly.Memory({ initial: 2000 })
const inst = await WebAssembly.instantiate(mod, { env: { memory } })
const ex = inst.exports
let u8 = new Uint8Array(memory.buffer), u32 = new Uint32Array(memory.buffer)
console.log('free', u32[0], 'pG1gen', curve.tm.pG1gen)
function alloc(n) { while (u32[0] & 7) u32[0]++; const p = u32[0]; u32[0] += n; return p }
const W = +process.argv[2] || 8
const G = 1 // G1
const n8 = 32, sA = 64, sJ = 96
const nWin = Math.ceil(255 / W) + 1
const half = 1 << (W - 1)
const t0 = performance.now()
const table = alloc(nWin * half * sA)
const tmpJ = alloc(half * sJ)
const base = alloc(sJ)
ex.g1m_toJacobian(curve.tm.pG1gen, base)
for (let j = 0; j < nWin; j++) {
  // tmpJ[0] = base; tmpJ[d] = tmpJ[d-1]+base
  ex.g1m_copy(base, tmpJ)
  for (let d = 1; d < half; d++) ex.g1m_add(tmpJ + (d - 1) * sJ, base, tmpJ + d * sJ)
  ex.g1m_batchToAffine(tmpJ, half, table + j * half * sA)
  // base = 2 * (half * base)
  ex.g1m_double(tmpJ + (half - 1) * sJ, base)
}
console.log('table ms', (performance.now() - t0).toFixed(0), 'MB', (nWin * half * sA / 1e6).toFixed(1))
// scalars
const N = 20000
const r = 21888242871839275222246405745257275088548364400416034343698204186575808495617n
const scal = []
let s = 123456789n
for (let i = 0; i < N; i++) { s = (s * 6364136223846793005n + 1442695040888963407n) % r; scal.push((s * s * s) % r) }
const out = alloc(N * sJ)
const outA = alloc(N * sA)
const mask = BigInt((1 << W) - 1)
const t1 = performance.now()
const digits = new Int32Array(nWin)
const sbuf = new ArrayBuffer(40); const sdv = new DataView(sbuf); const sw = new Uint32Array(sbuf); const wmask = (1 << W) - 1
for (let i = 0; i < N; i++) {
  let k = scal[i]
  sdv.setBigUint64(0, BigInt.asUintN(64, k), true); k >>= 64n
  sdv.setBigUint64(8, BigInt.asUintN(64, k), true); k >>= 64n
  sdv.setBigUint64(16, BigInt.asUintN(64, k), true); k >>= 64n
  sdv.setBigUint64(24, k, true)
  let carry = 0
  for (let j = 0, bit = 0; j < nWin; j++, bit += W) {
    const wi = bit >>> 5, sh = bit & 31
    let v = (sw[wi] >>> sh)
    if (sh + W > 32 && wi + 1 < 9) v |= sw[wi + 1] << (32 - sh)
    let d = (v & wmask) + carry
    if (d > half) { d -= 1 << W; carry = 1 } else carry = 0
    digits[j] = d
  }
  const acc = out + i * sJ
  ex.g1m_zero(acc)
  for (let j = 0; j < nWin; j++) {
    const d = digits[j]
    if (d > 0) ex.g1m_addMixed(acc, table + (j * half + d - 1) * sA, acc)
    else if (d < 0) ex.g1m_subMixed(acc, table + (j * half - d - 1) * sA, acc)
  }
}
const t2 = performance.now()
ex.g1m_batchToAffine(out, N, outA)
const t3 = performance.now()
console.log(`W=${W} per point ${((t2 - t1) / N * 1000).toFixed(2)} us, toAffine ${((t3 - t2) / N * 1000).toFixed(2)} us`)
// check vs timesScalarAffine
const sc = alloc(32); const chk = alloc(sJ); const chkA = alloc(sA)
for (const i of [0, 1, N - 1]) {
  const dv = new DataView(memory.buffer)
  let k = scal[i]; for (let q = 0; q < 4; q++) { dv.setBigUint64(sc + 8 * q, k & ((1n << 64n) - 1n), true); k >>= 64n }
  ex.g1m_timesScalarAffine(curve.tm.pG1gen, sc, 32, chk)
  ex.g1m_toAffine(chk, chkA)
  u8 = new Uint8Array(memory.buffer)
  const a = u8.slice(chkA, chkA + 64), b = u8.slice(outA + i * 64, outA + i * 64 + 64)
  console.log('eq', a.every((x, q) => x === b[q]))
}
const t4 = performance.now()
for (let i = 0; i < 2000; i++) ex.g1m_timesScalarAffine(curve.tm.pG1gen, sc, 32, chk)
console.log('timesScalarAffine us', ((performance.now() - t4) / 2000 * 1000).toFixed(1))
