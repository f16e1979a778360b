/**
 * Scalar-field (BN254 r) helpers for the setup: modular inverse, batch inversion, powers, roots of unity
 * and Lagrange-basis evaluation at a point. Plain `bigint`, values in [0, r).
 */
import { FIELD_PRIME } from '../circuit/field.js'
import { InternalError } from '../errors/internal.js'

/** 2-adicity of r − 1: the largest evaluation domain has 2^28 points. */
export const TWO_ADICITY = 28
/** Montgomery radix R = 2^256 mod r and its square (the `.zkey` coefficient encoding uses c·R² mod r). */
export const MONT_R = (1n << 256n) % FIELD_PRIME
export const MONT_R2 = (MONT_R * MONT_R) % FIELD_PRIME

/** a^e mod r. */
export function powMod(a: bigint, e: bigint): bigint {
  let result = 1n
  let base = a % FIELD_PRIME
  while (e > 0n) {
    if (e & 1n) result = (result * base) % FIELD_PRIME
    base = (base * base) % FIELD_PRIME
    e >>= 1n
  }
  return result
}

/** a^{-1} mod r (a ≠ 0), by the extended Euclidean algorithm. */
export function invMod(a: bigint): bigint {
  let [t, newT, r, newR] = [0n, 1n, FIELD_PRIME, ((a % FIELD_PRIME) + FIELD_PRIME) % FIELD_PRIME]
  if (newR === 0n) throw new InternalError({ invariant: 'inverse of zero' })
  while (newR !== 0n) {
    const q = r / newR
    ;[t, newT] = [newT, t - q * newT]
    ;[r, newR] = [newR, r - q * newR]
  }
  return t < 0n ? t + FIELD_PRIME : t
}

/** Inverts every element of `xs` in place with one inversion (Montgomery's trick). All must be non-zero. */
export function batchInvert(xs: bigint[]): void {
  const n = xs.length
  if (n === 0) return
  const prefix = new Array<bigint>(n)
  let acc = 1n
  for (let i = 0; i < n; i++) {
    prefix[i] = acc
    acc = (acc * xs[i]) % FIELD_PRIME
  }
  let inv = invMod(acc)
  for (let i = n - 1; i >= 0; i--) {
    const x = xs[i]
    xs[i] = (inv * prefix[i]) % FIELD_PRIME
    inv = (inv * x) % FIELD_PRIME
  }
}

/**
 * The generator of the multiplicative subgroup of order 2^k used by snarkjs/ffjavascript:
 * w_28 = g^((r−1)/2^28) with g = 5 (the smallest quadratic non-residue), w_k = w_28^(2^(28−k)).
 */
export function rootOfUnity(k: number): bigint {
  if (k < 0 || k > TWO_ADICITY) throw new InternalError({ invariant: `no root of unity of order 2^${k}` })
  let w = powMod(5n, (FIELD_PRIME - 1n) >> BigInt(TWO_ADICITY))
  for (let i = TWO_ADICITY; i > k; i--) w = (w * w) % FIELD_PRIME
  return w
}

/**
 * Evaluates Lagrange basis polynomials of the domain {ω^i : i < 2^k} at x:
 * `L_i(x) = ω^i (x^N − 1) / (N (x − ω^i))`, for i = start, start + step, … (count values).
 * @throws {InternalError} if x is in the domain (then the formula divides by zero).
 */
export function lagrangeAt({ k, x, start = 0, step = 1, count }: { k: number; x: bigint; start?: number; step?: number; count?: number }): bigint[] {
  const N = 1 << k
  const n = count ?? Math.floor((N - start + step - 1) / step)
  const w = rootOfUnity(k)
  const wStep = powMod(w, BigInt(step))
  let wi = powMod(w, BigInt(start))
  const num = ((powMod(x, BigInt(N)) - 1n + FIELD_PRIME) % FIELD_PRIME) * invMod(BigInt(N)) % FIELD_PRIME
  if (num === 0n) throw new InternalError({ invariant: 'evaluation point lies in the domain' })
  const den = new Array<bigint>(n)
  const ws = new Array<bigint>(n)
  for (let j = 0; j < n; j++) {
    ws[j] = wi
    den[j] = (x - wi + FIELD_PRIME) % FIELD_PRIME
    wi = (wi * wStep) % FIELD_PRIME
  }
  batchInvert(den)
  for (let j = 0; j < n; j++) den[j] = (((ws[j] * num) % FIELD_PRIME) * den[j]) % FIELD_PRIME
  return den
}
