/**
 * A product with a proven bound, rounded: y = floor((x·y' + 2^(k−1)) / 2^k) where |x·y'| ≤ bound.
 *
 * One multiplication z = x·y' and one bit decomposition of z + 2^(k−1) (+ 2^(B−1) when z may be
 * negative) into B bits, B from `bound` — not from the product of the factors' intervals. The
 * decomposition *enforces* the bound, so z's interval is the enforced one: sound whatever the
 * factors' intervals, and complete when the caller's bound holds (a product beyond it is not
 * provable; the executor throws the same way). Use it where the factors are correlated so that
 * interval arithmetic overestimates the product (softmax: e_i · (2^k / Σ e); normalisation:
 * (x_i − μ) · (1/σ)). Cost: B + 2 constraints.
 */
import type { CircuitBuilder } from '../builder.js'
import { type Lc, lcAddConst, lcWire } from '../lc.js'
import { bitLength, bitsOutput, toBits, toBitsTail } from './bits.js'

/** See the module doc. `bound` is a non-negative bigint. */
export function mulRound(b: CircuitBuilder, x: Lc, y: Lc, shift: number, bound: bigint, label: string): Lc {
  const [xl] = b.interval(x)
  const [yl] = b.interval(y)
  const signed = xl < 0n || yl < 0n
  const half = shift > 0 ? 1n << BigInt(shift - 1) : 0n
  // The decomposition covers [−bound, bound] + half (or [0, bound] + half).
  const B = signed ? Math.max(bitLength(bound + half) + 1, shift + 1) : Math.max(bitLength(bound + half), shift)
  const offset = signed ? 1n << BigInt(B - 1) : 0n
  // Enforced by the decomposition: z + half + offset ∈ [0, 2^B).
  const lo = -offset - half
  const hi = (1n << BigInt(B)) - 1n - offset - half
  const z = b.alloc(lo, hi, () => b.value(x) * b.value(y), `${label}.prod`)
  b.enforceLazy(() => [x, y, lcWire(z)])
  // Witness-only mode reads z + half + offset only for its value (its Lc is built when recorded).
  // In witness-only mode one packed atom (the same Lc: see `bitsOutput`) over the top B − shift bits,
  // the only ones whose array is built.
  if (b.pack) return bitsOutput(b, toBitsTail(b, b.values[z]! + half + offset, B, shift, `${label}.round`), 0, B - shift, -(offset >> BigInt(shift)))
  const bits = toBits(b, lcAddConst(lcWire(z), half + offset), B, `${label}.round`)
  return bitsOutput(b, bits, shift, B, -(offset >> BigInt(shift)))
}
