/**
 * Sign bit: the wire [x ≥ 0] from one bit decomposition (the iris code's one non-linear step).
 *
 * Let x have interval [lo, hi] with lo < 0 ≤ hi. Take the least B with 2^(B−1) ≥ −lo and 2^(B−1) > hi, and
 * decompose u = x + 2^(B−1) into B bits (`toBits`: B booleanity constraints + 1 recomposition). Then
 * u ∈ [0, 2^B), and its top bit is [u ≥ 2^(B−1)] = [x ≥ 0]. Cost: B + 1 constraints.
 * SOUNDNESS: the decomposition is unique because 2^B < p, and u's true value lies in [0, 2^B) by the
 * interval promise of x (which the caller's constraints must keep, e.g. range-checked inputs feeding
 * a linear map). An x outside its interval has no witness (the decomposition fails), it never
 * yields a wrong bit.
 * Constant-sign intervals cost nothing: lo ≥ 0 gives the constant 1, hi < 0 the constant 0.
 */
import type { CircuitBuilder } from '../builder.js'
import { type Lc, lcAddConst, lcConst, lcWire } from '../lc.js'
import { bitLength, toBits } from './bits.js'

export type SignBitReturnType = Lc

/**
 * The bit [x ≥ 0] (see the module doc).
 *
 * @param b - The circuit builder.
 * @param x - A linear combination whose interval is enforced by the caller.
 * @param label - Name used in wire labels and errors.
 * @returns A linear combination of value 0 or 1 (a single boolean wire, or a constant).
 * @throws {QuantizationOverflowError} When x's interval needs more than 250 bits.
 * @throws {WitnessGenerationError} In witness mode, when x's value lies outside its interval.
 * @example
 * import { signBit } from './sign.js'
 * const bit = signBit(b, response, 'code[17]') // [response ≥ 0], B + 1 constraints
 */
export function signBit(b: CircuitBuilder, x: Lc, label: string): SignBitReturnType {
  const [lo, hi] = b.interval(x)
  if (lo >= 0n) return lcConst(1n)
  if (hi < 0n) return lcConst(0n)
  const B = Math.max(bitLength(-lo - 1n), bitLength(hi)) + 1
  const bits = toBits(b, lcAddConst(x, 1n << BigInt(B - 1)), B, label)
  return lcWire(bits[B - 1]!)
}
