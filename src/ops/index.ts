/**
 * The operator registry: every ONNX operator the compiler accepts, by op type, each defined in
 * one place (see README.md in this folder and {@link OpDefinition}). The passes look ops up here
 * (`opDefinition`); the supported-op lists below are derived from the table.
 */
import { UnsupportedOpError } from '../errors/compile.js'
import type { Graph } from '../onnx/ir.js'
import { abs } from './abs.js'
import { add, div, mul, sub } from './binary.js'
import { argMax } from './argMax.js'
import { argMin } from './argMin.js'
import { attention } from './attention.js'
import { batchNormalization } from './batchNormalization.js'
import { clip } from './clip.js'
import { concat } from './concat.js'
import { equal, greater, greaterOrEqual, less, lessOrEqual } from './compare.js'
import { conv } from './conv.js'
import { convTranspose } from './convTranspose.js'
import { cumSum } from './cumSum.js'
import { einsum } from './einsum.js'
import { flatten } from './flatten.js'
import { cast } from './cast.js'
import { depthToSpace, spaceToDepth } from './depthToSpace.js'
import { expand, tile } from './expand.js'
import { constantOfShape, shape } from './foldOnly.js'
import { celu, elu, erfOp, exp, gelu, log, mish, selu, sigmoid, softplusOp, swish, tanh } from './functions.js'
import { gather, gatherElements } from './gather.js'
import { pad } from './pad.js'
import { resize, upsample } from './resize.js'
import { scatterElements } from './scatterElements.js'
import { slice } from './slice.js'
import { split } from './split.js'
import { trilu } from './trilu.js'
import { gemm } from './gemm.js'
import { hardSigmoid, hardSwish } from './hardSigmoid.js'
import { hardmax } from './hardmax.js'
import { constant, dropout } from './graphOnly.js'
import { identity } from './identity.js'
import { leakyRelu } from './leakyRelu.js'
import { and, not, or, xor } from './logic.js'
import { lpPool } from './lpPool.js'
import { matMul } from './matMul.js'
import { max, min } from './minMax.js'
import { neg } from './neg.js'
import { groupNormalization, instanceNormalization, layerNormalization } from './normalization.js'
import { pRelu } from './pRelu.js'
import { averagePool, globalAveragePool, maxPool } from './pool.js'
import { pow, reciprocal, sqrt } from './power.js'
import { reduceMean, reduceSum, reduceSumSquare } from './reduce.js'
import { reduceL2, reduceLogSumExp } from './reduceFunctions.js'
import { globalMaxPool, reduceMax, reduceMin } from './reduceMax.js'
import { relu } from './relu.js'
import { reshape } from './reshape.js'
import { ceil, floor, round } from './round.js'
import { shrink } from './shrink.js'
import { sign } from './sign.js'
import { logSoftmax, softmax } from './softmax.js'
import { softsign } from './softsign.js'
import { squeeze, unsqueeze } from './squeeze.js'
import { thresholdedRelu } from './thresholdedRelu.js'
import { topK } from './topK.js'
import { transpose } from './transpose.js'
import { mean, sum } from './variadic.js'
import { where } from './where.js'
import type { Kernel, OpDefinition } from './types.js'
import { assertArity } from './arity.js'
import { InternalError } from '../errors/internal.js'

export type { ComputeOp, FoldOp, GraphOp, Kernel, OpDefinition, QuantizeContext } from './types.js'

/** Lowest default-domain opset implemented (opset 6 is PyTorch's legacy export; see README). */
export const MIN_OPSET = 6
/** Highest default-domain opset implemented (ONNX 1.22). */
export const MAX_OPSET = 25

/** Every supported operator's definition, by op type (alphabetical). */
export const OPS = {
  Abs: abs,
  Add: add,
  And: and,
  ArgMax: argMax,
  ArgMin: argMin,
  Attention: attention,
  AveragePool: averagePool,
  BatchNormalization: batchNormalization,
  Cast: cast,
  Ceil: ceil,
  Celu: celu,
  Clip: clip,
  Concat: concat,
  Constant: constant,
  ConstantOfShape: constantOfShape,
  Conv: conv,
  ConvTranspose: convTranspose,
  CumSum: cumSum,
  DepthToSpace: depthToSpace,
  Div: div,
  Dropout: dropout,
  Einsum: einsum,
  Elu: elu,
  Equal: equal,
  Erf: erfOp,
  Exp: exp,
  Expand: expand,
  Flatten: flatten,
  Floor: floor,
  Gather: gather,
  GatherElements: gatherElements,
  Gelu: gelu,
  Gemm: gemm,
  GlobalAveragePool: globalAveragePool,
  GlobalMaxPool: globalMaxPool,
  Greater: greater,
  GreaterOrEqual: greaterOrEqual,
  GroupNormalization: groupNormalization,
  HardSigmoid: hardSigmoid,
  HardSwish: hardSwish,
  Hardmax: hardmax,
  Identity: identity,
  InstanceNormalization: instanceNormalization,
  LayerNormalization: layerNormalization,
  LeakyRelu: leakyRelu,
  Less: less,
  LessOrEqual: lessOrEqual,
  Log: log,
  LogSoftmax: logSoftmax,
  LpPool: lpPool,
  MatMul: matMul,
  Max: max,
  MaxPool: maxPool,
  Mean: mean,
  Min: min,
  Mish: mish,
  Mul: mul,
  Neg: neg,
  Not: not,
  Or: or,
  PRelu: pRelu,
  Pad: pad,
  Pow: pow,
  Reciprocal: reciprocal,
  ReduceL2: reduceL2,
  ReduceLogSumExp: reduceLogSumExp,
  ReduceMax: reduceMax,
  ReduceMean: reduceMean,
  ReduceMin: reduceMin,
  ReduceSum: reduceSum,
  ReduceSumSquare: reduceSumSquare,
  Relu: relu,
  Reshape: reshape,
  Resize: resize,
  Round: round,
  ScatterElements: scatterElements,
  Selu: selu,
  Shape: shape,
  Shrink: shrink,
  Sigmoid: sigmoid,
  Sign: sign,
  Slice: slice,
  Softmax: softmax,
  Softplus: softplusOp,
  Softsign: softsign,
  SpaceToDepth: spaceToDepth,
  Split: split,
  Sqrt: sqrt,
  Squeeze: squeeze,
  Sub: sub,
  Sum: sum,
  Swish: swish,
  Tanh: tanh,
  ThresholdedRelu: thresholdedRelu,
  Tile: tile,
  TopK: topK,
  Transpose: transpose,
  Trilu: trilu,
  Unsqueeze: unsqueeze,
  Upsample: upsample,
  Where: where,
  Xor: xor,
} as const satisfies Record<string, OpDefinition>

