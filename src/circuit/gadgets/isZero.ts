/**
 * Is-zero: the wire [x = 0] (Equal, Sign, Round's tie test).
 *
 * Witness: z = [x = 0] and v = x⁻¹ (mod p) when x ≠ 0, else 0. Constraints (3):
 *   z · (z − 1) = 0           z is a bit
 *   x · z = 0                 x ≠ 0 forces z = 0
 *   (x + z) · (v + z) = 1     x = 0 needs z ≠ 0, so z = 1 and then v = 0; x ≠ 0 (z = 0) gives v = x⁻¹
 * so every wire is determined by x, not only the output.
 * SOUNDNESS: x's interval lies inside (−p/2, p/2) (it is a range-checked integer), so x ≡ 0 (mod p)
 * only for the integer 0. Free cases: a constant x gives a constant, and an interval without 0
 * gives the constant 0 (the caller's constraints keep x inside its interval).
 * Cost: 3 constraints, whatever the width of x.
 */
import type { CircuitBuilder } from '../builder.js'
import { FIELD_PRIME, toField } from '../field.js'
import { type Lc, lcConst, lcConstantValue, lcDot, lcWire } from '../lc.js'

/** Multiplicative inverse mod p of a non-zero field element (extended Euclid). */
function inverse(a: bigint): bigint {
  let [t, nt, r, nr] = [0n, 1n, FIELD_PRIME, toField(a)]
  while (nr !== 0n) {
    const q = r / nr
    ;[t, nt] = [nt, t - q * nt]
    ;[r, nr] = [nr, r - q * nr]
  }
  return toField(t)
}

/**
 * The bit [x = 0] (see the module doc).
 * @param b - The circuit builder.
 * @param x - A linear combination whose interval is enforced by the caller.
 * @param label - Name used in wire labels.
 * @returns A linear combination of value 0 or 1 (one wire, or a constant).
 * @example
 * const eq = isZero(b, lcSub(a, c), 'eq[3]') // [a = c], 3 constraints
 */
export function isZero(b: CircuitBuilder, x: Lc, label: string): Lc {
  const c = lcConstantValue(x)
  if (c !== undefined) return lcConst(c === 0n ? 1n : 0n)
  const [lo, hi] = b.interval(x)
  if (lo > 0n || hi < 0n) return lcConst(0n)
  const xv = b.computeWitness ? b.value(x) : 0n
  const v = b.alloc(0n, FIELD_PRIME - 1n, () => (xv === 0n ? 0n : inverse(xv)), `${label}.inv`)
  const z = b.alloc(0n, 1n, () => (xv === 0n ? 1n : 0n), `${label}.isZero`)
  b.enforceLazy(() => [lcWire(z), lcDot([1n], [lcWire(z)], -1n), lcConst(0n)])
  b.enforceLazy(() => [x, lcWire(z), lcConst(0n)])
  b.enforceLazy(() => [lcDot([1n, 1n], [x, lcWire(z)]), lcDot([1n, 1n], [lcWire(v), lcWire(z)]), lcConst(1n)])
  return lcWire(z)
}
