/**
 * The ONNX operators the compiler accepts, and which of their inputs must be constants.
 */
import { UnsupportedOpError } from '../errors/compile.js'
import type { Graph } from './ir.js'

/** Lowest default-domain opset implemented (opset 6 is PyTorch's legacy export; see README). */
export const MIN_OPSET = 6
/** Highest default-domain opset implemented (ONNX 1.22). */
export const MAX_OPSET = 25

/**
 * Operators a model may contain. After `prepareGraph`, only {@link COMPUTE_OPS} remain
 * (Constant is folded, Dropout/Identity are removed, fold-only ops are evaluated).
 */
export const SUPPORTED_OPS = [
  'Add',
  'ArgMax',
  'AveragePool',
  'BatchNormalization',
  'Cast',
  'Clip',
  'Concat',
  'Constant',
  'ConstantOfShape',
  'Conv',
  'Div',
  'Dropout',
  'Flatten',
  'Gather',
  'Gemm',
  'GlobalAveragePool',
  'Identity',
  'LeakyRelu',
  'MatMul',
  'MaxPool',
  'Mul',
  'Relu',
  'Reshape',
  'Shape',
  'Sigmoid',
  'Slice',
  'Softmax',
  'Squeeze',
  'Sub',
  'Transpose',
  'Unsqueeze',
] as const

/** A supported operator type. */
export type SupportedOp = (typeof SUPPORTED_OPS)[number]

/** Operators supported only when every input is a constant (shape arithmetic of PyTorch exports). */
export const FOLD_ONLY_OPS: readonly SupportedOp[] = ['Cast', 'ConstantOfShape', 'Gather', 'Shape', 'Slice']

/**
 * Operators that can remain in a prepared graph. `Identity` remains only where a graph output
 * is directly another graph input or output.
 */
export const COMPUTE_OPS: readonly SupportedOp[] = SUPPORTED_OPS.filter(
  (op) => !FOLD_ONLY_OPS.includes(op) && op !== 'Constant' && op !== 'Dropout',
)

/**
 * Input positions that must be compile-time constants (initializers or folded values), by op.
 * Runtime values there raise {@link UnsupportedOpError}. (Weights of Conv/Gemm/MatMul may be
 * runtime values for the float executor; the circuit lowering decides what it accepts.)
 */
export const CONSTANT_INPUT_SLOTS: Readonly<Partial<Record<SupportedOp, readonly number[]>>> = {
  Clip: [1, 2],
  Reshape: [1],
  Squeeze: [1],
  Unsqueeze: [1],
  BatchNormalization: [1, 2, 3, 4],
}

const SUPPORTED = new Set<string>(SUPPORTED_OPS)

/** True when `opType` is in {@link SUPPORTED_OPS}. */
export function isSupportedOp(opType: string): opType is SupportedOp {
  return SUPPORTED.has(opType)
}

/**
 * Checks that every node uses a supported operator and no graph-valued attribute.
 * @param parameters.graph the parsed graph
 * @throws {UnsupportedOpError} for the first unsupported node (its message lists the supported ops)
 */
export function assertSupportedOps({ graph }: { graph: Graph }): void {
  for (const node of graph.nodes) {
    if (!isSupportedOp(node.opType))
      throw new UnsupportedOpError({ opType: node.opType, nodeName: node.name, opset: graph.opset, supportedOps: SUPPORTED_OPS })
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
