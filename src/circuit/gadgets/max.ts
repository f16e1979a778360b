/**
 * max(a, b) from one sign decomposition, with a tight output interval.
 *
 * Let d = a − b with interval [lo, hi] (lo < 0 < hi; otherwise the larger operand is known and
 * the gadget is free). Take the least B with 2^(B−1) ≥ −lo and 2^(B−1) > hi, decompose
 * u = d + 2^(B−1) into B bits (`toBits`: B booleanity constraints + 1 recomposition), so that the
 * top bit s = [d ≥ 0], and allocate the output m with
 *   s · (u − 2^(B−1)) = m − b                         (1 constraint)
 * i.e. m = b + s·(a − b) = max(a, b). Cost: B + 2 constraints.
 *
 * SOUNDNESS: u's decomposition is unique (2^B < p) and, by the interval promises of a and b (which
 * the callers' constraints keep), u's true value lies in [0, 2^B), so s is the true sign and m the
 * true maximum; an a or b outside its interval has no witness. Hence m's interval
 * [max(lo_a, lo_b), max(hi_a, hi_b)] is a consequence of the constraints, not a new promise (the
 * composition b + relu(a − b) this replaces carried the looser [lo_b, hi_b + hi_a − lo_b]).
 * `a` and `b` are used as given (no materializing wire): a long linear combination only lengthens
 * the C side of the two constraints, which the proving key does not store.
 */
import type { CircuitBuilder } from '../builder.js'
import { type Lc, lcAddConst, lcSub, lcWire } from '../lc.js'
import { packedDifferenceInterval } from '../packedLc.js'
import { bitLength, bitsToLc, toBitsOf } from './bits.js'

/**
 * max(a, b) (see the module doc).
 *
 * @param b - The circuit builder.
 * @param x - First operand; its interval is enforced by the caller.
 * @param y - Second operand; its interval is enforced by the caller.
 * @param label - Name used in wire labels and errors.
 * @returns The maximum: `x` or `y` itself when the intervals decide it, else a new wire.
 * @throws {QuantizationOverflowError} When x − y needs more than 250 bits.
 * @throws {WitnessGenerationError} In witness mode, when x − y lies outside its interval.
 * @example
 * const m = max2(b, left, right, 'pool[0,3].r0_0') // B + 2 constraints
 */
export function max2(b: CircuitBuilder, x: Lc, y: Lc, label: string): Lc {
  // Witness-only mode reads x − y only for its interval and value: both come without building its
  // terms (`packedDifferenceInterval`, value(x) − value(y)); the constraints build it when recorded.
  // (No named closures here: this runs once per comparison.)
  let diff: Lc | undefined
  const [lo, hi] = (b.pack && packedDifferenceInterval(x, y)) || b.interval((diff = lcSub(x, y)))
  if (lo >= 0n) return x
  if (hi <= 0n) return y
  const B = Math.max(bitLength(-lo - 1n), bitLength(hi)) + 1
  const offset = 1n << BigInt(B - 1)
  const bits = b.pack
    ? toBitsOf(b, () => lcAddConst((diff ??= lcSub(x, y)), offset), () => b.value(x) - b.value(y) + offset, B, label)
    : toBitsOf(b, () => lcAddConst((diff ??= lcSub(x, y)), offset), () => b.value(lcAddConst((diff ??= lcSub(x, y)), offset)), B, label)
  const s = bits[B - 1]!
  const [xlo, xhi] = b.interval(x)
  const [ylo, yhi] = b.interval(y)
  const m = b.alloc(xlo > ylo ? xlo : ylo, xhi > yhi ? xhi : yhi, () => (b.values[s]! === 1n ? b.value(x) : b.value(y)), `${label}.max`)
  b.enforceLazy(() => [lcWire(s), lcAddConst(bitsToLc(bits), -offset), lcSub(lcWire(m), y)])
  return b.wireLc(m)
}
