/**
 * ReduceSum, ReduceMean and ReduceSumSquare: axes as an attribute (older opsets) or a constant
 * input, keepdims, noop_with_empty_axes (empty axes: every axis, or with noop_with_empty_axes
 * the input unchanged, squared by ReduceSumSquare as the ONNX reference does).
 *
 * Quantization (one `ReduceSum` integer node: y = mul · Σ x over the axes, free):
 * - ReduceSum: mul = 1, scale unchanged. 0 constraints per output element.
 * - ReduceMean: the count n of reduced elements folds into the output scale: for n = 2^k the
 *   scale grows by k and mul = 1 (the division is left to the next requantize's shift); else
 *   mul = round(2^shift / n) with shift = ceil(log2 n) + 8. 0 constraints.
 * - ReduceSumSquare: the input is requantized to its target scale, squared (`Mul` of the value
 *   with itself: one constraint per *input* element), then summed (free); output scale 2·s.
 */
import { attrInt, attrInts } from '../onnx/attributes.js'
import type { Node, Tensor } from '../onnx/ir.js'
import { shapeSize } from '../onnx/ir.js'
import { normalizeAxis, shapeError } from '../onnx/shapes.js'
import { int, int64, intList, sameInfo } from './common.js'
import { averageShift } from './pool.js'
import type { CanonicalizeContext, CanonicalResult, ComputeOp, InferShape, Kernel, QuantizeContext } from './types.js'
import { ONE_IN, inputsRange } from './arity.js'

type ReduceOp = 'ReduceSum' | 'ReduceMean' | 'ReduceSumSquare'

/** The opset from which `axes` is an input (and noop_with_empty_axes exists). */
const AXES_INPUT_SINCE: Record<ReduceOp, number> = { ReduceSum: 13, ReduceMean: 18, ReduceSumSquare: 18 }

/**
 * The reduced axes of a canonical node (sorted, ≥ 0), or undefined for a no-op
 * (noop_with_empty_axes with no axes). Empty axes otherwise mean every axis.
 */
export function reducedAxes(node: Node, rank: number, constant: (name: string) => Tensor | undefined): number[] | undefined {
  const given = node.attributes['axes'] ? attrInts(node, 'axes') : node.inputs[1] ? Array.from(constant(node.inputs[1])!.data) : []
  if (given.length === 0) return attrInt(node, 'noop_with_empty_axes', 0) ? undefined : Array.from({ length: rank }, (_, i) => i)
  return given.map((a) => normalizeAxis(node, a, rank)).sort((a, b) => a - b)
}

/**
 * Canonical: axes explicit (sorted, ≥ 0; every axis when none are given) as an int64 input
 * from the op's axes-input opset on, else as an attribute (valid ONNX at opset max(13, opset));
 * keepdims explicit. A no-op reduction (noop_with_empty_axes, no axes) keeps its empty axes and
 * the flag.
 */
function canonicalizeReduce(node: Node, ctx: CanonicalizeContext): CanonicalResult {
  const { opset, inputs, x, rank } = ctx
  const op = node.opType as ReduceOp
  const since = AXES_INPUT_SINCE[op]
  const given = opset < since ? (node.attributes['axes'] ? attrInts(node, 'axes') : []) : inputs[1] ? Array.from(ctx.constant(inputs[1])!.data) : []
  const noop = opset >= since && attrInt(node, 'noop_with_empty_axes', 0) === 1 && given.length === 0
  const axes = noop ? [] : given.length ? given.map((a) => normalizeAxis(node, a, rank, x.shape)).sort((a, b) => a - b) : Array.from({ length: rank }, (_, i) => i)
  if (new Set(axes).size !== axes.length) shapeError(node, `repeated axes [${given}]`, [x.shape])
  const keepdims = int(attrInt(node, 'keepdims', 1))
  if (Math.max(13, opset) < since) return ctx.rewrite({ axes: intList(axes), keepdims })
  const attributes = noop ? { keepdims, noop_with_empty_axes: int(1) } : { keepdims }
  return ctx.rewrite(attributes, [inputs[0]!, ctx.addInitializer(`${node.name}_axes`, int64(axes))])
}

