/**
 * The prover module's field, curve, FFT and MSM arithmetic against ffjavascript (snarkjs's own
 * arithmetic) on random inputs, including the edge cases an MSM meets: zero scalars, points at
 * infinity, repeated and opposite points.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildBn128 } from 'ffjavascript'
import { createHarness, fromLE, le32, rng, type Harness } from './harness.js'
import { BN254_Q, BN254_R } from '../../wasm/zkey.js'

type Wasm = Uint8Array
type Curve = any // ffjavascript has no types

let h: Harness
let curve: Curve
const rand = rng(7)
const N = 64

beforeAll(async () => {
  h = await createHarness({ scratchPerThread: 1 << 22 })
  curve = await buildBn128(true)
})
afterAll(async () => {
  await h.engine.dispose()
  await curve.terminate()
})

const mont = (x: bigint, m: bigint) => le32((x << 256n) % m)
const unmont = (b: Uint8Array, m: bigint) => {
  // x * R^-1 mod m
  const Rinv = modInv(1n << 256n, m)
  return (fromLE(b) * Rinv) % m
}
function modInv(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n]
  while (r1) {
    const q = r0 / r1
    ;[r0, r1] = [r1, r0 - q * r1]
    ;[s0, s1] = [s1, s0 - q * s1]
  }
  return ((s0 % m) + m) % m
}

describe.each([
  ['fq', BN254_Q],
  ['fr', BN254_R],
] as const)('%s', (name, m) => {
  const samples = () => {
    const xs = Array.from({ length: N }, () => rand(m))
    xs.push(0n, 1n, m - 1n, m - 2n, (1n << 253n) % m)
    return xs
  }
  it('mul, sqr, add, sub, inv match bigint arithmetic (Montgomery form, canonical results)', () => {
    const xs = samples(), ys = samples().reverse()
    for (let i = 0; i < xs.length; i++) {
      const [x, y] = [xs[i]!, ys[i]!]
      const a = h.put(mont(x, m)), b = h.put(mont(y, m)), o = h.alloc(32)
      const check = (fn: string, want: bigint, ...args: number[]) => {
        h.call(`t_${name}_${fn}`, o, ...args)
        const got = h.get(o, 32)
        expect(fromLE(got) < m, `${fn} canonical`).toBe(true)
        expect(unmont(got, m), `${fn}(${x}, ${y})`).toBe(want)
      }
      check('mul', (x * y) % m, a, b)
      check('sqr', (x * x) % m, a)
      check('add', (x + y) % m, a, b)
      check('sub', (((x - y) % m) + m) % m, a, b)
      if (x !== 0n) check('inv', modInv(x, m), a)
      h.reset()
    }
  })
})

describe('fq2 and ffjavascript F2', () => {
  it('mul, sqr, inv agree', () => {
    const F2 = curve.F2
    for (let i = 0; i < N; i++) {
      const a = F2.random(), b = F2.random()
      const pa = h.put(a), pb = h.put(b), o = h.alloc(64)
      h.call('t_fq2_mul', o, pa, pb)
      expect(F2.eq(h.get(o, 64), F2.mul(a, b))).toBe(true)
      h.call('t_fq2_sqr', o, pa)
      expect(F2.eq(h.get(o, 64), F2.square(a))).toBe(true)
      h.call('t_fq2_inv', o, pa)
      expect(F2.eq(h.get(o, 64), F2.inv(a))).toBe(true)
      h.reset()
    }
  })
})

describe('fq2 multiplication (lazy reduction) at the edges', () => {
  it('components 0, 1, 2, q − 1, q − 2, (q ± 1)/2 in every combination give ffjavascript\'s canonical bytes', () => {
    const F2 = curve.F2
    const vals = [0n, 1n, 2n, BN254_Q - 1n, BN254_Q - 2n, (BN254_Q - 1n) / 2n, (BN254_Q + 1n) / 2n]
    const el = (x: bigint, y: bigint) => {
      const b = new Uint8Array(64)
      b.set(mont(x, BN254_Q), 0)
      b.set(mont(y, BN254_Q), 32)
      return b
    }
    for (const a0 of vals) for (const a1 of vals) {
      const a = el(a0, a1)
      for (const [b0, b1] of [[BN254_Q - 1n, BN254_Q - 1n], [BN254_Q - 1n, 0n], [0n, BN254_Q - 1n], [a1, a0], [1n, 2n]] as const) {
        const b = el(b0, b1)
        const o = h.alloc(64)
        h.call('t_fq2_mul', o, h.put(a), h.put(b))
        expect(h.get(o, 64)).toEqual(new Uint8Array(F2.mul(a, b)))
        h.reset()
      }
    }
  })
})

describe.each(['g1', 'g2'] as const)('%s', (g) => {
  const G = () => (g === 'g1' ? curve.G1 : curve.G2)
  const jac = g === 'g1' ? 96 : 192
  const aff = jac * 2 / 3
  const randPoint = (): Wasm => G().timesScalar(G().g, le32(rand(BN254_R)))
  /** Our MSM of `points` (affine, ffjavascript layout) by `scalars`, window by window with `c`-bit digits: the affine result. */
  const windowedMsm = (points: Uint8Array, scalars: Uint8Array, n: number, c: number): Uint8Array => {
    const K = Math.ceil(254 / c)
    const ours = (jac / 32) * 36 // the module's Jacobian points (9 x 29-bit limbs)
    const pRaw = h.put(points), pPts = h.alloc((points.length / 32) * 36)
    h.call('fq_batch_from_zkey', pPts, pRaw, 0, points.length / 32)
    const pSc = h.put(scalars), pDig = h.alloc(K * n * 2), wins = h.alloc(K * ours), out = h.alloc(ours)
    const scratch = h.alloc(h.call(`${g}_msm_scratch_bytes`, n, c))
    h.call('msm_digits', pSc, n, c, K, pDig, 0, n)
    for (let w = 0; w < K; w++) h.call(`${g}_msm_window`, pPts, pDig + w * n * 2, n, c, scratch, wins + w * ours)
    h.call(`${g}_msm_combine`, wins, K, c, out)
    const oa = h.alloc(aff)
    h.call(`${g}_result_affine`, oa, out)
    return h.get(oa, aff)
  }

  it('add, double, scalar multiplication and to-affine agree with ffjavascript', () => {
    for (let i = 0; i < 16; i++) {
      const p = randPoint(), q = randPoint()
      const pp = h.put(p), pq = h.put(q), o = h.alloc(jac), oa = h.alloc(aff)
      const affineOf = (ptr: number) => {
        h.call(`t_${g}_to_affine`, oa, ptr)
        return h.get(oa, aff)
      }
      h.call(`t_${g}_add`, o, pp, pq)
      expect(affineOf(o)).toEqual(G().toAffine(G().add(p, q)))
      h.call(`t_${g}_add`, o, pp, pp) // p + p goes through doubling
      expect(affineOf(o)).toEqual(G().toAffine(G().double(p)))
      h.call(`t_${g}_add`, o, pp, h.put(G().neg(p))) // p - p = infinity
      expect(affineOf(o)).toEqual(new Uint8Array(aff))
      h.call(`t_${g}_dbl`, o, pq)
      expect(affineOf(o)).toEqual(G().toAffine(G().double(q)))
      const k = rand(BN254_R)
      h.call(`t_${g}_scalar_mul`, o, pp, h.put(le32(k)))
      expect(affineOf(o)).toEqual(G().toAffine(G().timesScalar(p, le32(k))))
      h.reset()
    }
  })

  it.each([
    [200, 5],
    [1000, 8],
    [301, 9], // the narrowest grid-summed width, fewer points than buckets (n not a power of two)
    [3000, 11],
    [257, 13], // most buckets empty or holding one point
    [2500, 15], // the widest width digits (16-bit) hold
  ])('MSM of %i points with %i-bit windows equals ffjavascript multiExpAffine (zeros, infinity, repeats, negatives)', async (n, c) => {
    const points = new Uint8Array(n * aff)
    const scalars = new Uint8Array(n * 32)
    const base = G().toAffine(randPoint())
    for (let i = 0; i < n; i++) {
      let p: Wasm
      const kind = i % 10
      if (kind === 3) p = new Uint8Array(aff) // infinity
      else if (kind === 4 && i > 10) p = points.slice((i - 10) * aff, (i - 9) * aff) // a repeat
      else if (kind === 5 && i > 10) p = G().toAffine(G().neg(points.slice((i - 10) * aff, (i - 9) * aff))) // an opposite (or infinity)
      else if (kind === 6) p = base
      else p = G().toAffine(randPoint())
      points.set(p, i * aff)
      const s = i % 7 === 0 ? 0n : i % 7 === 1 ? 1n : i % 7 === 2 ? BN254_R - 1n : rand(BN254_R)
      scalars.set(le32(s), i * 32)
    }
    expect(windowedMsm(points, scalars, n, c)).toEqual(G().toAffine(await G().multiExpAffine(points, scalars)))
    h.reset()
  })
  it.each([
    [64, 5, 2], // every other point at infinity: infinity pairs with infinity, with a point, and is left over (either sign)
    [40, 9, 1], // every point at infinity: the grid-summed window of infinities
    [600, 10, 3],
  ])('MSM of %i points with %i-bit windows where every %i-th point is at infinity, small scalars of both signs, equals ffjavascript', async (n, c, every) => {
    const points = new Uint8Array(n * aff)
    const scalars = new Uint8Array(n * 32)
    const small = [1n, 2n, 3n, BN254_R - 1n, BN254_R - 2n, 5n, BN254_R - 3n]
    for (let i = 0; i < n; i++) {
      if (i % every !== 0) points.set(G().toAffine(randPoint()), i * aff)
      scalars.set(le32(small[(i * 5 + (i >> 3)) % small.length]!), i * 32)
    }
    expect(windowedMsm(points, scalars, n, c)).toEqual(G().toAffine(await G().multiExpAffine(points, scalars)))
    h.reset()
  })
  it('MSM with 64 additions per inversion (every round and the grid in many batches) equals ffjavascript', async () => {
    const n = 1500, c = 10
    const points = new Uint8Array(n * aff)
    const scalars = new Uint8Array(n * 32)
    for (let i = 0; i < n; i++) {
      points.set(i % 9 === 4 ? new Uint8Array(aff) : G().toAffine(randPoint()), i * aff)
      scalars.set(le32(i % 13 === 0 ? 0n : rand(BN254_R)), i * 32)
    }
    expect(h.call(`${g}_msm_set_batch`, 1)).toBe(64)
    try {
      expect(windowedMsm(points, scalars, n, c)).toEqual(G().toAffine(await G().multiExpAffine(points, scalars)))
    } finally {
      expect(h.call(`${g}_msm_set_batch`, 0)).toBe(g === 'g1' ? 8192 : 2048)
    }
    h.reset()
  })
  it('MSM with rounds larger than one inversion batch (20000 points, 16 buckets) equals ffjavascript', async () => {
    const n = 20000, c = 5
    const points = new Uint8Array(n * aff)
    const scalars = new Uint8Array(n * 32)
    const step = randPoint()
    let acc = randPoint()
    for (let i = 0; i < n; i++) {
      acc = G().add(acc, step)
      points.set(G().toAffine(acc), i * aff)
      scalars.set(le32(i % 11 === 0 ? 0n : rand(BN254_R)), i * 32)
    }
    expect(windowedMsm(points, scalars, n, c)).toEqual(G().toAffine(await G().multiExpAffine(points, scalars)))
    h.reset()
  })
})

