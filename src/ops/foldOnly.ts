/**
 * The fold-only ops (Shape, ConstantOfShape): shape arithmetic of PyTorch exports. They are
 * supported only when every input is a constant (Shape reads only its input's static shape), and
 * their kernels only ever run during `prepareGraph`. They read raw (non-canonical) nodes, so they
 * handle each opset's form themselves. (Gather, Cast and Slice are compute ops: `gather.ts`,
 * `cast.ts`, `slice.ts`; on constants they fold like any other op.)
 */
import { attrInt, attrTensor } from '../onnx/attributes.js'
import { checkShapeSize } from '../onnx/shapes.js'
import type { FoldOp, Kernel } from './types.js'
import { ONE_IN } from './arity.js'

/** Shape (start/end since opset 15). Only `dims` of the input is read. */
const shapeKernel: Kernel = (node, [x]) => {
  const r = x!.dims.length
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + r : v, 0), r)
  const start = clamp(attrInt(node, 'start', 0))
  const end = clamp(attrInt(node, 'end', r))
  const dims = x!.dims.slice(start, Math.max(start, end))
  return [{ dtype: 'int64', dims: [dims.length], data: Float64Array.from(dims) }]
}

/** ConstantOfShape: a tensor of the given shape filled with `value` (default float32 0). */
const constantOfShapeKernel: Kernel = (node, [shape]) => {
  const value = attrTensor(node, 'value') ?? { dtype: 'float32' as const, dims: [1], data: new Float64Array(1) }
  const dims = Array.from(shape!.data)
  return [{ dtype: value.dtype, dims, data: new Float64Array(checkShapeSize(node, dims)).fill(value.data[0] ?? 0) }]
}

/** Shape (only the static shape of its input is read, so its input may be a runtime value). */
export const shape: FoldOp = { opType: 'Shape', arity: [ONE_IN], kind: 'fold', floatKernel: shapeKernel }
/** ConstantOfShape. */
export const constantOfShape: FoldOp = { opType: 'ConstantOfShape', arity: [ONE_IN], kind: 'fold', floatKernel: constantOfShapeKernel }
