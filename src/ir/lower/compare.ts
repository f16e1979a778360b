/**
 * Comparisons, boolean logic, selection and rounding, element-wise with numpy broadcasting.
 *
 * - Compare: d = a·2^ka − b·2^kb (d = a·2^ka when b is absent); the output is the bit
 *   less [d < 0] = 1 − [d ≥ 0], lessOrEqual [−d ≥ 0], greater 1 − [−d ≥ 0], greaterOrEqual [d ≥ 0]
 *   (one sign decomposition: B + 1 constraints) or equal [d = 0] (is-zero: 3 constraints).
 *   The shifts put both sides on one scale exactly, so the comparison is exact on the integers.
 * - Logic on bits (inputs proven 0/1): and a·b, or a + b − a·b, xor a + b − 2·a·b (one product).
 * - Where: y' + c·(x' − y') with x' = x·2^kx, y' = y·2^ky and c a proven bit (one product; free
 *   when both branches are constants).
 * - Round x / 2^k to an integer (scale 0): floor = requantize(x − 2^(k−1), k), ceil =
 *   requantize(x + 2^(k−1) − 1, k) (one decomposition each); halfEven (ONNX Round): q = the
 *   half-up quotient, t = [x + 2^(k−1) − q·2^k = 0] (a tie), p = q − 2·floor(q/2) (q's parity,
 *   one more decomposition), result q − t·p: 2B − k + 6 constraints.
 */
import type { Domain, DTensor } from '../domain.js'
import { broadcastIndex } from './shape.js'

/** The comparison of a Compare node. */
export type Comparison = 'less' | 'lessOrEqual' | 'greater' | 'greaterOrEqual' | 'equal'

/** The bit `cmp(d, 0)` (see the module doc). */
export function compareToZero<T>(D: Domain<T>, d: T, cmp: Comparison, label: string): T {
  const neg = () => D.dot([-1], [d], 0)
  const not = (bit: T) => D.dot([-1], [bit], 1)
  switch (cmp) {
    case 'less':
      return not(D.nonNegative(d, label))
    case 'lessOrEqual':
      return D.nonNegative(neg(), label)
    case 'greater':
      return not(D.nonNegative(neg(), label))
    case 'greaterOrEqual':
      return D.nonNegative(d, label)
    case 'equal':
      return D.isZero(d, label)
  }
}

/** Compare node: `cmp(a·2^ka − b·2^kb, 0)` per output element (b absent: compared with 0). */
export function compareTensor<T>(D: Domain<T>, a: DTensor<T>, b: DTensor<T> | undefined, cmp: Comparison, shifts: readonly [number, number], outShape: number[], label: string): DTensor<T> {
  const ai = broadcastIndex(a.shape, outShape)
  const bi = b && broadcastIndex(b.shape, outShape)
  const data: T[] = new Array(ai.length)
  for (let o = 0; o < ai.length; o++) {
    const d = b ? D.dot([2 ** shifts[0], -(2 ** shifts[1])], [a.data[ai[o]!]!, b.data[bi![o]!]!], 0) : D.dot([2 ** shifts[0]], [a.data[ai[o]!]!], 0)
    data[o] = compareToZero(D, d, cmp, `${label}[${o}]`)
  }
  return { shape: outShape, data }
}

/** Boolean logic on proven bits. */
export function logic<T>(D: Domain<T>, fn: 'and' | 'or' | 'xor', a: T, b: T, label: string): T {
  const ab = D.mul(a, b, label)
  if (fn === 'and') return ab
  return D.dot([1, 1, fn === 'or' ? -1 : -2], [a, b, ab], 0)
}

/** Where node: `c ? x·2^kx : y·2^ky` per output element, c a proven bit. */
export function where<T>(D: Domain<T>, c: DTensor<T>, x: DTensor<T>, y: DTensor<T>, shifts: readonly [number, number], outShape: number[], label: string): DTensor<T> {
  const [ci, xi, yi] = [c, x, y].map((t) => broadcastIndex(t.shape, outShape)) as [Int32Array, Int32Array, Int32Array]
  const [kx, ky] = [2 ** shifts[0], 2 ** shifts[1]]
  const data: T[] = new Array(ci.length)
  for (let o = 0; o < ci.length; o++) {
    const xv = x.data[xi[o]!]!
    const yv = y.data[yi[o]!]!
    const picked = D.mul(c.data[ci[o]!]!, D.dot([kx, -ky], [xv, yv], 0), `${label}[${o}]`)
    data[o] = D.dot([ky, 1], [yv, picked], 0)
  }
  return { shape: outShape, data }
}

/** Rounding mode of a Round node. */
export type RoundMode = 'floor' | 'ceil' | 'halfEven'

/** x / 2^k rounded to an integer (see the module doc); k = 0 is the identity. */
export function roundShift<T>(D: Domain<T>, x: T, k: number, mode: RoundMode, label: string): T {
  if (k === 0) return x
  const half = 2 ** (k - 1)
  if (mode === 'floor') return D.requantize(D.dot([1], [x], -half), k, false, label)
  if (mode === 'ceil') return D.requantize(D.dot([1], [x], half - 1), k, false, label)
  const q = D.requantize(x, k, false, label)
  const tie = D.isZero(D.dot([1, -(2 ** k)], [x, q], half), `${label}.tie`)
  const halfQ = D.requantize(D.dot([1], [q], -1), 1, false, `${label}.parity`)
  const odd = D.dot([1, -2], [q, halfQ], 0)
  return D.dot([1, -1], [q, D.mul(tie, odd, `${label}.even`)], 0)
}
