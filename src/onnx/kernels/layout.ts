/**
 * Layout kernels: Reshape, Flatten, Squeeze, Unsqueeze, Identity (no copy: the output shares
 * the input's data), Transpose and Concat (copies).
 */
import { attrInt, attrInts } from '../attributes.js'
import type { Tensor } from '../ir.js'
import { shapeSize } from '../ir.js'
import { inferNode, normalizeAxis } from '../shapes.js'
import type { Kernel } from './types.js'

/** Reshape, Flatten, Squeeze, Unsqueeze, Identity: a new shape over the same data. */
export const viewKernel: Kernel = (node, inputs) => {
  const x = inputs[0]!
  const constants = new Map<string, Tensor>()
  node.inputs.forEach((name, i) => {
    if (i > 0 && inputs[i]) constants.set(name, inputs[i]!)
  })
  const [info] = inferNode(
    node,
    inputs.map((t) => t && { dtype: t.dtype, shape: t.dims }),
    (name) => constants.get(name),
  )
  return [{ dtype: x.dtype, dims: info!.shape, data: x.data }]
}

/** Transpose by `perm`. */
export const transposeKernel: Kernel = (node, [x]) => {
  const dims = x!.dims
  const r = dims.length
  const perm = attrInts(node, 'perm', dims.map((_, i) => r - 1 - i))
  const outDims = perm.map((p) => dims[p]!)
  const inStrides = new Array<number>(r)
  for (let i = r - 1, s = 1; i >= 0; i--) {
    inStrides[i] = s
    s *= dims[i]!
  }
  const strides = perm.map((p) => inStrides[p]!) // input stride of each output axis
  const X = x!.data
  const out = new Float64Array(X.length)
  const idx = new Array<number>(r).fill(0)
  let off = 0
  for (let o = 0; o < out.length; o++) {
    out[o] = X[off]!
    for (let d = r - 1; d >= 0; d--) {
      off += strides[d]!
      if (++idx[d]! < outDims[d]!) break
      off -= strides[d]! * outDims[d]!
      idx[d] = 0
    }
  }
  return [{ dtype: x!.dtype, dims: outDims, data: out }]
}

/** Concat along `axis`. */
export const concatKernel: Kernel = (node, inputs) => {
  const xs = inputs.filter((t): t is Tensor => t !== undefined)
  const first = xs[0]!
  const axis = normalizeAxis(node, attrInt(node, 'axis'), first.dims.length, first.dims)
  const outer = shapeSize(first.dims.slice(0, axis))
  const chunks = xs.map((t) => shapeSize(t.dims.slice(axis)))
  const row = chunks.reduce((a, b) => a + b, 0)
  const out = new Float64Array(outer * row)
  let col = 0
  xs.forEach((t, k) => {
    const n = chunks[k]!
    for (let o = 0; o < outer; o++) out.set(t.data.subarray(o * n, (o + 1) * n), o * row + col)
    col += n
  })
  const [info] = inferNode(node, xs.map((t) => ({ dtype: t.dtype, shape: t.dims })), () => undefined)
  return [{ dtype: first.dtype, dims: info!.shape, data: out }]
}
