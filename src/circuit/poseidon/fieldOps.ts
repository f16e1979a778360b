/**
 * Small modular-arithmetic helpers for Poseidon (BN254 scalar field by default).
 * Inputs are non-negative bigints below the modulus unless stated otherwise.
 */
import { FIELD_PRIME } from '../field.js'

/**
 * The inverse of `a` modulo `prime` (extended Euclid).
 *
 * @param a - A non-zero residue.
 * @param prime - The modulus (default: the BN254 scalar field).
 * @returns `a^(−1) mod prime`, in [1, prime).
 * @throws RangeError when `a ≡ 0` (an internal invariant; callers never pass zero).
 */
export function fieldInverse(a: bigint, prime: bigint = FIELD_PRIME): bigint {
  let r0 = prime
  let r1 = ((a % prime) + prime) % prime
  if (r1 === 0n) throw new RangeError('fieldInverse: zero has no inverse')
  let s0 = 0n
  let s1 = 1n
  while (r1 !== 0n) {
    const q = r0 / r1
    ;[r0, r1] = [r1, r0 - q * r1]
    ;[s0, s1] = [s1, s0 - q * s1]
  }
  return ((s0 % prime) + prime) % prime
}

/** `x^5 mod p` for x in [0, p). */
export function pow5(x: bigint): bigint {
  const x2 = (x * x) % FIELD_PRIME
  const x4 = (x2 * x2) % FIELD_PRIME
  return (x4 * x) % FIELD_PRIME
}
