/**
 * Activations with a requantize to the output scale folded in.
 *
 * LeakyRelu with α ≈ a / 2^m:  2^m · y = a·u + (2^m − a)·relu(u), then a shift by m, where u is the
 *   input requantized to the output scale. (Two decompositions, no multiplication.)
 * Clip(lo, hi): y = min(max(u, lo), hi) via the max/min compositions.
 * (Smooth functions — Sigmoid, Tanh, Gelu, … — are piecewise-polynomial tables: `Func`, see
 * `../piecewise.ts`.)
 */
import type { Domain } from '../domain.js'
import { max2, min2 } from './compose.js'

export function leakyRelu<T>(D: Domain<T>, x: T, shift: number, alpha: number, alphaShift: number, label: string): T {
  const u = D.requantize(x, shift, false, `${label}.u`)
  const r = D.requantize(u, 0, true, `${label}.relu`)
  const scaled = D.dot([alpha, 2 ** alphaShift - alpha], [u, r], 0)
  return D.requantize(scaled, alphaShift, false, `${label}.alpha`)
}

export function clip<T>(D: Domain<T>, x: T, shift: number, lo: number | null, hi: number | null, label: string): T {
  let y = lo === 0 ? D.requantize(x, shift, true, `${label}.u`) : D.requantize(x, shift, false, `${label}.u`)
  if (lo !== null && lo !== 0) y = max2(D, y, D.constant(lo), `${label}.lo`)
  if (hi !== null) y = min2(D, y, D.constant(hi), `${label}.hi`)
  return y
}
