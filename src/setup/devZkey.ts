/**
 * Builds a Groth16 `.zkey` (the snarkjs binary proving key) directly from known secrets τ, α, β, δ,
 * in exactly the bytes snarkjs would write for `zkey new` on the matching dev ptau
 * ({@link writeDevPtau}) followed by one `zkey contribute` with secret δ: γ stays the G2 generator,
 * δ₁ = δ·G1, δ₂ = δ·G2, the C (private-wire) and H points are scaled by δ⁻¹, the circuit hash is the
 * one `zkey new` computes (over the δ = 1 key), and the MPC section records the contribution with
 * its proof of knowledge ({@link firstContribution}). `snarkjs zkey verify` therefore accepts the key
 * against the dev ptau, and further contributions can be added with `snarkjs zkey contribute`.
 * With δ = 1 (caller-supplied, tests only) nothing is scaled and no contribution is recorded: the
 * output is byte-identical to `zkey new` (a γ = δ key, forgeable by anyone; see `devSetup`).
 *
 * `.zkey` layout (iden3 container, magic "zkey", version 1; sections in the order written):
 * 1 protocol (u32 1 = Groth16) · 2 header: n8q, q, n8r, r, nVars, nPublic, domainSize, α₁, β₁, β₂,
 * γ₂, δ₁, δ₂ · 4 coefficients: count, then (matrix u32: 0 = A, 1 = B; constraint u32; signal u32;
 * value·R² mod r, 32 bytes LE) · 3 IC · 9 H · 8 C · 5 A · 6 B1 · 7 B2 (points as affine LEM) ·
 * 10 MPC: circuit hash (blake2b-512), the number of contributions, the contribution records.
 */
import { FIELD_PRIME } from '../circuit/field.js'
import { blake2b } from '@noble/hashes/blake2.js'
import type { R1cs } from '../circuit/r1cs.js'
import { allocBinFile, writeFieldLE } from '../formats/binFile.js'
import { AFFINE_SIZE, createFixedBase, type FixedBase, type Group } from './fixedBase.js'
import { hashPointsU, hashU32 } from './pointHash.js'
import { computeQap } from './qap.js'
import { Q_BYTES_LE, R_BYTES_LE } from './curveConstants.js'
import { MONT_R2, invMod, powMod } from './scalar.js'
import { contributionRecordSize, encodeContributionName, firstContribution } from './contribution.js'
import type { DevSecrets } from './secrets.js'
import { createCurveEngine, type CurveEngine } from './wasmCurve.js'
import { SetupError } from '../errors/setup.js'
import type { OnProgress } from '../utils/progress.js'


/** Parameters of {@link buildDevZkey}. */
export type BuildDevZkeyParameters = {
  r1cs: R1cs
  secrets: DevSecrets
  /** Power of the dev ptau the key should match (default: the circuit's domain power). */
  ptauPower?: number
  /** Name recorded with the δ contribution (printable ASCII, ≤ 64 characters). */
  contributionName?: string
  onProgress?: OnProgress | undefined
}

/** Result of {@link buildDevZkey}. */
export type BuildDevZkeyReturnType = {
  zkey: Uint8Array
  /** The circuit hash `zkey new` computes (over the δ = 1 key). */
  csHash: Uint8Array
  domainPower: number
  /** The recorded δ contribution; null when δ = 1. */
  contribution: { name: string; hash: Uint8Array } | null
}

/** Name of the contribution a dev setup records for its δ. */
export const DEV_CONTRIBUTION_NAME = '@zkml/web dev setup (one party)'

/**
 * Computes the proving key. Time is dominated by one fixed-base multiplication per point.
 * @param params {@link BuildDevZkeyParameters}
 * @returns the `.zkey` bytes, the circuit hash and the recorded δ contribution.
 */
