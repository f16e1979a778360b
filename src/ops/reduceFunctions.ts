/**
 * ReduceL2 and ReduceLogSumExp (axes as an attribute before opset 18, a constant input from 18;
 * keepdims; noop_with_empty_axes), built on the function family.
 *
 * Integer form: the reduced axes are brought last (`Transpose`, free) and flattened into rows of
 * n (`Reshape`, free); then
 * - ReduceL2: x² (`Mul` of the value with itself: one constraint per input element), the row sum
 *   (`Linear` with unit weights, free) and its square root (`Sqrt`: 2b + 3 constraints per output
 *   for a b-bit root);
 * - ReduceLogSumExp: a `Softmax` node in log-sum-exp mode: per row the max (n − 1 comparisons),
 *   exp(x − max) by a table, the sum, and log of the sum by a table; y = max + log Σ exp(x − max).
 * Empty reductions and the no-op form are refused.
 */
import type { Node } from '../onnx/ir.js'
import { shapeSize } from '../onnx/ir.js'
import { ONE_IN, inputsRange } from './arity.js'
import { canonicalizeAxesReduce, inferAxesReduce, reducedAxes, reducedShape } from './reduceMax.js'
import { quantizeSoftmaxRows } from './softmax.js'
import { quantizeSqrt } from './quantizeFunctions.js'
import type { ComputeOp, Kernel, QuantizeContext } from './types.js'

type ReduceFunction = 'ReduceL2' | 'ReduceLogSumExp'

function reduceFunctionKernel(op: ReduceFunction): Kernel {
  return (node, [x, axesT]) => {
    const dims = x!.dims
    const axes = reducedAxes(node, dims, axesT)
    const kept = dims.filter((_, d) => !axes.includes(d))
    const n = shapeSize(kept)
    const max = new Float64Array(n).fill(-Infinity)
    const acc = new Float64Array(n)
    const index = (idx: number[]) => {
      let o = 0
      for (let d = 0; d < dims.length; d++) if (!axes.includes(d)) o = o * dims[d]! + idx[d]!
      return o
    }
    const walk = (f: (o: number, v: number) => void) => {
      const idx = new Array<number>(dims.length).fill(0)
      for (let i = 0; i < x!.data.length; i++) {
        f(index(idx), x!.data[i]!)
        for (let d = dims.length - 1; d >= 0 && ++idx[d]! === dims[d]!; d--) idx[d] = 0
      }
    }
    if (op === 'ReduceL2') walk((o, v) => (acc[o]! += v * v))
    else {
      walk((o, v) => (max[o] = Math.max(max[o]!, v)))
      walk((o, v) => (acc[o]! += Math.exp(v - max[o]!)))
    }
    const out = Float64Array.from(acc, (a, o) => (op === 'ReduceL2' ? Math.sqrt(a) : max[o]! + Math.log(a)))
    return [{ dtype: x!.dtype, dims: reducedShape(node, dims, axes), data: out }]
  }
}

/** The reduced axes last, flattened to [rows, n]: returns the name of that 2-D value. */
function rowsOf(node: Node, q: QuantizeContext, x: string, axes: number[]): { rows2d: string; rows: number; n: number } {
  const shape = q.shape(x)
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i))
  const perm = [...kept, ...axes]
  const n = shapeSize(axes.map((a) => shape[a]!))
  const rows = shapeSize(kept.map((a) => shape[a]!))
  let at = x
  if (perm.some((p, i) => p !== i)) {
    at = `${node.outputs[0]}@t`
    q.addTensor(at, perm.map((p) => shape[p]!), q.scale(x))
    q.emit({ name: `${node.name}.transpose`, inputs: [x], outputs: [at], op: 'Transpose', perm })
  }
  const rows2d = `${node.outputs[0]}@rows`
  q.addTensor(rows2d, [rows, n], q.scale(x))
  q.emit({ name: `${node.name}.rows`, inputs: [at], outputs: [rows2d], op: 'Reshape' })
  return { rows2d, rows, n }
}

function quantizeReduceFunction(node: Node, q: QuantizeContext, op: ReduceFunction): void {
  const x = node.inputs[0]!
  const out = node.outputs[0]!
  const shape = q.graphShape(x)
  const axes = reducedAxes(node, shape, node.inputs[1] ? q.constant(node.inputs[1]) : undefined)
  if (axes.length === 0) q.unsupported('the no-op form (noop_with_empty_axes with no axes)')
  if (axes.some((a) => shape[a] === 0)) q.unsupported('an empty reduction')
  const xt = q.toTarget(x, `${node.name}.requant`)
  const { rows2d, rows, n } = rowsOf(node, q, xt, axes)
  let result: string
  if (op === 'ReduceL2') {
    const squares = `${out}@sq`
    q.addTensor(squares, [rows, n], 2 * q.scale(xt))
    q.emit({ name: `${node.name}.square`, inputs: [rows2d, rows2d], outputs: [squares], op: 'Mul' })
    const sum = `${out}@sum`
    q.addTensor(sum, [rows, 1], 2 * q.scale(xt))
    q.emit({ name: `${node.name}.sum`, inputs: [squares], outputs: [sum], op: 'Linear', weight: q.addConstant(`${node.name}.ones`, [1, n], new Array<number>(n).fill(1)) })
    const r = q.range(out)
    result = `${out}@root`
    quantizeSqrt(q, { x: sum, out: result, range: { min: 0, max: Math.max(r.max, 2 ** -q.scale(xt)) ** 2 }, label: node.name, graphOut: false })
  } else {
    result = `${out}@lse`
    quantizeSoftmaxRows(q, { x: rows2d, range: q.range(x), axis: 1, out: result, graphOut: false, outScale: q.scale(xt), mode: 'logsumexp', label: node.name })
  }
  q.emit({ name: `${node.name}.shape`, inputs: [result], outputs: [out], op: 'Reshape' })
  q.setScale(out, q.scale(result))
}

function reduceFunctionOp(opType: ReduceFunction): ComputeOp {
  return {
    opType,
    arity: [ONE_IN, inputsRange(1, 2, 18)],
    kind: 'compute',
    constantInputs: [1],
    canonicalize: canonicalizeAxesReduce,
    inferShape: inferAxesReduce,
    floatKernel: reduceFunctionKernel(opType),
    quantize: (node, q) => quantizeReduceFunction(node, q, opType),
    emits: ['Requant', 'Transpose', 'Reshape', 'Mul', 'Linear', 'Sqrt', 'Softmax'],
  }
}

/** ReduceL2: √(Σ x²) over the axes. Canonical: as ReduceMax. */
export const reduceL2 = reduceFunctionOp('ReduceL2')
/** ReduceLogSumExp: log Σ exp(x) over the axes. Canonical: as ReduceMax. */
export const reduceLogSumExp = reduceFunctionOp('ReduceLogSumExp')
