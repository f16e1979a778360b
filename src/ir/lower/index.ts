/**
 * The lowering table: for each integer op (`QNode['op']`, see `../model.ts`) the kernel that
 * evaluates it over a {@link Domain}. `runModel` (`../run.ts`) walks the graph and looks each node
 * up here, so the integer executor (numbers) and the circuit (constraints + witness) run the same
 * code. The table's type requires one entry per `QNode` case: adding an integer op is one `QNode`
 * case in `../model.ts` plus one entry (and, if needed, one kernel file) here.
 */
import type { Domain, DTensor } from '../domain.js'
import type { IntTensor, QNode, QuantizedModel } from '../model.js'
import { linear } from './linear.js'
import { conv } from './conv.js'
import { matmul } from './matmul.js'
import { cumSum, reduceSum } from './reduce.js'
import { pool } from './pool.js'
import { affine, binary, requantTensor } from './elementwise.js'
import { concat, reshape, transpose } from './shape.js'
import { argmaxTensor } from './argmax.js'
import { clip, leakyRelu } from './activation.js'
import { shiftLeft } from './compose.js'
import { divideOf, reciprocalOf, sqrtOf } from './func.js'
import { softmaxTensor } from './softmax.js'
import { normalizeRows } from './normalize.js'
import { indexMap, sources, sparseLinear } from './indexMap.js'
import { nonZero, truncShift } from './cast.js'
import { compareTensor, logic, roundShift, where } from './compare.js'
import { hardmax, reduceExtremum, topKTensor } from './select.js'

/** What a lowering reads besides its node. */
export type LowerContext<T> = {
  /** The model being run (constants, tensor scales and shapes). */
  model: Pick<QuantizedModel, 'tensors' | 'constants'>
  /** The value of the node's first input. */
  x: DTensor<T>
  /** The value of any tensor computed so far, by name. */
  get(name: string): DTensor<T>
  /** A constant tensor of the model by name; undefined when `name` is. */
  constant(name: string | undefined): IntTensor | undefined
  /** The shape of the node's output. */
  outShape: number[]
  /** The node's name: the prefix of the labels its gadgets get. */
  label: string
}

/** Evaluates one integer node of type `N` over a domain: its output, or its outputs in order (TopK). */
export type Lowering<N extends QNode = QNode> = <T>(D: Domain<T>, node: N, ctx: LowerContext<T>) => DTensor<T> | DTensor<T>[]

/** One lowering per integer op. */
export type LoweringTable = { readonly [K in QNode['op']]: Lowering<QNode & { op: K }> }

function map<T>(x: DTensor<T>, f: (v: T, i: number) => T): DTensor<T> {
  return { shape: x.shape, data: x.data.map(f) }
}

const poolLowering: Lowering<QNode & { op: 'MaxPool' | 'SumPool' }> = (D, node, { x, outShape, label }) =>
  pool(D, x, node.op === 'MaxPool' ? 'max' : 'sum', node, outShape, node.average, label)

