/**
 * A small deterministic random generator for the synthetic iris data (NOT cryptographic).
 *
 * `seededRandom(seed)`: sha256 of `"zkml-iris:" + String(seed)` seeds xoshiro128** (four 32-bit
 * words). The same seed gives the same stream on every platform (only 32-bit integer ops and one
 * division by 2^32 are used). Gaussian samples use Box–Muller.
 */
import { sha256 } from '@noble/hashes/sha2.js'

/** A seed for the synthetic data: any string, number or bigint (stringified before hashing). */
export type IrisSeed = string | number | bigint

/** A deterministic random stream. */
export type Random = {
  /** Uniform in [0, 1). */
  uniform(): number
  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number
  /** Uniform integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number
  /** Standard normal. */
  gaussian(): number
}

/**
 * Creates a deterministic random stream from a seed.
 *
 * @param seed - Any string, number or bigint.
 * @returns A {@link Random} stream.
 * @example
 * const r = seededRandom('alice')
 * r.uniform() // same value on every run
 */
export function seededRandom(seed: IrisSeed): Random {
  const h = sha256(new TextEncoder().encode(`zkml-iris:${String(seed)}`))
  const v = new DataView(h.buffer, h.byteOffset, h.byteLength)
  let s0 = v.getUint32(0) | 1
  let s1 = v.getUint32(4)
  let s2 = v.getUint32(8)
  let s3 = v.getUint32(12)
  const next = (): number => {
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0
    const t = s1 << 9
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotl(s3, 11)
    return r
  }
  const uniform = () => next() / 2 ** 32
  return {
    uniform,
    range: (lo, hi) => lo + (hi - lo) * uniform(),
    int: (lo, hi) => lo + Math.floor(uniform() * (hi - lo + 1)),
    gaussian() {
      const u = 1 - uniform()
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform())
    },
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}
