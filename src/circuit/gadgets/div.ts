/**
 * Rounded division of two activations: q = floor((2·num + den) / (2·den)) with den ≥ 1
 * (round half up of num/den).
 *
 * Witness q and remainder r; constraints:
 *   q · (2·den) = 2·num + den − r     (1 multiplication)
 *   r ∈ [0, 2^n),  2·den − 1 − r ≥ 0  (so 0 ≤ r < 2·den)
 *   den − 1 ≥ 0                        (a zero or negative divisor is not provable; skipped when
 *                                      den's interval already starts at 1 or more)
 *   q range-checked to its interval    (without it, q could be any field element); |q| ≤ |num| / dlo + 1
 */
import type { CircuitBuilder } from '../builder.js'
import { type Lc, lcAddConst, lcDot, lcWire } from '../lc.js'
import { MAX_BITS, bitLength, toBits } from './bits.js'
import { QuantizationOverflowError } from '../../errors/quantize.js'
import { WitnessGenerationError } from '../../errors/prove.js'

/** Rounded quotient `num / den` (den must be ≥ 1 at prove time). */
export function div(b: CircuitBuilder, num: Lc, den: Lc, label: string): Lc {
  const [nl, nh] = b.interval(num)
  const [dl, dh] = b.interval(den)
  // With den ≥ max(1, dl): |q| ≤ |num| / max(1, dl) + 1.
  const qMag = (nh > -nl ? nh : -nl) / (dl > 1n ? dl : 1n) + 1n
  const qBits = bitLength(qMag) + 1
  if (qBits + bitLength(2n * dh) > MAX_BITS) {
    throw new QuantizationOverflowError({ where: label, bits: qBits + bitLength(2n * dh), limit: MAX_BITS })
  }
  let qv = 0n
  let rv = 0n
  if (b.computeWitness) {
    const nv = b.value(num)
    const dv = b.value(den)
    if (dv < 1n) throw new WitnessGenerationError({ wire: label, reason: `divisor ${dv} is not ≥ 1` })
    const top = 2n * nv + dv
    const d2 = 2n * dv
    qv = top >= 0n ? top / d2 : -((-top + d2 - 1n) / d2)
    rv = top - qv * d2
  }
  const q = b.alloc(-qMag, qMag, () => qv, `${label}.q`)
  const r = b.alloc(0n, 2n * dh - 1n, () => rv, `${label}.r`)
  b.enforceLazy(() => [lcWire(q), lcDot([2n], [den]), lcDot([2n, 1n, -1n], [num, den, lcWire(r)])])
  const rBits = bitLength(2n * dh)
  toBits(b, lcWire(r), rBits, `${label}.r`)
  toBits(b, lcDot([2n, -1n], [den, lcWire(r)], -1n), rBits, `${label}.rlt`)
  if (dl < 1n) toBits(b, lcAddConst(den, -1n), Math.max(1, bitLength(dh - 1n)), `${label}.den`)
  toBits(b, lcAddConst(lcWire(q), 1n << BigInt(qBits - 1)), qBits, `${label}.qrange`)
  return lcWire(q)
}
