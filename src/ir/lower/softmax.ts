/**
 * Softmax and LogSoftmax over one axis, in the circuit (the `Softmax` integer op; semantics in
 * `../model.ts`). Per row of n values along the axis:
 *
 *   m   = max_i x_i                         n − 1 max2 compositions (one decomposition each)
 *   d_i = x_i − m ≤ 0                       free
 *   e_i = exp-table(d_i)                    the piecewise gadget (e(0) = 1.0 at the table's scale)
 *   S   = Σ e_i                             free
 * Softmax:
 *   R   = round(2^recipShift / max(S, recipMin))   one division per row
 *   y_i = round(e_i · R / 2^outShift)       `mulRound`: one product and one decomposition sized by
 *                                           the proven bound |e_i·R| ≤ 2^recipShift·(e_i/S)·… ≤ bound
 * LogSoftmax:
 *   L   = log-table(S)                      log(S) at d's scale (+ the table's fraction bits)
 *   y_i = d_i · 2^shift − L                 free
 * ReduceLogSumExp (`log.reduce`): one value per row, m · 2^shift + L.
 *
 * Subtracting the max keeps every exp in (0, 1], so S ≥ e(0) and the reciprocal has a static
 * bound: this is what makes the per-element product cheap.
 */
import type { Domain, DTensor } from '../domain.js'
import type { QNode } from '../model.js'
import { maxOf } from './compose.js'
import { reciprocalOf } from './func.js'

type SoftmaxNode = QNode & { op: 'Softmax' }

/** Softmax / LogSoftmax of x over `node.axis` (see the module doc). */
export function softmaxTensor<T>(D: Domain<T>, x: DTensor<T>, node: SoftmaxNode, label: string): DTensor<T> {
  const shape = x.shape
  const axis = node.axis
  const n = shape[axis]!
  const inner = shape.slice(axis + 1).reduce((a, d) => a * d, 1)
  const outer = shape.slice(0, axis).reduce((a, d) => a * d, 1)
  const reduce = node.log?.reduce === true
  const out: T[] = new Array(reduce ? outer * inner : x.data.length)
  const ones = new Array<number>(n).fill(1)
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (k: number) => o * n * inner + k * inner + i
      const row = `${label}[${o * inner + i}]`
      const xs = Array.from({ length: n }, (_, k) => x.data[at(k)]!)
      const m = maxOf(D, xs, `${row}.max`)
      const d = xs.map((v) => D.dot([1, -1], [v, m], 0))
      const e = d.map((v, k) => D.piecewise(v, node.exp, `${row}.exp${k}`))
      const S = D.dot(ones, e, 0)
      if (node.log) {
        const L = D.piecewise(S, node.log.table, `${row}.log`)
        if (reduce) out[o * inner + i] = D.dot([2 ** node.log.shift, 1], [m, L], 0)
        else d.forEach((v, k) => (out[at(k)] = D.dot([2 ** node.log!.shift, -1], [v, L], 0)))
      } else {
        const R = reciprocalOf(D, S, node.recipShift, node.recipMin, false, `${row}.recip`)
        e.forEach((v, k) => (out[at(k)] = D.mulRound(v, R, node.outShift, node.bound, `${row}.y${k}`)))
      }
    }
  }
  return { shape: reduce ? shape.map((d, k) => (k === axis ? 1 : d)) : shape, data: out }
}
