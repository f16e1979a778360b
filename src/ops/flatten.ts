/** Flatten: [d0, …, dn] → [d0·…·d(axis−1), d(axis)·…·dn] (a view: no copy, no constraint). */
import { attrInt } from '../onnx/attributes.js'
import { shapeSize } from '../onnx/ir.js'
import { shapeError } from '../onnx/shapes.js'
import { int, sameInfo, viewKernel } from './common.js'
import { quantizeView } from './view.js'
import type { ComputeOp, InferShape } from './types.js'
import { ONE_IN } from './arity.js'

const inferFlatten: InferShape = (node, [x]) => {
  const s = x!.shape
  const axis = attrInt(node, 'axis', 1)
  if (axis < 0 || axis > s.length) shapeError(node, `axis ${axis} out of range`, [s])
  return sameInfo(x!, [shapeSize(s.slice(0, axis)), shapeSize(s.slice(axis))])
}

/** Flatten. Canonical: input X; attribute axis ∈ [0, rank]. */
export const flatten: ComputeOp = {
  opType: 'Flatten',
  arity: [ONE_IN],
  kind: 'compute',
  canonicalize(node, ctx) {
    const { rank, x } = ctx
    const axis = attrInt(node, 'axis', 1)
    const a = axis < 0 ? axis + rank : axis
    if (a < 0 || a > rank) shapeError(node, `axis ${axis} out of range for rank ${rank}`, [x.shape])
    return ctx.rewrite({ axis: int(a) })
  },
  inferShape: inferFlatten,
  floatKernel: viewKernel(inferFlatten),
  quantize: quantizeView,
  emits: ['Reshape'],
  isView: true,
}
