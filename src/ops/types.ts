/**
 * The shape of an operator definition: everything the compiler knows about one ONNX operator,
 * in one object (see README.md in this folder). The passes look an op up in the registry
 * (`index.ts`) and call the part they need:
 *
 * - `prepareGraph` (`src/onnx/prepare.ts`): `constantInputs`, `canonicalize`, then either
 *   `floatKernel` (constant folding) or `inferShape`;
 * - `execFloat` and `calibrateRanges`: `floatKernel`;
 * - `quantizeGraph` (`src/quantize/quantize.ts`): `quantize`, which emits integer nodes (`QNode`,
 *   `src/ir/model.ts`) whose Domain kernels (`src/ir/lower/`) give the executor, the constraints
 *   and the witness in one pass.
 */
import type { Attribute, Node, Tensor, TensorInfo } from '../onnx/ir.js'
import type { QNode } from '../ir/model.js'
import type { ArityForm } from './arity.js'

/**
 * A float kernel. It reads a canonical node (see `canonicalize.ts`) and its input tensors
 * (undefined for absent optional inputs) and returns its outputs. Kernels never mutate their
 * inputs; view kernels (Reshape, Flatten, Squeeze, Unsqueeze, Identity) return tensors that share
 * the input's `data`. All arithmetic is float64; integer dtypes are kept exact (Div truncates
 * toward zero). `opset` matters only for the fold-only ops, which see raw (non-canonical) nodes.
 */
export type Kernel = (node: Node, inputs: readonly (Tensor | undefined)[], opset: number) => Tensor[]

/** What canonicalization may ask about the graph being prepared (given by `prepareGraph`). */
export type CanonicalContext = {
  opset: number
  /** Dtype and shape of a value defined so far. */
  info(name: string): TensorInfo
  /** The constant value of a name, if it is one. */
  constant(name: string): Tensor | undefined
  /** True when a value is read by a later node or is a graph output. */
  isUsed(name: string): boolean
  /** A value/initializer name not used anywhere in the graph yet. */
  freshName(base: string): string
}

/** Canonical replacement of one node: the nodes to emit and the new initializers they read. */
export type CanonicalResult = { nodes: Node[]; initializers: [string, Tensor][] }

/** What an op's `canonicalize` gets: the graph's {@link CanonicalContext} plus helpers bound to the node. */
export type CanonicalizeContext = CanonicalContext & {
  /** The node's inputs without trailing absent (`''`) ones. */
  inputs: string[]
  /** Dtype and shape of input 0. */
  x: TensorInfo
  /** Rank of input 0. */
  rank: number
  /** Throws an `UnsupportedOpError` naming the node, with `reason`. */
  unsupported(reason: string): never
  /** Adds a new initializer under a fresh name derived from `base`; returns that name. */
  addInitializer(base: string, tensor: Tensor): string
  /**
   * The node itself with exactly these `attributes`, the given `inputs` (default: {@link inputs})
   * and `outputs` (default: its first output only), plus the initializers added so far.
   */
  rewrite(attributes: Record<string, Attribute>, inputs?: string[], outputs?: string[]): CanonicalResult
  /** Several nodes replacing this one, plus the initializers added so far. */
  result(nodes: Node[]): CanonicalResult
}

/** Rewrites one node (of any supported opset) into canonical form. */
export type Canonicalize = (node: Node, ctx: CanonicalizeContext) => CanonicalResult

/**
 * Output infos of a canonical node.
 * @param inputs infos of `node.inputs` (undefined for absent optional inputs)
 * @param constant the constant value of a named tensor, if any
 * @throws {ShapeMismatchError} incompatible input shapes
 */
export type InferShape = (node: Node, inputs: readonly (TensorInfo | undefined)[], constant: (name: string) => Tensor | undefined) => TensorInfo[]

/**
 * What an op's quantization rule may read and do (implemented by `src/quantize/context.ts`; the
 * driver `quantizeGraph` hands one to each node's rule, in graph order).
 *
 * Fixed point: a value with scale exponent s holds integers n standing for n / 2^s. A rule reads
 * the scales of its inputs, emits integer nodes ({@link QNode}) and records the scale of each
 * output with `setScale`. Constants it needs are added with `addConstant` / `addWeights`.
 */
