/**
 * ReduceMax, ReduceMin (axes as an attribute before opset 18, a constant input from 18; keepdims;
 * noop_with_empty_axes) and GlobalMaxPool (ReduceMax over the spatial axes, kept).
 *
 * Quantization: one `ReduceMax`/`ReduceMin` node at the input's scale: a balanced tree of
 * max2/min2 over the reduced elements. Cost per output element: (n − 1)(B + 2) constraints for n
 * reduced elements. An empty reduction (a reduced axis of size 0, whose result is ∓infinity) is
 * refused.
 */
import { attrInt, attrInts } from '../onnx/attributes.js'
import type { Node, Tensor, TensorInfo } from '../onnx/ir.js'
import { shapeSize } from '../onnx/ir.js'
import { normalizeAxis } from '../onnx/shapes.js'
import { ONE_IN, inputsRange } from './arity.js'
import { int, intList, io, sameInfo } from './common.js'
import type { Canonicalize, ComputeOp, InferShape, Kernel, QuantizeContext } from './types.js'

/**
 * The reduced axes of a ReduceMax/ReduceMin node (sorted, non-negative, distinct): from the
 * `axes` attribute or the constant second input; empty axes mean all axes unless
 * noop_with_empty_axes (then none).
 */
export function reducedAxes(node: Node, shape: readonly number[], axesInput: Tensor | undefined): number[] {
  const raw = node.attributes['axes'] ? attrInts(node, 'axes') : axesInput ? Array.from(axesInput.data) : []
  if (raw.length === 0) return attrInt(node, 'noop_with_empty_axes', 0) ? [] : shape.map((_, i) => i)
  return [...new Set(raw.map((a) => normalizeAxis(node, a, shape.length, shape)))].sort((a, b) => a - b)
}

/** The output shape of a reduction over `axes` (keepdims: reduced axes of size 1; else dropped). */
export function reducedShape(node: Node, shape: readonly number[], axes: readonly number[]): number[] {
  const keep = attrInt(node, 'keepdims', 1) === 1
  return keep ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i))
}

/**
 * Canonical form of a reduction with `axes` and keepdims (ReduceMax/Min, ReduceL2,
 * ReduceLogSumExp): opset max(13, opset), axes an attribute before 18 and a constant input from
 * 18, keepdims explicit, an empty axes list kept only with noop_with_empty_axes.
 */
export const canonicalizeAxesReduce: Canonicalize = (node, ctx) => {
  const axesInput = ctx.inputs[1] ? ctx.constant(ctx.inputs[1]) : undefined
  const axes = reducedAxes(node, ctx.x.shape, axesInput)
  const keepdims = int(attrInt(node, 'keepdims', 1))
  if (ctx.opset < 18) return ctx.rewrite({ keepdims, ...(axes.length ? { axes: intList(axes) } : {}) }, [ctx.inputs[0]!])
  const inputs = axes.length ? [ctx.inputs[0]!, ctx.addInitializer(`${node.name}_axes`, { dtype: 'int64', dims: [axes.length], data: Float64Array.from(axes) })] : [ctx.inputs[0]!]
  return ctx.rewrite({ keepdims, noop_with_empty_axes: int(axes.length === 0 ? 1 : 0) }, inputs)
}

/** Output shape of a canonical reduction (see {@link canonicalizeAxesReduce}). */
export const inferAxesReduce: InferShape = (node, [x, axesInfo], constant): TensorInfo[] => {
  const axes = reducedAxes(node, x!.shape, axesInfo ? constant(node.inputs[1]!) : undefined)
  return sameInfo(x!, reducedShape(node, x!.shape, axes))
}

function reduceKernel(min: boolean): Kernel {
  return (node, [x, axesT]) => {
    const dims = x!.dims
    const axes = reducedAxes(node, dims, axesT)
    const outDims = reducedShape(node, dims, axes)
    const kept = dims.filter((_, d) => !axes.includes(d))
    const out = new Float64Array(shapeSize(kept)).fill(min ? Infinity : -Infinity)
    const idx = new Array<number>(dims.length).fill(0)
    for (let i = 0; i < x!.data.length; i++) {
      let o = 0
      for (let d = 0; d < dims.length; d++) if (!axes.includes(d)) o = o * dims[d]! + idx[d]!
      const v = x!.data[i]!
      if (min ? v < out[o]! : v > out[o]!) out[o] = v
      for (let d = dims.length - 1; d >= 0 && ++idx[d]! === dims[d]!; d--) idx[d] = 0
    }
    return [{ dtype: x!.dtype, dims: outDims, data: out }]
  }
}

function quantizeReduce(node: Node, q: QuantizeContext, op: 'ReduceMax' | 'ReduceMin', axes: number[]): void {
  const x = node.inputs[0]!
  const shape = q.graphShape(x)
  if (axes.some((a) => shape[a] === 0)) q.unsupported('an empty reduction (the result is ±infinity)')
  if (axes.length === 0) q.emit({ ...io(node), op: 'Reshape' })
  else q.emit({ ...io(node), op, axes })
  q.setScale(node.outputs[0]!, q.scale(x))
}

function reduceOp(opType: 'ReduceMax' | 'ReduceMin'): ComputeOp {
  return {
    opType,
    arity: [ONE_IN, inputsRange(1, 2, 18)],
    kind: 'compute',
    constantInputs: [1],
    canonicalize: canonicalizeAxesReduce,
    inferShape: inferAxesReduce,
    floatKernel: reduceKernel(opType === 'ReduceMin'),
    quantize(node, q) {
      const axesInput = node.inputs[1] ? q.constant(node.inputs[1]) : undefined
      quantizeReduce(node, q, opType, reducedAxes(node, q.graphShape(node.inputs[0]!), axesInput))
    },
    emits: ['Reshape', opType],
  }
}

/** ReduceMax. Canonical: keepdims and noop_with_empty_axes explicit, axes sorted (attribute before opset 18, input from 18). */
export const reduceMax = reduceOp('ReduceMax')
/** ReduceMin (canonical form as ReduceMax). */
export const reduceMin = reduceOp('ReduceMin')

/** GlobalMaxPool: the maximum over every spatial axis (N, C, 1, …, 1). */
export const globalMaxPool: ComputeOp = {
  opType: 'GlobalMaxPool',
  arity: [ONE_IN],
  kind: 'compute',
  inferShape: (_node, [x]) => sameInfo(x!, x!.shape.map((d, i) => (i < 2 ? d : 1))),
  floatKernel: (node, [x]) => reduceKernel(false)({ ...node, attributes: { axes: intList(x!.dims.map((_, i) => i).slice(2)), keepdims: int(1) } }, [x], 13),
  quantize: (node, q) => quantizeReduce(node, q, 'ReduceMax', q.graphShape(node.inputs[0]!).map((_, i) => i).slice(2)),
  emits: ['Reshape', 'ReduceMax'],
}
