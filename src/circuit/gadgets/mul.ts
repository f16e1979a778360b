/**
 * Product of two linear combinations: one wire z and one constraint `x · y = z`.
 * z's interval is the product interval, so later decompositions are sized correctly.
 */
import type { CircuitBuilder } from '../builder.js'
import { type Lc, lcConstantValue, lcScale, lcWire } from '../lc.js'
import { MAX_BITS, bitLength } from './bits.js'
import { QuantizationOverflowError } from '../../errors/quantize.js'

/** Returns `x · y` (free when either side is a constant). */
export function mul(b: CircuitBuilder, x: Lc, y: Lc, label: string): Lc {
  const cx = lcConstantValue(x)
  if (cx !== undefined) return lcScale(y, cx)
  const cy = lcConstantValue(y)
  if (cy !== undefined) return lcScale(x, cy)
  const [xl, xh] = b.interval(x)
  const [yl, yh] = b.interval(y)
  const corners = [xl * yl, xl * yh, xh * yl, xh * yh]
  const lo = corners.reduce((a, c) => (c < a ? c : a))
  const hi = corners.reduce((a, c) => (c > a ? c : a))
  const bits = Math.max(bitLength(-lo), bitLength(hi)) + 1
  if (bits > MAX_BITS) throw new QuantizationOverflowError({ where: label, bits, limit: MAX_BITS })
  const z = b.alloc(lo, hi, () => b.value(x) * b.value(y), label)
  b.enforceLazy(() => [x, y, lcWire(z)])
  return lcWire(z)
}