export type QuantizeContext = {
  /** The prepared graph's opset. */
  readonly opset: number
  /** This node's activation bit width (the global one unless set per layer, see `src/quantize/bitWidths.ts`). */
  readonly activationBits: number
  /** Weight bit width: quantized weights lie in ±(2^(weightBits − 1) − 1). */
  readonly weightBits: number
  /** Scale of a value already in the integer model. @throws {InternalError} when it is not */
  scale(name: string): number
  /** Shape of a value of the prepared graph (of the integer model for a value the quantizer introduced, e.g. `x@requant`). */
  graphShape(name: string): number[]
  /** Shape of a value of the integer model (graph values and the ones the quantizer introduced). */
  shape(name: string): number[]
  /**
   * Records a graph value in the integer model: its graph shape, the scale `scale` and, for an
   * integer or bool ONNX dtype, `dtype` (such values must sit at scale 0: another scale throws
   * `UnsupportedOpError`).
   */
  setScale(name: string, scale: number): void
  /**
   * Records a value the rule introduces (not in the graph, e.g. `x@T`) with its shape and scale,
   * and its dtype when it is an integer or a proven boolean (see `TensorMeta`).
   */
  addTensor(name: string, shape: number[], scale: number, dtype?: 'int' | 'bool'): void
  /**
   * `'int'` or `'bool'` for a non-float value of the integer model (integers at scale 0; a bool is
   * proven to be 0 or 1), undefined for a fixed-point float. Graph values get it from their ONNX
   * dtype when their scale is recorded.
   */
  dtype(name: string): 'int' | 'bool' | undefined
  /** The largest scale s with the calibrated max |x| · 2^s ≤ 2^(B − 1) − 1, B the activation width of the node producing `name`. */
  targetScale(name: string): number
  /** The calibrated float range of a graph value ({ min: 0, max: 0 } when it has none). */
  range(name: string): { min: number; max: number }
  /**
   * Bit length of the largest |integer| the integer model's value `name` can take over every input
   * in its quantized range (the interval analysis, `src/ir/interval.ts`), for a value already
   * emitted (by this rule too); undefined where no analysis runs. Unlike {@link targetScale}'s
   * calibrated promise, this bound holds for every input: rules whose constants depend on the
   * magnitude (the normalisations' exact variance) size them by it.
   */
  magnitudeBits(name: string): number | undefined
  /** The initializer of that name, if it is one (undefined for undefined). */
  constant(name: string | undefined): Tensor | undefined
  /** True when `name` is an initializer. */
  isConstant(name: string): boolean
  /** Adds an integer constant under a fresh name made from `hint`; returns the name. */
  addConstant(hint: string, dims: number[], data: number[]): string
  /** Quantizes float weights at this node's weight bit width (the largest scale that holds them) and adds them. */
  addWeights(hint: string, dims: number[], data: ArrayLike<number>): { name: string; scale: number }
  /**
   * Requantizes `name` down to its target scale if it is above it (one `Requant` node, shared by
   * every consumer of `name`); returns the name of the result. Integer and bool values are returned
   * as they are (they are exact).
   */
  toTarget(name: string, label: string): string
  /** Appends an integer node to the model. */
  emit(node: QNode): void
  /**
   * Marks `name` as a softmax (or log-softmax) over its last axis applied after proving: the
   * circuit proves the logits, only view ops ({@link ComputeOp.isView}) may follow, and the graph
   * output reached gets `postprocess: kind` (default 'softmax').
   */
  softmaxAfterProving(name: string, kind?: 'softmax' | 'logsoftmax'): void
  /**
   * True when only view ops ({@link ComputeOp.isView}) follow `name` up to the graph outputs (so a
   * Softmax there may be applied after proving).
   */
  onlyViewsFollow(name: string): boolean
  /** Throws an `UnsupportedOpError` naming the node being quantized, with `reason`. */
  unsupported(reason: string): never
}

/** The quantization rule of a compute op: emits the node's integer form through `ctx`. */
export type Quantize = (node: Node, ctx: QuantizeContext) => void

type Common = {
  /** The ONNX operator type (default domain), e.g. `Gemm`. */
  opType: string
  /**
   * Input and output counts by the opset each form starts at (from the ONNX operator spec):
   * `assertSupportedOps` refuses a node outside its form before any op code reads its inputs.
   */
  arity: readonly ArityForm[]
  /**
   * Input positions that must be compile-time constants (initializers or folded values); a
   * runtime value there raises `UnsupportedOpError` during `prepareGraph`.
   */
  constantInputs?: readonly number[] | undefined
  /**
   * The oldest model opset this definition reads correctly, when below `MIN_OPSET` (the op is
   * unchanged since then, e.g. Not since opset 1). A model whose opset is below `MIN_OPSET` is
   * accepted only when every one of its ops allows that opset.
   */
  oldestOpset?: number | undefined
}

/** An op that can remain in a prepared graph: it runs in float, in integers and in the circuit. */
export type ComputeOp = Common & {
  kind: 'compute'
  /** Rewrites the node into canonical form; absent: the node is already canonical as written. */
  canonicalize?: Canonicalize | undefined
  inferShape: InferShape
  floatKernel: Kernel
  quantize: Quantize
  /** The integer ops `quantize` may emit (each lowers through its `src/ir/lower/` kernel). */
  emits: readonly QNode['op'][]
  /**
   * The output is the input's elements in the same row-major order (Reshape, Flatten, Squeeze,
   * Unsqueeze, Identity): such ops may follow a Softmax that is applied after proving.
   */
  isView?: boolean | undefined
}

/** An op supported only when all its inputs are constants: `prepareGraph` evaluates it with its float kernel. */
export type FoldOp = Common & {
  kind: 'fold'
  /** Reads the raw (non-canonical) node of any supported opset. */
  floatKernel: Kernel
}

/** An op `prepareGraph` consumes itself (Constant becomes an initializer, Dropout an alias of its input). */
export type GraphOp = Common & { kind: 'graph' }

/** Everything the compiler knows about one ONNX operator. */
export type OpDefinition = ComputeOp | FoldOp | GraphOp
