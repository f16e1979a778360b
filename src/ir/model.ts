/**
 * The quantized (integer) model: what the circuit proves and what the browser needs to compute
 * the witness. Plain JSON-serialisable data.
 *
 * Fixed point: a tensor with scale exponent s holds integers n standing for n / 2^s.
 * Every op below has exact integer semantics, implemented once in `src/ir/lower/` over a
 * `Domain` (numbers → the integer reference executor; circuit builder → constraints + witness).
 */

import type { PiecewiseTable } from './piecewise.js'

/** Format version of the serialised integer model. */
export const QUANTIZED_MODEL_VERSION = 1

/** An integer constant tensor (weights, biases, broadcast constants), row-major. */
export type IntTensor = { dims: number[]; data: number[] }

/**
 * Shape and fixed-point scale exponent of a value. `dtype` marks a non-float value (absent: a
 * fixed-point float): `int` and `bool` values are integers at scale 0, and a `bool` value is
 * proven to be 0 or 1 (a range-checked 1-bit input, a comparison, logic on bools), so consumers
 * such as `Where` may rely on it.
 */
export type TensorMeta = { shape: number[]; scale: number; dtype?: 'int' | 'bool' }

/** A model input: its quantization and the range the circuit enforces. */
export type QuantizedInput = {
  name: string
  shape: number[]
  scale: number
  bits: number
  signed: boolean
  /** Float range the input may take: [min, max] = [lo / 2^scale, hi / 2^scale]. */
  min: number
  max: number
}

/** A model output as the circuit exposes it. */
export type QuantizedOutput = {
  name: string
  shape: number[]
  scale: number
  /** Applied after the proven values (outside the circuit) over the last axis: Softmax or LogSoftmax as the last op. */
  postprocess?: 'softmax' | 'logsoftmax' | undefined
  /** The output is an index (ArgMax): integers, scale 0. */
  isIndex?: boolean | undefined
}

type Io = { name: string; inputs: string[]; outputs: string[] }

