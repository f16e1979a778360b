/**
 * The two generic data-movement kernels (semantics in `../model.ts`):
 * - IndexMap: each output element is one source element (the same domain value, so a wire stays
 *   a wire) or a constant fill. Pad, Slice, Gather, GatherElements, ScatterElements, Expand, Tile,
 *   Split, Trilu, DepthToSpace, SpaceToDepth, Resize-nearest and Concat with constants all lower
 *   to it. Zero constraints.
 * - SparseLinear: each output element is a constant-coefficient combination of a few source
 *   elements plus a constant (Resize linear/cubic, ScatterElements add). Free: one `dot` each.
 */
import type { Domain, DTensor } from '../domain.js'
import type { IntTensor } from '../model.js'
import { shiftLeft } from './compose.js'
import { InternalError } from '../../errors/internal.js'

/** The inputs' elements concatenated in order, input k multiplied by 2^shifts[k] (shift 0 keeps the value itself). */
export function sources<T>(D: Domain<T>, xs: readonly DTensor<T>[], shifts: readonly number[] = []): T[] {
  const out: T[] = []
  xs.forEach((x, k) => {
    const s = shifts[k] ?? 0
    for (const v of x.data) out.push(shiftLeft(D, v, s))
  })
  return out
}

function at<T>(src: readonly T[], j: number, label: string): T {
  const v = src[j]
  if (v === undefined) throw new InternalError({ invariant: `${label} reads source element ${j} of ${src.length}` })
  return v
}

/**
 * IndexMap: `out[i] = src[index[i]]`; 0 where the index is −1; `fill[−index[i] − 2]` below. A fill
 * is the fill tensor's value (a `dot` with a weight reference, so hidden weights keep it private).
 */
export function indexMap<T>(D: Domain<T>, src: readonly T[], index: IntTensor, fill: IntTensor | undefined, outShape: number[], label: string): DTensor<T> {
  const zero = D.constant(0)
  const fills = fill ? fill.data.map((c, j) => D.dot([], [], c, { bias: fill, biasIndex: j })) : []
  const data = index.data.map((j) => (j >= 0 ? at(src, j, label) : j === -1 ? zero : at(fills, -j - 2, `${label} (fill)`)))
  return { shape: outShape, data }
}

/** SparseLinear: `out[i] = Σ_t weight[i·terms + t] · src[index[i·terms + t]] + bias[i]` (index −1: no term). */
export function sparseLinear<T>(
  D: Domain<T>,
  src: readonly T[],
  p: { index: IntTensor; weight: IntTensor; terms: number; bias: IntTensor | undefined },
  outShape: number[],
  label: string,
): DTensor<T> {
  const n = p.index.data.length / p.terms
  const data: T[] = new Array(n)
  for (let i = 0; i < n; i++) {
    const coeffs: number[] = []
    const xs: T[] = []
    for (let t = i * p.terms; t < (i + 1) * p.terms; t++) {
      const j = p.index.data[t]!
      if (j < 0 || p.weight.data[t] === 0) continue
      coeffs.push(p.weight.data[t]!)
      xs.push(at(src, j, label))
    }
    data[i] = p.bias ? D.dot(coeffs, xs, p.bias.data[i]!, { bias: p.bias, biasIndex: i }) : D.dot(coeffs, xs, 0)
  }
  return { shape: outShape, data }
}
