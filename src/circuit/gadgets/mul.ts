/**
 * Product of two linear combinations: one wire z and one constraint `x · y = z`.
 * z's interval is the product interval, so later decompositions are sized correctly.
 */
import type { CircuitBuilder } from '../builder.js'
import { type Lc, lcConstantValue, lcScale, lcWire } from '../lc.js'
import { MAX_BITS, bitLength } from './bits.js'
import { smallBigInt } from '../packedLc.js'
import { QuantizationOverflowError } from '../../errors/quantize.js'

/** Returns `x · y` (free when either side is a constant). */
export function mul(b: CircuitBuilder, x: Lc, y: Lc, label: string): Lc {
  const cx = lcConstantValue(x)
  if (cx !== undefined) return lcScale(y, cx)
  const cy = lcConstantValue(y)
  if (cy !== undefined) return lcScale(x, cy)
  const [xl, xh] = b.interval(x)
  const [yl, yh] = b.interval(y)
  if (b.pack) {
    // Witness-only mode: the same interval and value, in doubles when exact (see `productFast`);
    // the constraint counted, not built.
    const z = productFast(b, x, y, xl, xh, yl, yh, label)
    if (z !== undefined) return b.wireLc(z)
  }
  const c1 = xl * yl
  const c2 = xl * yh
  const c3 = xh * yl
  const c4 = xh * yh
  const lo = minOf(minOf(c1, c2), minOf(c3, c4))
  const hi = maxOf(maxOf(c1, c2), maxOf(c3, c4))
  // lo ≤ 0 ≤ hi below 2^30 in magnitude (the usual case): both bit lengths are at most 31.
  const bits = lo > -SMALL && hi < SMALL ? 0 : Math.max(bitLength(-lo), bitLength(hi)) + 1
  if (bits > MAX_BITS) throw new QuantizationOverflowError({ where: label, bits, limit: MAX_BITS })
  const z = b.alloc(lo, hi, b.pack ? () => product(b, x, y) : () => b.value(x) * b.value(y), label)
  b.enforceLazy(() => [x, y, lcWire(z)])
  return b.wireLc(z)
}

/** 2^30: products within ±this need no bit-length check (far below MAX_BITS). */
const SMALL = 1n << 30n

function minOf(a: bigint, b: bigint): bigint {
  return a < b ? a : b
}

function maxOf(a: bigint, b: bigint): bigint {
  return a > b ? a : b
}

/** x·y's value (witness-only mode): in doubles when both factors and the product are exact, else in bigints. */
function product(b: CircuitBuilder, x: Lc, y: Lc): bigint {
  const vx = b.value(x)
  const vy = b.value(y)
  const p = Number(vx) * Number(vy)
  return p > -(2 ** 53) && p < 2 ** 53 ? smallBigInt(p) : vx * vy
}

/** 2^53: doubles below this in magnitude are exact integers. */
const EXACT_N = 2 ** 53

/**
 * `mul`'s wire z = x·y in witness-only mode, when every interval endpoint product is exact in doubles
 * (|x|·|y| < 2^53 at the endpoints; else undefined and `mul` takes its general path): the same
 * interval [lo, hi] (the extrema of the four endpoint products), the same value, the same wire and
 * the one constraint `x · y = z` counted. Values go through `allocValue` (its range check is `alloc`'s).
 */
function productFast(b: CircuitBuilder, x: Lc, y: Lc, xl: bigint, xh: bigint, yl: bigint, yh: bigint, label: string): number | undefined {
  const xlN = Number(xl)
  const xhN = Number(xh)
  const ylN = Number(yl)
  const yhN = Number(yh)
  if (Math.max(-xlN, xhN) * Math.max(-ylN, yhN) >= EXACT_N) return undefined
  const c1 = xlN * ylN
  const c2 = xlN * yhN
  const c3 = xhN * ylN
  const c4 = xhN * yhN
  // |lo|, |hi| < 2^53 ≤ 2^MAX_BITS: no bit-length check needed.
  const lo = smallBigInt(Math.min(c1, c2, c3, c4))
  const hi = smallBigInt(Math.max(c1, c2, c3, c4))
  const z = b.allocValue(lo, hi, product(b, x, y), label)
  b.countConstraints(1)
  return z
}
