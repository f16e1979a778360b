/** Transpose by `perm` (data movement only: a `Transpose` integer node, no constraint). */
import { attrInts } from '../onnx/attributes.js'
import { normalizeAxis, shapeError } from '../onnx/shapes.js'
import { intList, io, sameInfo } from './common.js'
import type { ComputeOp, Kernel } from './types.js'
import { ONE_IN } from './arity.js'

/** Transpose by `perm`. */
const transposeKernel: Kernel = (node, [x]) => {
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

/** Transpose. Canonical: input X; attribute perm (explicit, non-negative). */
export const transpose: ComputeOp = {
  opType: 'Transpose',
  arity: [ONE_IN],
  kind: 'compute',
  canonicalize(node, ctx) {
    const { x, rank } = ctx
    const perm = attrInts(node, 'perm', x.shape.map((_, i) => rank - 1 - i))
    return ctx.rewrite({ perm: intList(perm.map((p) => normalizeAxis(node, p, rank, x.shape))) })
  },
  inferShape(node, [x]) {
    const s = x!.shape
    const perm = attrInts(node, 'perm')
    if (perm.length !== s.length || [...perm].sort((a, b) => a - b).some((p, i) => p !== i)) shapeError(node, `invalid perm [${perm}]`, [s])
    return sameInfo(x!, perm.map((p) => s[p]!))
  },
  floatKernel: transposeKernel,
  quantize(node, q) {
    const x = node.inputs[0]!
    const rank = q.graphShape(x).length
    const perm = attrInts(node, 'perm', Array.from({ length: rank }, (_, i) => rank - 1 - i))
    q.emit({ ...io(node), op: 'Transpose', perm })
    q.setScale(node.outputs[0]!, q.scale(x))
  },
  emits: ['Transpose'],
}