/** A supported operator type. */
export type SupportedOp = keyof typeof OPS

/**
 * Operators a model may contain. After `prepareGraph`, only {@link COMPUTE_OPS} remain
 * (Constant is folded, Dropout/Identity are removed, fold-only ops are evaluated).
 */
export const SUPPORTED_OPS: readonly SupportedOp[] = Object.keys(OPS) as SupportedOp[]

const BY_TYPE: ReadonlyMap<string, OpDefinition> = new Map(Object.entries(OPS))

/** The definition of `opType`, or undefined when it is not supported (safe for any string). */
export function opDefinition(opType: string): OpDefinition | undefined {
  return BY_TYPE.get(opType)
}

/** Operators supported only when every input is a constant (shape arithmetic of PyTorch exports). */
export const FOLD_ONLY_OPS: readonly SupportedOp[] = SUPPORTED_OPS.filter((op) => OPS[op].kind === 'fold')

/**
 * Operators that can remain in a prepared graph. `Identity` remains only where a graph output
 * is directly another graph input or output.
 */
export const COMPUTE_OPS: readonly SupportedOp[] = SUPPORTED_OPS.filter((op) => OPS[op].kind === 'compute')

/**
 * Input positions that must be compile-time constants (initializers or folded values), by op
 * (each op's `constantInputs`). Runtime values there raise {@link UnsupportedOpError}. (Weights
 * of Conv/Gemm/MatMul may be runtime values for the float executor; the quantizer decides what
 * it accepts.)
 */
export const CONSTANT_INPUT_SLOTS: Readonly<Partial<Record<SupportedOp, readonly number[]>>> = Object.fromEntries(
  SUPPORTED_OPS.flatMap((op) => {
    const slots = OPS[op].constantInputs
    return slots ? [[op, slots]] : []
  }),
)

/**
 * True when the graph's opset is supported: within [MIN_OPSET, MAX_OPSET], or below MIN_OPSET
 * with every node's op unchanged since that opset (its `oldestOpset`).
 */
export function isSupportedOpset(graph: Pick<Graph, 'opset' | 'nodes'>): boolean {
  if (graph.opset > MAX_OPSET) return false
  return graph.opset >= MIN_OPSET || graph.nodes.every((n) => (opDefinition(n.opType)?.oldestOpset ?? MIN_OPSET) <= graph.opset)
}

/** True when `opType` is in {@link SUPPORTED_OPS}. */
export function isSupportedOp(opType: string): opType is SupportedOp {
  return BY_TYPE.has(opType)
}

/**
 * The float kernel of a compute or fold-only op.
 * @throws {InternalError} for an op without one (unsupported, Constant, Dropout): prepared graphs never hold them
 */
export function floatKernel(opType: string): Kernel {
  const def = opDefinition(opType)
  if (!def || def.kind === 'graph') throw new InternalError({ invariant: `no float kernel for ${opType}` })
  return def.floatKernel
}

/**
 * Checks that every node uses a supported operator with a valid number of inputs and outputs (its
 * definition's `arity`) and no graph-valued attribute.
 * @param parameters.graph the parsed graph
 * @throws {UnsupportedOpError} for the first unsupported node (its message lists the supported ops)
 * @throws {OnnxParseError} for a node with missing or extra inputs or outputs
 */
export function assertSupportedOps({ graph }: { graph: Graph }): void {
  for (const node of graph.nodes) {
    const def = opDefinition(node.opType)
    if (!def) throw new UnsupportedOpError({ opType: node.opType, nodeName: node.name, opset: graph.opset, supportedOps: SUPPORTED_OPS })
    assertArity(node, def.arity, graph.opset)
    for (const [name, a] of Object.entries(node.attributes))
      if (a.type === 'unsupported')
        throw new UnsupportedOpError({
          opType: node.opType,
          nodeName: node.name,
          opset: graph.opset,
          reason: `attribute "${name}" of type ${a.onnxType} is not supported`,
        })
  }
}
