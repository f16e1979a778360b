/**
 * Small helpers shared by the operator definitions: canonical attribute and initializer
 * constructors, element-wise and view float kernels, and the usual one-input integer node header.
 */
import type { Attribute, DType, Node, Tensor, TensorInfo } from '../onnx/ir.js'
import { shapeSize } from '../onnx/ir.js'
import type { InferShape, Kernel } from './types.js'

/** An INT attribute. */
export const int = (value: number): Attribute => ({ type: 'int', value })
/** A FLOAT attribute. */
export const float = (value: number): Attribute => ({ type: 'float', value })
/** An INTS attribute. */
export const intList = (value: number[]): Attribute => ({ type: 'ints', value })
/** A 1-D int64 initializer. */
export const int64 = (values: number[]): Tensor => ({ dtype: 'int64', dims: [values.length], data: Float64Array.from(values) })
/** A scalar initializer. */
export const scalar = (dtype: DType, v: number): Tensor => ({ dtype, dims: [], data: Float64Array.of(v) })

/** `names` without trailing empty (absent) entries. */
export function trimTrailing(names: readonly string[]): string[] {
  const out = [...names]
  while (out.length && !out[out.length - 1]) out.pop()
  return out
}

/** One output of the given shape, with `like`'s dtype unless `dtype` is given. */
export function sameInfo(like: TensorInfo, shape: number[], dtype: DType = like.dtype): TensorInfo[] {
  return [{ dtype, shape }]
}

/** Applies `f` to every element (a new tensor of the same dtype and shape). */
export function mapUnary(x: Tensor, f: (v: number) => number): Tensor {
  const src = x.data
  const out = new Float64Array(src.length)
  for (let i = 0; i < src.length; i++) out[i] = f(src[i]!)
  return { dtype: x.dtype, dims: [...x.dims], data: out }
}

/**
 * The float kernel of a view op (Reshape, Flatten, Squeeze, Unsqueeze, Identity): the output
 * shape from the op's own shape rule, over the input's data (no copy).
 */
export function viewKernel(inferShape: InferShape): Kernel {
  return (node, inputs) => {
    const x = inputs[0]!
    const constants = new Map<string, Tensor>()
    node.inputs.forEach((name, i) => {
      if (i > 0 && inputs[i]) constants.set(name, inputs[i]!)
    })
    const [info] = inferShape(
      node,
      inputs.map((t) => t && { dtype: t.dtype, shape: t.dims }),
      (name) => constants.get(name),
    )
    return [{ dtype: x.dtype, dims: info!.shape, data: x.data }]
  }
}

/** Splits a shape around `axis` into (outer, axis length, inner). */
export function around(dims: readonly number[], axis: number): [number, number, number] {
  return [shapeSize(dims.slice(0, axis)), dims[axis]!, shapeSize(dims.slice(axis + 1))]
}

/** The name/inputs/outputs of an integer node reading the node's first input and writing its first output. */
export function io(node: Node): { name: string; inputs: string[]; outputs: string[] } {
  return { name: node.name, inputs: [node.inputs[0]!], outputs: [node.outputs[0]!] }
}
