/**
 * BN254 scalar field. Signed integers map to field elements by x ↦ x mod p
 * (so −x ↦ p − x). Field elements are `bigint` in the half-open range [0, p).
 *
 * The two BN254 primes have one name each, here: `FIELD_PRIME` (the scalar field r: circuits,
 * witnesses, public signals, `.r1cs`/`.wtns`/`.zkey`) and `BASE_FIELD_PRIME` (q: curve point coordinates).
 */

/** The BN254 scalar field prime r (snarkjs's `Fr`, Solidity's `SNARK_SCALAR_FIELD`). */
export const FIELD_PRIME = 21888242871839275222246405745257275088548364400416034343698204186575808495617n

/** The BN254 base field prime q: every G1/G2 point coordinate lies in [0, q). Not a circuit value. */
export const BASE_FIELD_PRIME = 21888242871839275222246405745257275088696311157297823662689037894645226208583n

/** Reduces any integer into [0, p). */
export function toField(x: bigint): bigint {
  if (x >= 0n && x < FIELD_PRIME) return x
  const r = x % FIELD_PRIME
  return r < 0n ? r + FIELD_PRIME : r
}

/** Maps a field element back to the signed integer in (−p/2, p/2]. */
export function fromFieldSigned(x: bigint): bigint {
  return x > FIELD_PRIME / 2n ? x - FIELD_PRIME : x
}
