/** Softmax over one axis (opset-13 semantics; canonicalization rewrites the older form) and ArgMax. */
import { attrInt } from '../attributes.js'
import { shapeSize } from '../ir.js'
import { normalizeAxis } from '../shapes.js'
import type { Kernel } from './types.js'

/** Splits a shape around `axis` into (outer, axis length, inner). */
function around(dims: readonly number[], axis: number): [number, number, number] {
  return [shapeSize(dims.slice(0, axis)), dims[axis]!, shapeSize(dims.slice(axis + 1))]
}

/** Softmax along `axis` (max-subtracted for stability). */
export const softmaxKernel: Kernel = (node, [x]) => {
  const axis = normalizeAxis(node, attrInt(node, 'axis', -1), x!.dims.length, x!.dims)
  const [outer, len, inner] = around(x!.dims, axis)
  const X = x!.data
  const out = new Float64Array(X.length)
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i
      let max = -Infinity
      for (let k = 0; k < len; k++) max = Math.max(max, X[base + k * inner]!)
      let sum = 0
      for (let k = 0; k < len; k++) {
        const e = Math.exp(X[base + k * inner]! - max)
        out[base + k * inner] = e
        sum += e
      }
      for (let k = 0; k < len; k++) out[base + k * inner]! /= sum
    }
  }
  return [{ dtype: x!.dtype, dims: [...x!.dims], data: out }]
}

/** ArgMax along `axis` (int64 output; first maximum unless select_last_index). */
export const argMaxKernel: Kernel = (node, [x]) => {
  const dims = x!.dims
  const axis = normalizeAxis(node, attrInt(node, 'axis', 0), dims.length, dims)
  const keep = attrInt(node, 'keepdims', 1) === 1
  const last = attrInt(node, 'select_last_index', 0) === 1
  const [outer, len, inner] = around(dims, axis)
  const X = x!.data
  const out = new Float64Array(outer * inner)
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i
      let best = 0
      let bestV = X[base]!
      for (let k = 1; k < len; k++) {
        const v = X[base + k * inner]!
        if (v > bestV || (last && v === bestV)) {
          best = k
          bestV = v
        }
      }
      out[o * inner + i] = best
    }
  }
  const outDims = keep ? dims.map((d, i) => (i === axis ? 1 : d)) : dims.filter((_, i) => i !== axis)
  return [{ dtype: 'int64', dims: outDims, data: out }]
}