const inferReduce: InferShape = (node, [x], constant) => {
  const s = x!.shape
  const axes = reducedAxes(node, s.length, constant)
  if (!axes) return sameInfo(x!, [...s])
  const keep = attrInt(node, 'keepdims', 1) === 1
  return sameInfo(
    x!,
    s.flatMap((d, i) => (axes.includes(i) ? (keep ? [1] : []) : [d])),
  )
}

function reduceData(x: Tensor, axes: number[] | undefined, op: ReduceOp): Float64Array {
  // A no-op reduction still squares (as the ONNX reference does).
  if (!axes) return Float64Array.from(x.data, (v) => (op === 'ReduceSumSquare' ? v * v : v))
  const dims = x.dims
  const outDims = dims.map((d, i) => (axes.includes(i) ? 1 : d))
  const out = new Float64Array(shapeSize(outDims))
  const count = shapeSize(axes.map((a) => dims[a]!))
  const idx = new Array<number>(dims.length).fill(0)
  const outStrides = new Array<number>(dims.length)
  for (let i = dims.length - 1, acc = 1; i >= 0; i--) {
    outStrides[i] = axes.includes(i) ? 0 : acc
    acc *= outDims[i]!
  }
  let o = 0
  for (let i = 0; i < x.data.length; i++) {
    const v = x.data[i]!
    out[o] += op === 'ReduceSumSquare' ? v * v : v
    for (let d = dims.length - 1; d >= 0; d--) {
      o += outStrides[d]!
      if (++idx[d]! < dims[d]!) break
      o -= outStrides[d]! * dims[d]!
      idx[d] = 0
    }
  }
  if (op === 'ReduceMean') for (let i = 0; i < out.length; i++) out[i]! /= count
  return out
}

/** Sum (of squares), or mean, over the axes; empty reductions give 0 (mean: NaN, as 0/0). */
const floatKernel: Kernel = (node, [x, axesInput]) => {
  const constant = (name: string) => (name === node.inputs[1] ? axesInput : undefined)
  const [info] = inferReduce(node, [{ dtype: x!.dtype, shape: x!.dims }], constant)
  return [{ dtype: x!.dtype, dims: info!.shape, data: reduceData(x!, reducedAxes(node, x!.dims.length, constant), node.opType as ReduceOp) }]
}

function quantizeReduce(node: Node, q: QuantizeContext): void {
  const op = node.opType as ReduceOp
  const out = node.outputs[0]!
  let x = node.inputs[0]!
  const shape = q.shape(x)
  const axes = reducedAxes(node, shape.length, (name) => q.constant(name))
  if (shapeSize(shape) === 0) q.unsupported('an empty input (a dimension of size 0)')
  if (op === 'ReduceSumSquare') {
    const a = q.toTarget(x, `${node.name}.requant`)
    x = `${out}@square`
    q.addTensor(x, shape, 2 * q.scale(a))
    q.emit({ op: 'Mul', name: `${node.name}.square`, inputs: [a, a], outputs: [x] })
  }
  if (!axes) {
    q.emit({ op: 'Reshape', name: node.name, inputs: [x], outputs: [out] })
    q.setScale(out, q.scale(x))
    return
  }
  const count = shapeSize(axes.map((a) => shape[a]!))
  const shift = op === 'ReduceMean' ? averageShift(count) : 0
  q.emit({ op: 'ReduceSum', name: node.name, inputs: [x], outputs: [out], axes, mul: op === 'ReduceMean' ? Math.round(2 ** shift / count) : 1 })
  q.setScale(out, q.scale(x) + shift)
}

function reduceOp(opType: ReduceOp, emits: ComputeOp['emits']): ComputeOp {
  return {
    opType,
  arity: [ONE_IN, inputsRange(1, 2, AXES_INPUT_SINCE[opType])],
    kind: 'compute',
    constantInputs: [1],
    canonicalize: canonicalizeReduce,
    inferShape: inferReduce,
    floatKernel,
    quantize: quantizeReduce,
    emits,
  }
}

/** ReduceSum. */
export const reduceSum = reduceOp('ReduceSum', ['ReduceSum', 'Reshape'])
/** ReduceMean. */
export const reduceMean = reduceOp('ReduceMean', ['ReduceSum', 'Reshape'])
/** ReduceSumSquare. */
export const reduceSumSquare = reduceOp('ReduceSumSquare', ['Requant', 'Mul', 'ReduceSum', 'Reshape'])