/** The lowering of every integer op (semantics in each kernel's file). */
export const LOWERINGS: LoweringTable = {
  Linear: (D, node, { x, constant }) => linear(D, x, constant(node.weight)!, constant(node.bias)),
  Conv: (D, node, { x, constant, outShape }) => conv(D, x, constant(node.weight)!, constant(node.bias), node, outShape),
  MatMul: (D, node, { x, get, constant, outShape, label }) => {
    const w = constant(node.weight)
    if (!w) return matmul(D, { data: x }, { data: get(node.inputs[1]!) }, outShape, label)
    return node.weightLeft ? matmul(D, { weight: w }, { data: x }, outShape, label) : matmul(D, { data: x }, { weight: w }, outShape, label)
  },
  Requant: (D, node, { x, label }) => requantTensor(D, x, node.shift, node.relu, label),
  Affine: (D, node, { x, constant, outShape }) => affine(D, x, constant(node.mul), constant(node.add), outShape),
  Add: (D, node, { x, get, outShape }) => {
    const [ka, kb] = node.shifts
    const sign = node.subtract ? -1 : 1
    return binary(D, x, get(node.inputs[1]!), outShape, (a, b) => D.dot([2 ** ka, sign * 2 ** kb], [a, b], 0))
  },
  Mul: (D, node, { x, get, outShape, label }) => binary(D, x, get(node.inputs[1]!), outShape, (a, b, i) => D.mul(a, b, `${label}[${i}]`)),
  Div: (D, node, { x, get, outShape, label }) =>
    binary(D, x, get(node.inputs[1]!), outShape, (a, b, i) => divideOf(D, a, b, node.shift, node.min ?? 1, node.signed ?? false, `${label}[${i}]`)),
  MaxPool: poolLowering,
  SumPool: poolLowering,
  ReduceSum: (D, node, { x, outShape }) => reduceSum(D, x, node.axes, node.mul, outShape),
  CumSum: (D, node, { x }) => cumSum(D, x, node.axis, node.exclusive, node.reverse),
  Reshape: (_D, _node, { x, outShape }) => reshape(x, outShape),
  Transpose: (_D, node, { x }) => transpose(x, node.perm),
  Concat: (D, node, { get }) =>
    concat(
      node.inputs.map((n, i) => map(get(n), (v) => shiftLeft(D, v, node.shifts[i]!))),
      node.axis,
    ),
  ArgMax: (D, node, { x, outShape, label }) => argmaxTensor(D, x, node.axis, node.selectLastIndex, outShape, label),
  LeakyRelu: (D, node, { x, label }) => map(x, (v, i) => leakyRelu(D, v, node.shift, node.alpha, node.alphaShift, `${label}[${i}]`)),
  Clip: (D, node, { x, label }) => map(x, (v, i) => clip(D, v, node.shift, node.lo, node.hi, `${label}[${i}]`)),
  Func: (D, node, { x, label }) => map(x, (v, i) => D.piecewise(v, node.table, `${label}[${i}]`)),
  Sqrt: (D, node, { x, label }) => map(x, (v, i) => sqrtOf(D, v, node.shift, `${label}[${i}]`)),
  Softmax: (D, node, { x, label }) => softmaxTensor(D, x, node, label),
  Normalize: (D, node, { x, label }) => normalizeRows(D, x, node, label),
  Reciprocal: (D, node, { x, label }) => map(x, (v, i) => reciprocalOf(D, v, node.shift, node.min, node.signed, `${label}[${i}]`)),
  IndexMap: (D, node, { get, constant, outShape, label }) =>
    indexMap(D, sources(D, node.inputs.map(get), node.shifts), constant(node.index)!, constant(node.fill), outShape, label),
  SparseLinear: (D, node, { get, constant, outShape, label }) =>
    sparseLinear(D, sources(D, node.inputs.map(get)), { index: constant(node.index)!, weight: constant(node.weight)!, terms: node.terms, bias: constant(node.bias) }, outShape, label),
  Cast: (D, node, { x, label }) =>
    map(x, (v, i) => (node.to === 'bool' ? nonZero(D, v, `${label}[${i}]`) : truncShift(D, v, node.shift, `${label}[${i}]`))),
  Compare: (D, node, { x, get, outShape, label }) => compareTensor(D, x, node.inputs[1] ? get(node.inputs[1]) : undefined, node.cmp, node.shifts, outShape, label),
  Logic: (D, node, { x, get, outShape, label }) => binary(D, x, get(node.inputs[1]!), outShape, (a, b, i) => logic(D, node.fn, a, b, `${label}[${i}]`)),
  Where: (D, node, { x, get, outShape, label }) => where(D, x, get(node.inputs[1]!), get(node.inputs[2]!), node.shifts, outShape, label),
  Round: (D, node, { x, label }) => map(x, (v, i) => roundShift(D, v, node.shift, node.mode, `${label}[${i}]`)),
  ReduceMax: (D, node, { x, outShape, label }) => reduceExtremum(D, x, node.axes, false, outShape, label),
  ReduceMin: (D, node, { x, outShape, label }) => reduceExtremum(D, x, node.axes, true, outShape, label),
  TopK: (D, node, { x, label }) => topKTensor(D, x, node.axis, node.k, node.largest, label),
  Hardmax: (D, node, { x, label }) => hardmax(D, x, node.axis, label),
}
