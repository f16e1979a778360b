/**
 * Cast of a fixed-point value to an integer or a bool, composed from the Domain's `requantize`
 * and `isZero` (no new circuit primitive; the compositions have their own exhaustive uniqueness
 * tests, `cast.test.ts`).
 *
 * - To int, trunc(x / 2^k) (toward zero, as ONNX casts floats), k > 0:
 *     trunc(x / 2^k) = floor(max(0, x) / 2^k) − floor(max(0, −x) / 2^k)
 *   and floor(max(0, v) / 2^k) = requantize(v − 2^(k−1), k, relu) (the requantize adds 2^(k−1)
 *   back, so it floors, and the ReLU keeps the non-negative part). Two decompositions, B + 2
 *   constraints each. For k ≤ 0 the value is already an integer: x · 2^−k (free).
 * - To bool, [x ≠ 0] = 1 − isZero(x): the Domain's is-zero gadget (3 constraints).
 * NOTE: the ReLU in each decomposition of the truncation is what ties the result to x: a prover
 * cannot pick the positive part of the "wrong" sign, since relu(v) is proven equal to max(0, v).
 */
import type { Domain } from '../domain.js'
import { shiftLeft } from './compose.js'

/** trunc(x / 2^shift) (x · 2^−shift for shift ≤ 0). */
export function truncShift<T>(D: Domain<T>, x: T, shift: number, label: string): T {
  if (shift <= 0) return shiftLeft(D, x, -shift)
  const half = 2 ** (shift - 1)
  const pos = D.requantize(D.dot([1], [x], -half), shift, true, `${label}.pos`)
  const neg = D.requantize(D.dot([-1], [x], -half), shift, true, `${label}.neg`)
  return D.dot([1, -1], [pos, neg], 0)
}

/** 1 when x ≠ 0, else 0 (x an integer): a proven bit. */
export function nonZero<T>(D: Domain<T>, x: T, label: string): T {
  return D.dot([-1], [D.isZero(x, `${label}.isZero`)], 1)
}
