/**
 * Helpers shared by the comparison, logic and selection operators: an n-ary numpy-broadcasting
 * float kernel and shape rule, and the quantization-side helpers that name introduced values and
 * turn a constant operand into a value of the integer model.
 */
import type { DType, Node, Tensor, TensorInfo } from '../onnx/ir.js'
import { shapeSize } from '../onnx/ir.js'
import { broadcastShapes } from '../onnx/shapes.js'
import { quantizeArray } from '../ir/scales.js'
import type { QuantizeContext } from './types.js'

/** Strides of `dims` laid over `outShape` (right-aligned), 0 where the dim is broadcast. */
export function broadcastStrides(dims: readonly number[], outShape: readonly number[]): number[] {
  const r = outShape.length
  const strides = new Array<number>(r).fill(0)
  let s = 1
  for (let i = dims.length - 1; i >= 0; i--) {
    strides[r - dims.length + i] = dims[i] === 1 ? 0 : s
    s *= dims[i]!
  }
  return strides
}

/** The numpy broadcast of several shapes. @throws {ShapeMismatchError} incompatible shapes */
export function broadcastAll(node: Node, shapes: readonly (readonly number[])[]): number[] {
  return shapes.reduce<number[]>((acc, s) => broadcastShapes(node, acc, s), [])
}

/** Output info of an element-wise op over broadcast inputs (dtype of input `like`, or `dtype`). */
export function broadcastInfo(node: Node, inputs: readonly (TensorInfo | undefined)[], dtype: DType): TensorInfo[] {
  return [{ dtype, shape: broadcastAll(node, inputs.filter((t): t is TensorInfo => t !== undefined).map((t) => t.shape)) }]
}

/** `f` applied to the broadcast elements of `inputs` (numpy broadcasting), as a tensor of `dtype`. */
export function broadcastMap(node: Node, inputs: readonly Tensor[], dtype: DType, f: (vs: number[]) => number): Tensor {
  const outShape = broadcastAll(node, inputs.map((t) => t.dims))
  const out = new Float64Array(shapeSize(outShape))
  const strides = inputs.map((t) => broadcastStrides(t.dims, outShape))
  const r = outShape.length
  const idx = new Array<number>(r).fill(0)
  const off = new Array<number>(inputs.length).fill(0)
  const vs = new Array<number>(inputs.length)
  for (let o = 0; o < out.length; o++) {
    for (let k = 0; k < inputs.length; k++) vs[k] = inputs[k]!.data[off[k]!]!
    out[o] = f(vs)
    for (let d = r - 1; d >= 0; d--) {
      for (let k = 0; k < inputs.length; k++) off[k]! += strides[k]![d]!
      if (++idx[d]! < outShape[d]!) break
      for (let k = 0; k < inputs.length; k++) off[k]! -= strides[k]![d]! * outShape[d]!
      idx[d] = 0
    }
  }
  return { dtype, dims: outShape, data: out }
}

/** A name for a value the rule introduces, derived from the node's output (`y@tag`). */
export function introduced(node: Node, tag: string): string {
  return `${node.outputs[0]!}@${tag}`
}

/**
 * Makes the constant `values` (dims `dims`, already integers at `scale`) a value of the integer
 * model: `0 · like + values` (an `Affine` node: free with constant weights), of shape
 * broadcast(like, dims). Returns its name.
 */
export function materialize(q: QuantizeContext, node: Node, tag: string, like: string, dims: number[], values: number[], scale: number, dtype?: 'int' | 'bool'): string {
  const name = introduced(node, tag)
  const shape = broadcastShapes(node, q.shape(like), dims)
  q.emit({ op: 'Affine', name: `${node.name}.${tag}`, inputs: [like], outputs: [name], mul: q.addConstant(`${node.name}.${tag}.zero`, [1], [0]), add: q.addConstant(`${node.name}.${tag}`, dims, values) })
  q.addTensor(name, shape, scale, dtype)
  return name
}

/** A constant input quantized (rounded) at `scale` and materialized (see {@link materialize}). */
export function materializeConstant(q: QuantizeContext, node: Node, tag: string, like: string, constant: Tensor, scale: number, dtype?: 'int' | 'bool'): string {
  return materialize(q, node, tag, like, [...constant.dims], quantizeArray(constant.data, scale), scale, dtype)
}
