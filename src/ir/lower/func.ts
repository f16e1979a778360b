/**
 * Kernels of the function family (exact integer semantics in `../model.ts`):
 *
 * - Func: the piecewise-polynomial table's value (`D.piecewise`, see `../piecewise.ts`).
 * - Sqrt: y = floor(√(max(x, 0) · 2^shift)): a relu (free when x ≥ 0 is known) and `D.isqrt`.
 * - Reciprocal: y = round(2^shift / max(x, min)) by the division gadget; inputs below the
 *   calibrated minimum `min` are held at it, which bounds the quotient. `signed`: the reciprocal of
 *   either sign as round(2^shift · x / max(x², min)) (one more multiplication; 0 at x = 0).
 *
 * - Div (two data inputs): y = round(a·2^shift / max(b, min)), the division gadget; `signed`:
 *   round(a·b·2^shift / max(b², min²)), one more product per element and a wider division, for
 *   divisors of either sign.
 *
 * These compose: Softmax is exp (Func), a sum (free) and one reciprocal per row; LayerNorm's
 * 1/√var is Sqrt then Reciprocal; see `normalize.ts` and `softmax.ts`.
 */
import type { Domain } from '../domain.js'
import { max2, shiftLeft } from './compose.js'

/** floor(√(max(x, 0) · 2^shift)). */
export function sqrtOf<T>(D: Domain<T>, x: T, shift: number, label: string): T {
  return D.isqrt(shiftLeft(D, D.requantize(x, 0, true, `${label}.relu`), shift), `${label}.sqrt`)
}

/** round(2^shift / max(x, min)), or the signed form (see the module doc). */
export function reciprocalOf<T>(D: Domain<T>, x: T, shift: number, min: number, signed: boolean, label: string): T {
  if (!signed) return D.div(D.constant(2 ** shift), max2(D, x, D.constant(min), `${label}.min`), `${label}.div`)
  const square = D.mul(x, x, `${label}.sq`)
  return D.div(shiftLeft(D, x, shift), max2(D, square, D.constant(min), `${label}.min`), `${label}.div`)
}

/** round(a·2^shift / max(b, min)), or the signed form (see the module doc). */
export function divideOf<T>(D: Domain<T>, a: T, b: T, shift: number, min: number, signed: boolean, label: string): T {
  if (!signed) return D.div(shiftLeft(D, a, shift), max2(D, b, D.constant(min), `${label}.min`), `${label}.div`)
  const num = D.mul(a, b, `${label}.ab`)
  const den = max2(D, D.mul(b, b, `${label}.bb`), D.constant(min * min), `${label}.min`)
  return D.div(shiftLeft(D, num, shift), den, `${label}.div`)
}
