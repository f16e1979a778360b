/**
 * ReduceSum: y = mul · Σ x over `axes` (the output holds the kept dims in order; with or without
 * the reduced size-1 dims, the element order is the same). `mul` is an integer: 1 for a sum,
 * round(2^shift / count) for a mean whose division is folded into the output scale. One `dot`
 * per output element: free in the circuit.
 *
 * CumSum: running sums along `axis` (exclusive: the sum before the element; reverse: from the
 * end). Each output is the previous output plus one input: free in the circuit (a long run is
 * materialized into a wire every 32 terms, see `circuitDomain`).
 */
import type { Domain, DTensor } from '../domain.js'

/** Row-major strides of a shape. */
function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length)
  for (let i = shape.length - 1, acc = 1; i >= 0; i--) {
    s[i] = acc
    acc *= shape[i]!
  }
  return s
}

/** Offsets of every element of the sub-block spanned by `axes` (row-major over those axes). */
function blockOffsets(shape: readonly number[], st: readonly number[], axes: readonly number[]): number[] {
  let offs = [0]
  for (const a of axes) {
    const next: number[] = []
    for (const o of offs) for (let i = 0; i < shape[a]!; i++) next.push(o + i * st[a]!)
    offs = next
  }
  return offs
}

/** y = mul · Σ x over `axes` (sorted); `outShape` is the model's output shape (keepdims or not). */
export function reduceSum<T>(D: Domain<T>, x: DTensor<T>, axes: readonly number[], mul: number, outShape: number[]): DTensor<T> {
  const st = strides(x.shape)
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i))
  const inner = blockOffsets(x.shape, st, axes)
  const outer = blockOffsets(x.shape, st, kept)
  const coeffs = new Array<number>(inner.length).fill(mul)
  const data = outer.map((base) => D.dot(coeffs, inner.map((o) => x.data[base + o]!), 0))
  return { shape: outShape, data }
}

/** Running sums of `x` along `axis` (see the module doc). */
export function cumSum<T>(D: Domain<T>, x: DTensor<T>, axis: number, exclusive: boolean, reverse: boolean): DTensor<T> {
  const st = strides(x.shape)
  const len = x.shape[axis]!
  const kept = x.shape.map((_, i) => i).filter((i) => i !== axis)
  const data: T[] = new Array(x.data.length)
  for (const base of blockOffsets(x.shape, st, kept)) {
    let acc: T = D.constant(0)
    for (let j = 0; j < len; j++) {
      const at = base + (reverse ? len - 1 - j : j) * st[axis]!
      const next = D.dot([1, 1], [acc, x.data[at]!], 0)
      data[at] = exclusive ? acc : next
      acc = next
    }
  }
  return { shape: x.shape, data }
}
