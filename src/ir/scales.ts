/**
 * Power-of-two scale selection. A value v is stored as the integer round(v · 2^s).
 */

/** Scales are kept within ±MAX_SCALE: a range below 2^-MAX_SCALE quantizes as zeros. */
export const MAX_SCALE = 64

/** Largest s (|s| ≤ MAX_SCALE) such that round(maxAbs · 2^s) ≤ maxInt. */
export function scaleFor(maxAbs: number, maxInt: number): number {
  if (!(maxAbs > 2 ** -MAX_SCALE) || !Number.isFinite(maxAbs)) return Math.floor(Math.log2(maxInt))
  let s = Math.min(MAX_SCALE, Math.floor(Math.log2(maxInt / maxAbs)))
  while (Math.round(maxAbs * 2 ** s) > maxInt) s--
  return s
}

/** Quantizes a float array at scale s (round half away from zero, as Math.round on |x|). */
export function quantizeArray(xs: ArrayLike<number>, s: number): number[] {
  const f = 2 ** s
  const out = new Array<number>(xs.length)
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i]! * f
    out[i] = Math.sign(v) * Math.round(Math.abs(v)) + 0 // + 0 turns −0 into 0
  }
  return out
}

/** Largest absolute value of an array (0 for empty). */
export function maxAbsOf(xs: ArrayLike<number>): number {
  let m = 0
  for (let i = 0; i < xs.length; i++) {
    const a = Math.abs(xs[i]!)
    if (a > m) m = a
  }
  return m
}
