/**
 * The graph IR of the ONNX front end: a small, typed, plain-data view of an ONNX model.
 *
 * Conventions:
 * - Every tensor's elements live in a `Float64Array` in row-major (C) order, whatever its
 *   `dtype`: floats are widened to float64, integers and booleans (0/1) are stored exactly.
 *   64-bit integers beyond ±2^53 lose precision (only shape-like int64 values matter here);
 *   the writer saturates them to the int64 range.
 * - Dimensions are numbers; in model inputs/outputs a symbolic dimension is its `dim_param`
 *   name (a string), and an unknown unnamed dimension is the empty string `''`.
 * - An empty string in `Node.inputs` marks an absent optional input; in `Node.outputs` an
 *   unused optional output.
 * - `Graph.opset` is the version of the default ONNX domain (`''` / `ai.onnx`); nodes of any
 *   other domain are rejected by the parser.
 * - Attributes keep their ONNX type (`int` vs `float` matters when writing); read them with
 *   the helpers in `attributes.ts`.
 */

import { ShapeMismatchError } from '../errors/compile.js'

/** Element type of a tensor (ONNX `TensorProto.DataType`, lower-cased numpy-style names). */
export type DType =
  | 'float32'
  | 'float64'
  | 'float16'
  | 'bfloat16'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'bool'

/** A dense tensor. `data.length` is the product of `dims` (1 for a scalar, `dims = []`). */
export type Tensor = {
  dtype: DType
  dims: number[]
  data: Float64Array
}

/** One dimension of a declared shape: a size, a symbolic name, or `''` (unknown). */
export type Dim = number | string

/** A graph input or output as declared in the model. `shape` is undefined when the rank is unknown. */
export type ValueInfo = {
  name: string
  dtype: DType
  shape?: Dim[] | undefined
}

/** A node attribute, tagged with its ONNX attribute type. */
export type Attribute =
  | { type: 'float'; value: number }
  | { type: 'int'; value: number }
  | { type: 'string'; value: string }
  | { type: 'tensor'; value: Tensor }
  | { type: 'floats'; value: number[] }
  | { type: 'ints'; value: number[] }
  | { type: 'strings'; value: string[] }
  /** Graphs, sparse tensors, type protos: kept only so that the op check can name them. */
  | { type: 'unsupported'; onnxType: string }

/** One operator application. */
export type Node = {
  opType: string
  /** Unique within the graph; synthesized as `${opType}_${index}` when the model leaves it empty. */
  name: string
  inputs: string[]
  outputs: string[]
  attributes: Record<string, Attribute>
}

/** A parsed model: one graph, its weights, and the default-domain opset. */
export type Graph = {
  opset: number
  /** `producer_name` (and version) of the model, e.g. `pytorch 2.3.0`. */
  producer?: string | undefined
  /** Graph name. */
  name?: string | undefined
  /** Runtime inputs (initializers are never listed here). */
  inputs: ValueInfo[]
  outputs: ValueInfo[]
  /** Constant tensors by name (weights, biases, shape constants). */
  initializers: Map<string, Tensor>
  /** Nodes in topological order. */
  nodes: Node[]
}

/** Static type of one value of a prepared graph: its dtype and concrete shape. */
export type TensorInfo = {
  dtype: DType
  shape: number[]
}

/**
 * A graph after {@link prepareGraph}: constants folded, Identity/Dropout removed, every node in
 * canonical form (see `README.md`), and the concrete shape of every value known.
 * `inputs` and `outputs` carry concrete (numeric) shapes.
 */
export type PreparedGraph = Graph & {
  /** Shape and dtype of every value: graph inputs, initializers and node outputs. */
  tensors: Map<string, TensorInfo>
}

/**
 * Most elements a tensor of the IR may hold: 2^28 (2 GiB as float64). Every tensor is stored in a
 * Float64Array, so this also bounds any single allocation the front end makes; a model declaring more
 * (e.g. initializer dims whose product exceeds 2^31) is refused with a typed error before anything is
 * allocated. No model small enough to prove comes near it (circuits are capped at 2^26 constraints).
 */
export const MAX_TENSOR_ELEMENTS = 2 ** 28

/**
 * The element count of `dims`, or `undefined` when a dim is not a non-negative safe integer or the
 * count exceeds {@link MAX_TENSOR_ELEMENTS} (checked as it multiplies, so it never overflows).
 */
export function checkedShapeSize(dims: readonly number[]): number | undefined {
  let n = 1
  for (const d of dims) if (!Number.isSafeInteger(d) || d < 0) return undefined
  if (dims.includes(0)) return 0
  for (const d of dims) {
    n *= d
    if (n > MAX_TENSOR_ELEMENTS) return undefined
  }
  return n
}

/** Number of elements of a shape (1 for a scalar). */
export function shapeSize(shape: readonly number[]): number {
  let n = 1
  for (const d of shape) n *= d
  return n
}

/**
 * Creates a tensor, checking that `data` has as many elements as `dims` implies.
 * @param parameters.dtype element type
 * @param parameters.dims shape
 * @param parameters.data elements, row-major; copied into a new Float64Array unless it already is one
 * @returns the tensor
 * @throws {ShapeMismatchError} when the element count does not match the shape (or a dim is invalid)
 * @example
 * const w = createTensor({ dtype: 'float32', dims: [2, 2], data: [1, 0, 0, 1] })
 */
export function createTensor({
  dtype,
  dims,
  data,
}: {
  dtype: DType
  dims: readonly number[]
  data: ArrayLike<number> | Float64Array
}): Tensor {
  const size = checkedShapeSize(dims)
  if (size === undefined || data.length !== size)
    throw new ShapeMismatchError({ opType: 'createTensor', nodeName: dtype, shapes: [dims, [data.length]], reason: `tensor data has ${data.length} elements, shape [${dims.join(',')}] needs ${size ?? 'an invalid count'}` })
  return { dtype, dims: [...dims], data: data instanceof Float64Array ? data : Float64Array.from(data) }
}

/** True for the floating-point dtypes (computed in float64 by the executor). */
export function isFloatDType(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'float16' || dtype === 'bfloat16'
}