export async function buildDevZkey({ r1cs, secrets, ptauPower, contributionName = DEV_CONTRIBUTION_NAME, onProgress }: BuildDevZkeyParameters): Promise<BuildDevZkeyReturnType> {
  const { tau, alpha, beta } = secrets
  const delta = ((secrets.delta % FIELD_PRIME) + FIELD_PRIME) % FIELD_PRIME
  if (delta === 0n) throw new SetupError('δ must be non-zero')
  const contributes = delta !== 1n
  const nameBytes = encodeContributionName(contributionName)
  const deltaInv = invMod(delta)
  const { nWires, nPublic } = r1cs
  const report = (stage: string, done: number, total: number) => onProgress?.({ stage, done, total })
  report('qap', 0, 1)
  const qap = computeQap({ r1cs, tau, alpha, beta, ...(ptauPower === undefined ? {} : { ptauPower }) })
  const power = qap.power
  const P = ptauPower ?? power
  const N = 1 << power
  report('qap', 1, 1)

  report('coefficients', 0, 1)
  const coeffs = encodeCoefficients(r1cs)
  report('coefficients', 1, 1)
  const nPriv = nWires - nPublic - 1
  const g1 = 64
  const g2 = 128
  const file = allocBinFile({
    magic: 'zkey',
    version: 1,
    sections: [
      { id: 1, size: 4 },
      { id: 2, size: 4 + 32 + 4 + 32 + 12 + 3 * g1 + 3 * g2 },
      { id: 4, size: coeffs.length },
      { id: 3, size: (nPublic + 1) * g1 },
      { id: 9, size: N * g1 },
      { id: 8, size: nPriv * g1 },
      { id: 5, size: nWires * g1 },
      { id: 6, size: nWires * g1 },
      { id: 7, size: nWires * g2 },
      { id: 10, size: 64 + 4 + (contributes ? contributionRecordSize(nameBytes.length) : 0) },
    ],
  })
  new DataView(file.section(1).buffer, file.section(1).byteOffset).setUint32(0, 1, true)
  file.section(4).set(coeffs)

  report('tables', 0, 1)
  const engine = await createCurveEngine()
  const hashCount = N - 1 >= 1 << 14 ? Math.ceil((N - 1) / (1 << 14)) * (1 << 14) : N - 1
  const fb1 = createFixedBase({ engine, group: 'G1', expectedCount: nPublic + 1 + N + (contributes ? 2 : 1) * nPriv + 2 * nWires + hashCount })
  const fb2 = createFixedBase({ engine, group: 'G2', expectedCount: nWires })
  report('tables', 1, 1)

  // Header (section 2).
  const h = file.section(2)
  const hv = new DataView(h.buffer, h.byteOffset, h.byteLength)
  hv.setUint32(0, 32, true)
  h.set(Q_BYTES_LE, 4)
  hv.setUint32(36, 32, true)
  h.set(R_BYTES_LE, 40)
  hv.setUint32(72, nWires, true)
  hv.setUint32(76, nPublic, true)
  hv.setUint32(80, N, true)
  let pos = 84
  const put = (fb: FixedBase, k: bigint) => {
    fb.multiply([k], h, pos)
    pos += AFFINE_SIZE[fb.group]
  }
  put(fb1, alpha)
  put(fb1, beta)
  put(fb2, beta)
  put(fb2, 1n) // γ₂
  put(fb1, 1n) // δ₁ (the circuit hash covers the key as `zkey new` leaves it: δ = 1)
  put(fb2, 1n) // δ₂
  const hasher = blake2b.create({ dkLen: 64 })
  for (const [off, group] of [[84, 'G1'], [148, 'G1'], [212, 'G2'], [340, 'G2'], [468, 'G1'], [532, 'G2']] as const)
    hashPointsU({ engine, group, lem: h.subarray(off, off + AFFINE_SIZE[group]), hasher })
  if (contributes) {
    pos = 468
    put(fb1, delta)
    put(fb2, delta)
  }
  const scaled = (xs: bigint[]) => (contributes ? xs.map((x) => (x * deltaInv) % FIELD_PRIME) : xs)

  const points = (id: number, group: Group, scalars: bigint[], name: string) => {
    const fb = group === 'G1' ? fb1 : fb2
    const out = file.section(id)
    report(name, 0, scalars.length)
    fb.multiply(scalars, out, 0, (done) => report(name, done, scalars.length))
    return out
  }
  const hashed = (id: number, group: Group, scalars: bigint[], name: string) => {
    hashU32(hasher, scalars.length)
    hashPointsU({ engine, group, lem: points(id, group, scalars, name), hasher })
  }

  hashed(3, 'G1', qap.IC, 'IC')
  points(9, 'G1', scaled(qap.H), 'H')
  hashU32(hasher, N - 1)
  hashPointsU({ engine, group: 'G1', lem: hashHPoints({ engine, fb: fb1, tau, power, ptauPower: P, count: hashCount, report }), hasher })
  if (contributes) {
    // The circuit hash needs the C points at δ = 1; the file gets them times δ⁻¹.
    hashU32(hasher, qap.C.length)
    const plain = new Uint8Array(qap.C.length * AFFINE_SIZE.G1)
    report('C-hash', 0, qap.C.length)
    fb1.multiply(qap.C, plain, 0, (done) => report('C-hash', done, qap.C.length))
    hashPointsU({ engine, group: 'G1', lem: plain, hasher })
    points(8, 'G1', scaled(qap.C), 'C')
  } else hashed(8, 'G1', qap.C, 'C')
  hashed(5, 'G1', qap.A, 'A')
  hashed(6, 'G1', qap.B, 'B1')
  hashed(7, 'G2', qap.B, 'B2')

  const csHash = hasher.digest()
  const mpc = file.section(10)
  mpc.set(csHash) // followed by u32 count (0 unless δ ≠ 1) and the records
  let contribution: BuildDevZkeyReturnType['contribution'] = null
  if (contributes) {
    report('contribution', 0, 1)
    const c = firstContribution({ engine, g1: fb1, csHash, delta, name: contributionName })
    new DataView(mpc.buffer, mpc.byteOffset, mpc.byteLength).setUint32(64, 1, true)
    mpc.set(c.record, 68)
    contribution = { name: contributionName, hash: c.hash }
    report('contribution', 1, 1)
  }
  return { zkey: file.bytes, csHash, domainPower: power, contribution }
}

