/**
 * A `Domain` is the arithmetic an integer kernel runs on. Two exist:
 * - `numberDomain`: plain JS numbers (exact integers below 2^53): the integer reference executor.
 * - `circuitDomain(builder)`: linear combinations over circuit wires: constraints + witness.
 * Kernels in this folder are written once against this interface, so the executor and the circuit
 * cannot disagree. Non-primitive ops (max, min, clip, …) are composed in `compose.ts`.
 */
import type { IntTensor } from './model.js'
import type { PiecewiseTable } from './piecewise.js'

/**
 * Where a `dot`'s coefficients (and bias) sit in the model's constant tensors: lets a circuit domain
 * make the weights private wires instead of constants (`weights: 'private'`). Other domains ignore it.
 * With a ref, zero coefficients are passed too (a private weight's value is not known to the circuit).
 */
export type WeightRef = {
  /** The constant tensor the coefficients come from (absent: they are structural constants). */
  weight?: IntTensor | undefined
  /** Flat index in `weight.data` of each coefficient (same length as `coeffs`)… */
  index?: ArrayLike<number> | undefined
  /** …or, when `index` is absent, coefficient i sits at `offset + i` (contiguous rows). */
  offset?: number | undefined
  /** The constant tensor the bias comes from, if any, and the bias's flat index in it. */
  bias?: IntTensor | undefined
  biasIndex?: number | undefined
}

export interface Domain<T> {
  readonly kind: 'number' | 'circuit'
  /** The integer constant c. */
  constant(c: number): T
  /**
   * Σ coeffs[i] · xs[i] + bias (coefficients and bias are safe integers). Free in the circuit with
   * constant weights; with private weights (and a `ref`) one constraint per product.
   */
  dot(coeffs: ArrayLike<number>, xs: readonly T[], bias: number, ref?: WeightRef): T
  /** floor((x + 2^(shift−1)) / 2^shift), then max(0, ·) if relu. */
  requantize(x: T, shift: number, relu: boolean, label: string): T
  /**
   * max(x, y). In the circuit one sign decomposition of x − y, the result carrying the interval
   * [max(lo), max(hi)] (`gadgets/max.ts`).
   */
  max(x: T, y: T, label: string): T
  /** x · y. */
  mul(x: T, y: T, label: string): T
  /** floor((2·num + den) / (2·den)) for den ≥ 1 (rounded num/den); den < 1 throws. */
  div(num: T, den: T, label: string): T
  /** Lowest index of the maximum. */
  argmax(xs: readonly T[], label: string): T
  /**
   * A piecewise-polynomial table's value at x (exact semantics in `piecewise.ts`): every smooth
   * element-wise function (Exp, Tanh, Gelu, …) compiled to integers.
   */
  piecewise(x: T, table: PiecewiseTable, label: string): T
  /** floor(√x) for x ≥ 0 (x < 0 throws: not provable). */
  isqrt(x: T, label: string): T
  /**
   * floor((x·y + 2^(shift−1)) / 2^shift) where |x·y| ≤ bound (a product beyond the bound throws:
   * not provable). The circuit sizes the rounding from `bound`, not from the factors' intervals:
   * for correlated factors (softmax's e_i · 1/Σe, normalisation's (x − μ) · 1/σ).
   */
  mulRound(x: T, y: T, shift: number, bound: number, label: string): T
  /** [x ≥ 0]: 1 or 0 (comparisons, Sign). */
  nonNegative(x: T, label: string): T
  /** [x = 0]: 1 or 0 (Equal, Sign, Hardmax). */
  isZero(x: T, label: string): T
  /**
   * The k largest of `xs` (1 ≤ k ≤ xs.length), largest first, ties to the lower index (ONNX
   * TopK), each with its one-hot selector row over `xs` (its index is Σ i · selectors[j][i]).
   */
  topK(xs: readonly T[], k: number, label: string): { values: T[]; selectors: T[][] }
}

/** A tensor of domain values, row-major. */
export type DTensor<T> = { shape: number[]; data: T[] }
