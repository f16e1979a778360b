/**
 * BN254 scalar field. Signed integers map to field elements by x ↦ x mod p
 * (so −x ↦ p − x). Field elements are `bigint` in the half-open range [0, p).
 */
export const FIELD_PRIME = 21888242871839275222246405745257275088548364400416034343698204186575808495617n

/** Reduces any integer into [0, p). */
export function toField(x: bigint): bigint {
  const r = x % FIELD_PRIME
  return r < 0n ? r + FIELD_PRIME : r
}

/** Maps a field element back to the signed integer in (−p/2, p/2]. */
export function fromFieldSigned(x: bigint): bigint {
  return x > FIELD_PRIME / 2n ? x - FIELD_PRIME : x
}
