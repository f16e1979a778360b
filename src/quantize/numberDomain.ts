/**
 * The integer reference executor's arithmetic: exact integers carried in JS numbers.
 * Exactness needs every intermediate below 2^53: the quantizer keeps every value (and partial sum)
 * below 2^52, inserting requantizations where a chain of linear ops would pass it, and the compiler
 * checks the finished model (`src/ir/interval.ts`, `src/quantize/executorRange.ts`).
 */
import type { Domain } from '../ir/domain.js'
import { WitnessGenerationError } from '../errors/prove.js'
import { evalPiecewiseArgument, floorShift, roundFraction } from '../ir/piecewise.js'

export const numberDomain: Domain<number> = {
  kind: 'number',
  constant: (c) => c,
  dot(coeffs, xs, bias) {
    let s = bias
    for (let i = 0; i < xs.length; i++) s += coeffs[i]! * xs[i]!
    return s
  },
  requantize(x, shift, relu) {
    const q = shift === 0 ? x : Math.floor((x + 2 ** (shift - 1)) / 2 ** shift)
    return relu && q < 0 ? 0 : q
  },
  max: (x, y) => (x > y ? x : y),
  mul: (x, y) => x * y + 0, // + 0 turns −0 into 0 (the circuit has no −0)
  div(num, den, label) {
    if (den < 1) throw new WitnessGenerationError({ wire: label, reason: `divisor ${den} is not ≥ 1` })
    return Math.floor((2 * num + den) / (2 * den))
  },
  piecewise(x, table, label) {
    const p = evalPiecewiseArgument(table, floorShift(x, table.shift))
    if (!Number.isSafeInteger(p)) throw new WitnessGenerationError({ wire: label, reason: `value ${p} is not exact in the integer executor` })
    return roundFraction(p, table.fracBits)
  },
  isqrt(x, label) {
    if (x < 0) throw new WitnessGenerationError({ wire: label, reason: `square root of ${x} < 0` })
    let y = Math.floor(Math.sqrt(x))
    // Math.sqrt is correctly rounded, but guard the floor for large x anyway.
    while (y * y > x) y--
    while ((y + 1) * (y + 1) <= x) y++
    return y
  },
  mulRound(x, y, shift, bound, label) {
    const p = x * y
    if (!(Math.abs(p) <= bound)) throw new WitnessGenerationError({ wire: label, reason: `product ${p} exceeds its bound ${bound}` })
    return shift === 0 ? p : Math.floor((p + 2 ** (shift - 1)) / 2 ** shift)
  },
  argmax(xs) {
    let best = 0
    for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[best]!) best = i
    return best
  },
  nonNegative: (x) => (x >= 0 ? 1 : 0),
  isZero: (x) => (x === 0 ? 1 : 0),
  topK(xs, k) {
    const order = xs.map((_, i) => i).sort((p, q) => xs[q]! - xs[p]! || p - q).slice(0, k)
    return { values: order.map((i) => xs[i]!), selectors: order.map((c) => xs.map((_, i) => (i === c ? 1 : 0))) }
  },
}