/** The closed set of integer ops. Each line's semantics is documented in its kernel file. */
export type QNode =
  | (Io & { op: 'Linear'; weight: string; bias?: string | undefined })
  | (Io & {
      /** N-D convolution (weight [M, C/group, k...]); one entry per spatial axis, pads [begin..., end...]. */
      op: 'Conv'
      weight: string
      bias?: string | undefined
      pads: number[]
      strides: number[]
      dilations: number[]
      group: number
      /** Zeros inserted between input elements (ConvTranspose as a Conv); absent: all 1. */
      inputDilations?: number[] | undefined
    })
  | (Io & {
      /**
       * Numpy matmul of rank ≥ 2 operands (batch dims broadcast). Inputs [a, b] (both data), or
       * [x] with the constant `weight` as the right operand (the left one when `weightLeft`).
       */
      op: 'MatMul'
      weight?: string | undefined
      weightLeft?: boolean | undefined
    })
  | (Io & { op: 'Requant'; shift: number; relu: boolean })
  | (Io & { op: 'Affine'; mul?: string | undefined; add?: string | undefined })
  | (Io & { op: 'Add'; shifts: [number, number]; subtract: boolean })
  | (Io & { op: 'Mul' })
  /**
   * y = round(a·2^shift / max(b, min)) (min ≥ 1; absent: 1); `signed`: y = round(a·b·2^shift / max(b², min²)),
   * a divisor of either sign (0 at b = 0). See `lower/func.ts`.
   */
  | (Io & { op: 'Div'; shift: number; min?: number | undefined; signed?: boolean | undefined })
  | (Io & {
      /** N-D pooling window; one entry per spatial axis, pads [begin..., end...]. */
      op: 'MaxPool' | 'SumPool'
      kernel: number[]
      pads: number[]
      strides: number[]
      dilations: number[]
      /** SumPool only: divide by the window count (as ×round(2^avgShift/count), scale += avgShift). */
      average?: { shift: number; countIncludePad: boolean } | undefined
    })
  | (Io & {
      /** y = mul · Σ x over `axes` (sorted); output elements in the kept dims' row-major order. */
      op: 'ReduceSum'
      axes: number[]
      mul: number
    })
  | (Io & { op: 'CumSum'; axis: number; exclusive: boolean; reverse: boolean })
  | (Io & { op: 'Reshape' })
  | (Io & { op: 'Transpose'; perm: number[] })
  | (Io & { op: 'Concat'; axis: number; shifts: number[] })
  | (Io & { op: 'ArgMax'; axis: number; selectLastIndex: boolean })
  | (Io & { op: 'LeakyRelu'; shift: number; alpha: number; alphaShift: number })
  | (Io & { op: 'Clip'; shift: number; lo: number | null; hi: number | null })
  /** y = the table's value at x (`piecewise.ts`): element-wise functions (Exp, Tanh, Gelu, …). */
  | (Io & { op: 'Func'; fn: string; table: PiecewiseTable })
  /** y = floor(√(max(x, 0) · 2^shift)) (shift ≥ 0). */
  | (Io & { op: 'Sqrt'; shift: number })
  /**
   * y = round(2^shift / max(x, min)) (min ≥ 1); `signed`: y = round(2^shift · x / max(x², min)),
   * the reciprocal of either sign (0 at x = 0).
   */
  | (Io & { op: 'Reciprocal'; shift: number; min: number; signed: boolean })
  /**
   * Normalisation of consecutive rows of `rowSize` elements (`lower/normalize.ts`): with
   * D_i = N·x_i − Σx, V = Σ D_i², Q = floor(√((V + eps)·2^rootShift)),
   * R = round(recipNum / max(Q, recipMin)): z_i = round(D_i·R / 2^shift), |D_i·R| ≤ bound.
   * With `stat: 'invStd'` the output is R, one value per row (LayerNormalization's InvStdDev).
   */
  | (Io & { op: 'Normalize'; rowSize: number; eps: number; rootShift: number; recipNum: number; recipMin: number; shift: number; bound: number; stat?: 'invStd' | undefined })
  /**
   * Softmax over `axis` in the circuit (`lower/softmax.ts`): per row m = max, e_i = exp(x_i − m)
   * (table), R = round(2^recipShift / max(Σe, recipMin)), y_i = round(e_i·R / 2^outShift) with
   * |e_i·R| ≤ bound. With `log` (LogSoftmax): y_i = (x_i − m)·2^log.shift − log-table(Σe); with
   * `log.reduce` (ReduceLogSumExp): one value per row, m·2^log.shift + log-table(Σe), the axis kept
   * with size 1.
   */
  | (Io & {
      op: 'Softmax'
      axis: number
      exp: PiecewiseTable
      recipShift: number
      recipMin: number
      outShift: number
      bound: number
      log?: { table: PiecewiseTable; shift: number; reduce?: boolean | undefined } | undefined
    })
  /**
   * Data movement (Pad, Slice, Gather, Expand, Tile, Split, Resize-nearest, …): let src be the
   * inputs' elements concatenated in order, each input flattened row-major and multiplied by
   * 2^shifts[k]. Output element i is src[index[i]] when index[i] ≥ 0, 0 when index[i] = −1, and
   * the constant fill[−index[i] − 2] (already at the output scale: a constant operand's value)
   * when index[i] ≤ −2. `index` and `fill` name constant tensors; `index` has one entry per
   * output element. No arithmetic: zero constraints. (With hidden weights, `fill` is private.)
   */
  | (Io & { op: 'IndexMap'; index: string; shifts: number[]; fill?: string | undefined })
  /**
   * A constant-coefficient sparse linear map (Resize linear/cubic, ScatterElements add): with src
   * the inputs' elements concatenated (flattened, unshifted), output element i is
   * Σ_{t < terms} weight[i·terms + t] · src[index[i·terms + t]] + bias[i]; entries with index −1
   * add nothing, an absent bias is 0. Weights and bias are constant tensors. Zero constraints.
   * (With hidden weights, `bias` — constant operands' contributions — is private.)
   */
  | (Io & { op: 'SparseLinear'; index: string; weight: string; terms: number; bias?: string | undefined })
  /**
   * Cast of a fixed-point value to an integer or a bool (scale 0): `to: 'int'` is
   * trunc(x / 2^shift) (rounded toward zero, as ONNX casts floats; x · 2^−shift when shift < 0);
   * `to: 'bool'` is 1 when x ≠ 0, else 0 (shift unused, 0).
   */
  | (Io & { op: 'Cast'; to: 'int' | 'bool'; shift: number })
  // Comparisons, logic, selection, rounding (kernels in lower/compare.ts and lower/select.ts).
  /** [a·2^s0 − b·2^s1  cmp  0] per broadcast element (b absent: a·2^s0 cmp 0); output: a proven bit. */
  | (Io & { op: 'Compare'; cmp: 'less' | 'lessOrEqual' | 'greater' | 'greaterOrEqual' | 'equal'; shifts: [number, number] })
  /** and a·b, or a + b − a·b, xor a + b − 2ab of two proven bits (broadcast). */
  | (Io & { op: 'Logic'; fn: 'and' | 'or' | 'xor' })
  /** inputs [c, x, y]: c ? x·2^s0 : y·2^s1 per broadcast element; c must be a proven bit. */
  | (Io & { op: 'Where'; shifts: [number, number] })
  /** x / 2^shift rounded to an integer: floor, ceil, or half to even (ONNX Round). */
  | (Io & { op: 'Round'; mode: 'floor' | 'ceil' | 'halfEven'; shift: number })
  /** Max / min over `axes` (sorted, distinct); the output shape (keepdims or not) is the tensor's. */
  | (Io & { op: 'ReduceMax' | 'ReduceMin'; axes: number[] })
  /** outputs [values, indices]: the k largest (or smallest) along `axis`, sorted, ties to the lower index. */
  | (Io & { op: 'TopK'; axis: number; k: number; largest: boolean })
  /** One-hot of the first maximum along `axis`. */
  | (Io & { op: 'Hardmax'; axis: number })

/**
 * A requantization the quantizer inserted so that the integer executor stays exact: the node's
 * values would have passed 2^52 (see `interval.ts`), so its input was first brought down to its
 * target scale, as at a non-linear point.
 */
export type AutoRequant = {
  /** The graph node (and its op type) whose input was requantized. */
  node: string
  opType: string
  /** The value requantized, and by how many bits its scale dropped. */
  tensor: string
  shift: number
  /** Bit length of the largest value the executor would handle for that node without it, and with it. */
  bits: number
  bitsAfter: number
}

export type QuantizedModel = {
  version: typeof QUANTIZED_MODEL_VERSION
  inputs: QuantizedInput[]
  outputs: QuantizedOutput[]
  /** Every value's shape and scale, by name. */
  tensors: Record<string, TensorMeta>
  constants: Record<string, IntTensor>
  nodes: QNode[]
  /** The requantizations inserted to keep the executor exact (absent when none were). */
  requantized?: AutoRequant[] | undefined
}
