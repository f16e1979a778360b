/**
 * Activations with a requantize to the output scale folded in.
 *
 * LeakyRelu with α ≈ a / 2^m:  2^m · y = a·u + (2^m − a)·relu(u), then a shift by m, where u is the
 *   input requantized to the output scale. (Two decompositions, no multiplication.)
 * Clip(lo, hi): y = min(max(u, lo), hi) via the max/min compositions.
 * Sigmoid: the PLAN piecewise-linear approximation (Amin, Curtis & Hayes-Gill, 1997):
 *   g(z) = min(1, z/32 + 27/32, z/8 + 5/8, z/4 + 1/2) for z ≥ 0,
 *   sigmoid(u) ≈ g(relu(u)) − g(relu(−u)) + 1/2.
 *   Max absolute error of the approximation is below 0.019 (plus one output quantum 2^-s), checked
 *   in the tests against the exact sigmoid. Computed at 32× the output scale, then shifted by 5.
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

/** PLAN sigmoid; `outScale` is the output scale exponent s (y ≈ int / 2^s), `shift` brings x to scale s. */
export function sigmoid<T>(D: Domain<T>, x: T, shift: number, outScale: number, label: string): T {
  const u = D.requantize(x, shift, false, `${label}.u`)
  const one = 2 ** outScale
  const g = (z: T, tag: string): T => {
    // 32 · g(z) at scale s: min(32, z + 27, 4z + 20, 8z + 16) (·2^s for the constants).
    let m = min2(D, D.constant(32 * one), D.dot([1], [z], 27 * one), `${tag}.a`)
    m = min2(D, m, D.dot([4], [z], 20 * one), `${tag}.b`)
    return min2(D, m, D.dot([8], [z], 16 * one), `${tag}.c`)
  }
  const pos = D.requantize(u, 0, true, `${label}.pos`)
  const neg = D.requantize(D.dot([-1], [u], 0), 0, true, `${label}.neg`)
  const y32 = D.dot([1, -1], [g(pos, `${label}.gp`), g(neg, `${label}.gn`)], 16 * one)
  return D.requantize(y32, 5, false, `${label}.out`)
}