describe('FFT over Fr', () => {
  it('twiddles use ffjavascript roots; fft matches Fr.fft; the coset step matches ifft + shift', async () => {
    const Fr = curve.Fr
    for (const log of [1, 3, 8, 13]) {
      const n = 1 << log
      const vals = new Uint8Array(n * 32)
      for (let i = 0; i < n; i++) vals.set(mont(rand(BN254_R), BN254_R), i * 32)
      const tw = h.alloc((n / 2) * 32), a = h.put(vals)
      h.call('fr_twiddles', tw, log, 0, n / 2)
      if (n > 2) expect(h.get(tw + 32, 32)).toEqual(Fr.w[log])
      h.call('fr_bitrev', a, log, 0, n)
      h.call('fr_fft_stages', a, tw, log, 0, log, 0, n / 2)
      expect(h.get(a, n * 32)).toEqual(new Uint8Array(await Fr.fft(vals)))
      // The coset round trip: evaluations -> coefficients -> shifted by g = w[log + 1] -> evaluations,
      // whole (one block) and with the outer stage split (two blocks).
      const coef = await Fr.ifft(vals)
      const want = new Uint8Array(await Fr.fft(await Fr.batchApplyKey(coef, Fr.e(1), Fr.w[log + 1])))
      const T = h.alloc(n * 32)
      h.call('fr_coset_table', T, log, 0, n)
      const e = h.put(vals)
      h.call('fr_fft_block', e, tw, T, log, log, 0)
      expect(h.get(e, n * 32)).toEqual(want)
      const f = h.put(vals)
      h.call('fr_fft_split', f, tw, log, log - 1, 1, 0, n / 2)
      h.call('fr_fft_block', f, tw, T, log, log - 1, 0)
      h.call('fr_fft_block', f, tw, T, log, log - 1, n / 2)
      h.call('fr_fft_split', f, tw, log, log - 1, 0, 0, n / 2)
      expect(h.get(f, n * 32)).toEqual(want)
      h.reset()
    }
  })
})
