/**
 * The ONNX operators the compiler accepts, and which of their inputs must be constants.
 */
import { OnnxParseError, UnsupportedOpError } from '../errors/compile.js'
import type { Graph, Node } from './ir.js'

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

/** How many inputs and outputs a node may have: [min, max] (max `Infinity` for variadic ops). */
export type OpArity = { inputs: readonly [number, number]; outputs: readonly [number, number] }

const one: OpArity = { inputs: [1, 1], outputs: [1, 1] }
const two: OpArity = { inputs: [2, 2], outputs: [1, 1] }

/**
 * Input and output counts of every supported op (from the ONNX operator specs), as a list of forms by
 * the opset they start at. A node outside its form is not valid ONNX and is refused by
 * {@link assertSupportedOps} before any op-specific code reads its inputs. Counts exclude trailing
 * empty names (absent optional inputs); inputs below the minimum, and every input of a variadic op,
 * must be non-empty.
 */
export const OP_ARITY: Readonly<Record<SupportedOp, readonly (OpArity & { opset?: number })[]>> = {
  Add: [two],
  ArgMax: [one],
  AveragePool: [one],
  BatchNormalization: [{ inputs: [5, 5], outputs: [1, 5] }],
  Cast: [one],
  Clip: [one, { opset: 11, inputs: [1, 3], outputs: [1, 1] }],
  Concat: [{ inputs: [1, Infinity], outputs: [1, 1] }],
  Constant: [{ inputs: [0, 0], outputs: [1, 1] }],
  ConstantOfShape: [one],
  Conv: [{ inputs: [2, 3], outputs: [1, 1] }],
  Div: [two],
  Dropout: [{ inputs: [1, 1], outputs: [1, 2] }, { opset: 12, inputs: [1, 3], outputs: [1, 2] }],
  Flatten: [one],
  Gather: [two],
  Gemm: [{ inputs: [2, 3], outputs: [1, 1] }],
  GlobalAveragePool: [one],
  Identity: [one],
  LeakyRelu: [one],
  MatMul: [two],
  MaxPool: [{ inputs: [1, 1], outputs: [1, 2] }],
  Mul: [two],
  Relu: [one],
  Reshape: [one, { opset: 5, ...two }],
  Shape: [one],
  Sigmoid: [one],
  Slice: [one, { opset: 10, inputs: [3, 5], outputs: [1, 1] }],
  Softmax: [one],
  Squeeze: [one, { opset: 13, inputs: [1, 2], outputs: [1, 1] }],
  Sub: [two],
  Transpose: [one],
  Unsqueeze: [one, { opset: 13, ...two }],
}

/** The arity of `op` at `opset` (the last form starting at or before it). */
export function opArity(op: SupportedOp, opset: number): OpArity {
  const forms = OP_ARITY[op]
  return forms.filter((f) => (f.opset ?? 0) <= opset).at(-1) ?? forms[0]!
}

/** Throws {@link OnnxParseError} when `node` has too few or too many inputs or outputs for its op. */
function assertArity(node: Node & { opType: SupportedOp }, opset: number): void {
  const { inputs, outputs } = opArity(node.opType, opset)
  const fail = (what: string): never => {
    throw new OnnxParseError(`Invalid ONNX node "${node.name}" (${node.opType}): ${what}.`, { nodeName: node.name })
  }
  const range = ([lo, hi]: readonly [number, number]) => (lo === hi ? `${lo}` : hi === Infinity ? `${lo} or more` : `${lo} to ${hi}`)
  const count = (names: readonly string[]) => {
    let n = names.length
    while (n > 0 && !names[n - 1]) n--
    return n
  }
  const nIn = count(node.inputs)
  if (nIn < inputs[0] || nIn > inputs[1]) fail(`${nIn} input(s) given; ${node.opType} takes ${range(inputs)} at opset ${opset}`)
  // Inputs below the minimum are required; a variadic op's inputs are all required.
  const missing = node.inputs.slice(0, inputs[1] === Infinity ? nIn : inputs[0]).findIndex((name) => !name)
  if (missing >= 0) fail(`required input ${missing} is empty`)
  const nOut = count(node.outputs)
  if (nOut < outputs[0] || nOut > outputs[1]) fail(`${nOut} output(s) given; ${node.opType} has ${range(outputs)}`)
  if (!node.outputs[0]) fail('output 0 is empty')
}

const SUPPORTED = new Set<string>(SUPPORTED_OPS)

/** True when `opType` is in {@link SUPPORTED_OPS}. */
export function isSupportedOp(opType: string): opType is SupportedOp {
  return SUPPORTED.has(opType)
}

/**
 * Checks that every node uses a supported operator with a valid number of inputs and outputs
 * ({@link OP_ARITY}) and no graph-valued attribute.
 * @param parameters.graph the parsed graph
 * @throws {UnsupportedOpError} for the first unsupported node (its message lists the supported ops)
 * @throws {OnnxParseError} for a node with missing or extra inputs or outputs
 */
export function assertSupportedOps({ graph }: { graph: Graph }): void {
  for (const node of graph.nodes) {
    if (!isSupportedOp(node.opType))
      throw new UnsupportedOpError({ opType: node.opType, nodeName: node.name, opset: graph.opset, supportedOps: SUPPORTED_OPS })
    assertArity(node as Node & { opType: SupportedOp }, graph.opset)
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
