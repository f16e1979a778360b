/**
 * The GLV endomorphism of the prover module's MSM: the scalar split k = k1 + k2·λ (mod r) with
 * |k1|, |k2| < 2^127 on edge cases, random scalars and scalars at the rounding boundaries of the
 * lattice decomposition; φ(x, y) = (βx, y) equal to multiplication by that λ on G1 and on G2
 * (against ffjavascript's scalar multiplication); and the GLV MSM equal to ffjavascript's
 * multiExpAffine with zeros, infinity, repeats, opposites and points that are φ of each other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildBn128 } from 'ffjavascript'
import { createHarness, fromLE, le32, rng, type Harness } from './harness.js'
import { BN254_R } from '../../wasm/zkey.js'
import { glvBasis } from '../../wasm/build.js'

type Curve = any // ffjavascript has no types

let h: Harness
let curve: Curve
const rand = rng(13)
const R = BN254_R

const modpow = (b: bigint, e: bigint, m: bigint): bigint => {
  let r = 1n
  for (b %= m; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m
  return r
}
/** The two primitive cube roots of unity mod r. */
const cubeRoots = (): [bigint, bigint] => {
  for (let g = 2n; ; g++) {
    const l = modpow(g, (R - 1n) / 3n, R)
    if (l !== 1n) return [l, (l * l) % R]
  }
}

/** The module's split of k: (signed k1, signed k2). */
function split(k: bigint): [bigint, bigint] {
  const out = h.alloc(64), pk = h.put(le32(k))
  h.call('t_glv_split', out, pk)
  const b = h.get(out, 40)
  const m1 = fromLE(b.subarray(0, 16)), m2 = fromLE(b.subarray(16, 32))
  const s1 = b[32]!, s2 = b[36]!
  h.reset()
  return [s1 ? -m1 : m1, s2 ? -m2 : m2]
}

let lambda = 0n

beforeAll(async () => {
  h = await createHarness({ scratchPerThread: 1 << 23 })
  curve = await buildBn128(true)
  // λ: the cube root for which the module's splits recombine (exactly one of the two does)
  const [l0, l1] = cubeRoots()
  const k = rand(R)
  const [k1, k2] = split(k)
  const ok = (l: bigint) => ((((k1 + k2 * l) % R) + R) % R) === k
  expect(ok(l0) !== ok(l1)).toBe(true)
  lambda = ok(l0) ? l0 : l1
  expect(lambda).toBe(glvBasis().lambda)
})
afterAll(async () => {
  await h.engine.dispose()
  await curve.terminate()
})

describe('GLV scalar split', () => {
  it('k = k1 + k2·λ (mod r), |k1|, |k2| < 2^127: edge cases, random scalars, rounding boundaries', () => {
    const half = (R - 1n) / 2n
    const ks: bigint[] = [0n, 1n, 2n, 3n, half - 1n, half, half + 1n, R - 2n, R - 1n, lambda, R - lambda, (lambda * lambda) % R, 1n << 126n, (1n << 127n) - 1n, 1n << 127n, (1n << 252n) + 12345n, (1n << 253n) - 1n, 1n << 253n]
    for (let i = 0; i < 2000; i++) ks.push(rand(R))
    // k where k·B1/r or k·B2/r sits at a half-integer (the roundings' boundaries), ±1
    const { b1, b2 } = glvBasis()
    for (let i = 0; i < 300; i++) {
      const b = i % 2 ? b1 : b2
      const k = ((2n * rand(b) + 1n) * R) / (2n * b)
      for (const d of [-1n, 0n, 1n]) if (k + d >= 0n && k + d < R) ks.push(k + d)
    }
    let maxBits = 0
    for (const k of ks) {
      const [k1, k2] = split(k)
      expect((((k1 + k2 * lambda - k) % R) + R) % R, `k = ${k}`).toBe(0n)
      const a1 = k1 < 0n ? -k1 : k1, a2 = k2 < 0n ? -k2 : k2
      maxBits = Math.max(maxBits, a1.toString(2).length, a2.toString(2).length)
      expect(a1 < 1n << 127n && a2 < 1n << 127n, `k = ${k}: ${k1}, ${k2}`).toBe(true)
    }
    expect(maxBits).toBeGreaterThan(120) // the random scalars do use the halves
  })

  it('small scalars and their negatives split as (±k, 0): a witness keeps its cheap digits', () => {
    for (const k of [0n, 1n, 5n, 1000n, (1n << 21n) - 1n, (1n << 64n) + 7n, 1n << 120n]) {
      expect(split(k)).toEqual([k, 0n])
      if (k) expect(split(R - k)).toEqual([-k, 0n])
    }
  })
})