/**
 * The points `zkey new` hashes for the H section: tauG1[i + N] − tauG1[i] = τ^i (τ^N − 1)·G1 for
 * i < count. snarkjs reads them from the ptau's raw powers (section 2, 2^(P+1) − 1 points); when
 * N = 2^P and count = N it reads one point past that section, i.e. the next 64 file bytes (section 3's
 * id and size, then the start of the G2 generator). We reproduce those bytes so the circuit hash
 * matches the one snarkjs computes from the dev ptau.
 */
function hashHPoints({ engine, fb, tau, power, ptauPower, count, report }: {
  engine: CurveEngine; fb: FixedBase; tau: bigint; power: number; ptauPower: number; count: number
  report: (stage: string, done: number, total: number) => void
}): Uint8Array {
  const N = 1 << power
  const zN = (powMod(tau, BigInt(N)) - 1n + FIELD_PRIME) % FIELD_PRIME
  const scalars: bigint[] = new Array(count)
  let t = zN
  for (let i = 0; i < count; i++) {
    scalars[i] = t
    t = (t * tau) % FIELD_PRIME
  }
  const overflow = count === N && ptauPower === power
  if (overflow) scalars[N - 1] = powMod(tau, BigInt(N - 1))
  const out = new Uint8Array(count * 64)
  report('H-hash', 0, count)
  fb.multiply(scalars, out, 0, (done) => report('H-hash', done, count))
  if (overflow) {
    const mark = engine.mark()
    const pg = engine.alloc(64)
    const pp = engine.alloc(64)
    const pj = engine.alloc(96)
    const mem = engine.bytes()
    const garbage = new Uint8Array(64)
    const gv = new DataView(garbage.buffer)
    gv.setUint32(0, 3, true)
    gv.setBigUint64(4, BigInt(N) * 128n, true)
    garbage.set(mem.subarray(engine.pG2gen, engine.pG2gen + 52), 12)
    mem.set(garbage, pg)
    mem.set(out.subarray((N - 1) * 64, N * 64), pp)
    engine.exports.g1m_subAffine(pg, pp, pj)
    engine.exports.g1m_toAffine(pj, pp)
    out.set(engine.bytes().subarray(pp, pp + 64), (N - 1) * 64)
    engine.release(mark)
  }
  return out
}

/** Section 4: the A and B matrix entries (and the extra public rows) with values c·R² mod r. */
export function encodeCoefficients(r1cs: R1cs): Uint8Array {
  const { constraints, nPublic } = r1cs
  let n = nPublic + 1
  for (const c of constraints) {
    for (const v of c.a.values()) if (v % FIELD_PRIME !== 0n) n++
    for (const v of c.b.values()) if (v % FIELD_PRIME !== 0n) n++
  }
  const out = new Uint8Array(4 + 44 * n)
  const view = new DataView(out.buffer)
  view.setUint32(0, n, true)
  let pos = 4
  const cache = new Map<bigint, bigint>()
  const write = (matrix: number, c: number, s: number, coef: bigint) => {
    let v = coef
    if (v < 0n || v >= FIELD_PRIME) v = ((v % FIELD_PRIME) + FIELD_PRIME) % FIELD_PRIME
    if (v === 0n) return
    let m = cache.get(v)
    if (m === undefined) {
      m = (v * MONT_R2) % FIELD_PRIME
      if (cache.size < 4096) cache.set(v, m)
    }
    view.setUint32(pos, matrix, true)
    view.setUint32(pos + 4, c, true)
    view.setUint32(pos + 8, s, true)
    writeFieldLE(view, pos + 12, m)
    pos += 44
  }
  for (let c = 0; c < constraints.length; c++) {
    for (const [s, v] of constraints[c].a) write(0, c, s, v)
    for (const [s, v] of constraints[c].b) write(1, c, s, v)
  }
  for (let s = 0; s <= nPublic; s++) write(0, constraints.length + s, s, 1n)
  return out
}

