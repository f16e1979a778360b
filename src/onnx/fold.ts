/**
 * Constant folding helpers used by `prepareGraph`: the value of a Constant node, and the
 * evaluation of a node whose inputs are all constants with the float kernels.
 */
import { UnsupportedOpError } from '../errors/compile.js'
import type { Node, Tensor, TensorInfo } from './ir.js'
import { floatKernel } from '../ops/index.js'

/**
 * The tensor a Constant node produces (`value`, or since opset 12 `value_float(s)` / `value_int(s)`).
 * @throws {UnsupportedOpError} sparse or string constants
 */
export function constantNodeValue(node: Node, opset: number): Tensor {
  const a = node.attributes
  const v = a['value']
  if (v?.type === 'tensor') return v.value
  const f = a['value_float']
  if (f?.type === 'float') return { dtype: 'float32', dims: [], data: Float64Array.of(f.value) }
  const fs = a['value_floats']
  if (fs?.type === 'floats') return { dtype: 'float32', dims: [fs.value.length], data: Float64Array.from(fs.value) }
  const i = a['value_int']
  if (i?.type === 'int') return { dtype: 'int64', dims: [], data: Float64Array.of(i.value) }
  const is = a['value_ints']
  if (is?.type === 'ints') return { dtype: 'int64', dims: [is.value.length], data: Float64Array.from(is.value) }
  throw new UnsupportedOpError({
    opType: 'Constant',
    nodeName: node.name,
    opset,
    reason: `only tensor, float(s) and int(s) constants are supported (attributes: ${Object.keys(a).join(', ') || 'none'})`,
  })
}

/**
 * Evaluates a node whose non-empty inputs are all constants.
 * @param inputs the constant input tensors, by position (undefined for absent optional inputs)
 * @returns the output tensors
 */
export function foldNode(node: Node, inputs: readonly (Tensor | undefined)[], opset: number): Tensor[] {
  return floatKernel(node.opType)(node, inputs, opset)
}

/** A stand-in tensor for a runtime value whose shape alone is read (Shape). */
export function shapeOnlyTensor(info: TensorInfo): Tensor {
  return { dtype: info.dtype, dims: [...info.shape], data: new Float64Array(0) }
}