describe.each(['g1', 'g2'] as const)('GLV on %s', (g) => {
  const G = () => (g === 'g1' ? curve.G1 : curve.G2)
  const aff = g === 'g1' ? 64 : 128
  const ours = (aff / 32) * 36 * 3 / 2 // the module's Jacobian points (9 x 29-bit limbs)
  const randPoint = (): Uint8Array => G().toAffine(G().timesScalar(G().g, le32(rand(R))))
  const endo = (p: Uint8Array): Uint8Array => {
    const o = h.alloc(aff)
    h.call(`t_${g}_endo`, o, h.put(p))
    return h.get(o, aff)
  }

  it('φ(x, y) = (βx, y) is multiplication by λ', () => {
    for (let i = 0; i < 4; i++) {
      const p = randPoint()
      expect(endo(p)).toEqual(G().toAffine(G().timesScalar(p, le32(lambda))))
      h.reset()
    }
  })

  it.each([
    [300, 6],
    [1500, 8], // K·c = 128 exactly
    [4000, 11],
    [2100, 12], // grid-summed buckets over the doubled list
  ])('GLV MSM of %i points, %i-bit windows, equals ffjavascript multiExpAffine', async (n, c) => {
    const points = new Uint8Array(n * aff)
    const scalars = new Uint8Array(n * 32)
    const base = randPoint()
    const half = (R - 1n) / 2n
    const edge = [0n, 1n, 2n, R - 1n, half, half + 1n, lambda, R - lambda, (lambda * lambda) % R, (1n << 127n) - 1n, ((2n * rand(1n << 120n) + 1n) * R) / (2n * (rand(1n << 127n) + 1n))]
    for (let i = 0; i < n; i++) {
      let p: Uint8Array
      const kind = i % 12
      const prev = (d: number) => points.slice((i - d) * aff, (i - d + 1) * aff)
      if (kind === 3) p = new Uint8Array(aff) // infinity
      else if (kind === 4 && i > 12) p = prev(12) // a repeat
      else if (kind === 5 && i > 12) p = G().toAffine(G().neg(prev(12))) // an opposite (or infinity)
      else if (kind === 7 && i > 12) p = endo(prev(12)) // φ of an earlier point: meets its image
      else if (kind === 8 && i > 12) p = G().toAffine(G().neg(endo(prev(12))))
      else if (kind === 6) p = base
      else p = randPoint()
      h.reset()
      points.set(p, i * aff)
      const s = i % 5 === 0 ? edge[(i / 5) % edge.length]! : rand(R)
      scalars.set(le32(s), i * 32)
    }
    const K = Math.ceil(128 / c)
    const E = (aff / 64) * 36
    const pRaw = h.put(points), pPts = h.alloc((points.length / 32) * 36), pBx = h.alloc(n * E)
    h.call('fq_batch_from_zkey', pPts, pRaw, 0, points.length / 32)
    h.call(`${g}_glv_table`, pBx, pPts, 0, n)
    const pSc = h.put(scalars), pDig = h.alloc(K * 2 * n * 2), wins = h.alloc(K * ours), out = h.alloc(ours)
    const scratch = h.alloc(h.call(`${g}_msm_scratch_bytes`, 2 * n, c))
    h.call('msm_digits_glv', pSc, n, c, K, pDig, 0, n)
    for (let w = 0; w < K; w++) h.call(`${g}_msm_window_glv`, pPts, pBx, pDig + w * 2 * n * 2, n, c, scratch, wins + w * ours)
    h.call(`${g}_msm_combine`, wins, K, c, out)
    const oa = h.alloc(aff)
    h.call(`${g}_result_affine`, oa, out)
    expect(h.get(oa, aff)).toEqual(G().toAffine(await G().multiExpAffine(points, scalars)))
    h.reset()
  })
})
