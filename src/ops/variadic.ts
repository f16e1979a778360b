/**
 * Sum and Mean of one or more inputs, with numpy broadcasting.
 *
 * Quantization: the runtime inputs are added pairwise (`Add`, the shifts align the scales: free),
 * the constant inputs are summed at compile time and added as one constant (`Affine`, free).
 * Mean divides by the input count n: for n = 2^k the output scale grows by k (no node: the
 * division is left to the next requantize's shift); otherwise the sum is multiplied by
 * round(2^shift / n) with shift = ceil(log2 n) + 8 (`Affine`, free). 0 constraints per element.
 * A single input is a view (`Reshape`).
 */
import type { Node, Tensor } from '../onnx/ir.js'
import { shapeSize } from '../onnx/ir.js'
import { broadcastShapes } from '../onnx/shapes.js'
import { quantizeArray } from '../ir/scales.js'
import { broadcastIndex } from '../ir/lower/shape.js'
import { sameInfo } from './common.js'
import { averageShift } from './pool.js'
import type { ComputeOp, Kernel, QuantizeContext } from './types.js'
import { inputsRange } from './arity.js'

/** Σ of the tensors, broadcast to their common shape. */
function broadcastSum(node: Node, xs: readonly Tensor[]): { dims: number[]; data: Float64Array } {
  const dims = xs.reduce<number[]>((s, x) => broadcastShapes(node, s, x.dims), [])
  const data = new Float64Array(shapeSize(dims))
  for (const x of xs) {
    const index = broadcastIndex(x.dims, dims)
    for (let i = 0; i < data.length; i++) data[i] += x.data[index[i]!]!
  }
  return { dims, data }
}

const variadicKernel: Kernel = (node, inputs) => {
  const xs = inputs.filter((t): t is Tensor => t !== undefined)
  const { dims, data } = broadcastSum(node, xs)
  if (node.opType === 'Mean') for (let i = 0; i < data.length; i++) data[i]! /= xs.length
  return [{ dtype: xs[0]!.dtype, dims, data }]
}

/** One integer step of the sum, applied to the running value. */
type Step = { kind: 'add'; other: string } | { kind: 'constants'; sum: { dims: number[]; data: Float64Array } } | { kind: 'divide'; mul: number; shift: number } | { kind: 'view' }

/** The quantization rule (see the module doc). */
function quantizeVariadic(node: Node, q: QuantizeContext): void {
  const out = node.outputs[0]!
  const inputs = node.inputs.filter(Boolean)
  const data = inputs.filter((n) => !q.isConstant(n))
  const constants = inputs.filter((n) => q.isConstant(n)).map((n) => q.constant(n)!)
  if (data.length === 0) q.unsupported('every input constant (should have been folded)')
  const n = inputs.length
  const shift = node.opType === 'Mean' ? averageShift(n) : 0
  const pow2 = node.opType === 'Sum' || 2 ** shift === n
  const steps: Step[] = data.slice(1).map((other) => ({ kind: 'add', other }))
  if (constants.length) steps.push({ kind: 'constants', sum: broadcastSum(node, constants) })
  if (!pow2) steps.push({ kind: 'divide', mul: Math.round(2 ** shift / n), shift })
  if (steps.length === 0) steps.push({ kind: 'view' })
  let cur = data[0]!
  steps.forEach((step, i) => {
    const last = i === steps.length - 1
    const output = last ? out : `${out}@${node.opType.toLowerCase()}${i}`
    const s = q.scale(cur)
    const io = { inputs: [cur], outputs: [output] }
    let scale = s
    let shape = q.shape(cur)
    if (step.kind === 'add') {
      scale = Math.max(s, q.scale(step.other))
      shape = broadcastShapes(node, shape, q.shape(step.other))
      q.emit({ op: 'Add', name: `${node.name}.add${i}`, inputs: [cur, step.other], outputs: [output], shifts: [scale - s, scale - q.scale(step.other)], subtract: false })
    } else if (step.kind === 'constants') {
      shape = broadcastShapes(node, shape, step.sum.dims)
      q.emit({ op: 'Affine', name: `${node.name}.constants`, ...io, add: q.addConstant(`${node.name}.c`, step.sum.dims, quantizeArray(step.sum.data, s)) })
    } else if (step.kind === 'divide') {
      scale = s + step.shift
      q.emit({ op: 'Affine', name: `${node.name}.divide`, ...io, mul: q.addConstant(`${node.name}.inv_n`, [1], [step.mul]) })
    } else q.emit({ op: 'Reshape', name: node.name, ...io })
    if (last) q.setScale(out, scale + (pow2 ? shift : 0))
    else q.addTensor(output, shape, scale)
    cur = output
  })
}

function variadic(opType: 'Sum' | 'Mean', emits: ComputeOp['emits']): ComputeOp {
  return {
    opType,
  arity: [inputsRange(1, Infinity)],
    kind: 'compute',
    inferShape: (node, inputs) => {
      const infos = inputs.filter((t) => t !== undefined)
      return sameInfo(infos[0]!, infos.reduce<number[]>((s, x) => broadcastShapes(node, s, x.shape), []))
    },
    floatKernel: variadicKernel,
    quantize: quantizeVariadic,
    emits,
  }
}

/** Sum: Σ inputs (broadcast). Canonical as written. */
export const sum = variadic('Sum', ['Add', 'Affine', 'Reshape'])
/** Mean: Σ inputs / n (broadcast). Canonical as written. */
export const mean = variadic('Mean', ['Add', 'Affine', 'Reshape'])
