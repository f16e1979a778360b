/**
 * Exact value ranges of the integer executor, for the executor's own exactness.
 *
 * The integer executor (`numberDomain`) carries integers in JS numbers, exact only below 2^53. A
 * chain of linear ops without a requantization between them (convolutions without activations,
 * a LeNet-style net) grows the integers by about weightBits + log2(fan-in) bits per layer, so a
 * deep chain can pass 2^53 (and, much later, the field-safe width of the circuit's gadgets,
 * `MAX_BITS` = 250). This module runs the integer kernels over a third {@link Domain} whose values
 * are closed intervals [lo, hi] of bigints and records, for every primitive the executor
 * evaluates, the largest magnitude it handles:
 *
 * - `dot`: |bias| + Σ |c_i| · max(|lo_i|, |hi_i|) — a bound of every partial sum, not only of the
 *   result (the executor adds the terms one by one);
 * - `requantize`: |x| + 2^(shift − 1) (the rounding offset is added before the shift);
 * - `mul`: the product's bound; `div`: 2·|num| + |den| (the executor's rounded division);
 * - `piecewise`: the table's P over the arguments (exact over its segments, linear tails at their
 *   ends) and the rounding offset; `isqrt`: |x|; `mulRound`: the product up to its bound.
 *
 * The executor is exact when that magnitude stays below 2^{@link EXECUTOR_BITS}. The quantizer uses
 * this (per op, as it emits nodes) to insert a requantization before an op that would pass it; the
 * compiler checks the finished model with {@link executorBits}.
 */
import type { Domain, DTensor } from './domain.js'
import type { QuantizedModel } from './model.js'
import { runNodes } from './run.js'
import { type PiecewiseTable, segmentPoly } from './piecewise.js'
import { argumentRange } from './piecewisePlan.js'

/** A closed integer interval. */
export type Interval = { lo: bigint; hi: bigint }

/** Largest bit length of a magnitude the integer executor handles exactly (|v| < 2^52, one bit of margin below 2^53). */
export const EXECUTOR_BITS = 52

/** Bit length of |x| (0 for 0). */
export function magnitudeBits(x: bigint): number {
  return (x < 0n ? -x : x).toString(2).length - (x === 0n ? 1 : 0)
}

const abs = (x: bigint) => (x < 0n ? -x : x)
const maxAbs = (v: Interval) => (abs(v.lo) > abs(v.hi) ? abs(v.lo) : abs(v.hi))
const floorDiv = (a: bigint, d: bigint) => (a >= 0n ? a / d : -((-a + d - 1n) / d))
const min = (xs: bigint[]) => xs.reduce((a, c) => (c < a ? c : a))
const max = (xs: bigint[]) => xs.reduce((a, c) => (c > a ? c : a))

/** floor(√n) for n ≥ 0. */
function isqrtBig(n: bigint): bigint {
  if (n < 2n) return n < 0n ? 0n : n
  let x = BigInt(Math.floor(Math.sqrt(Number(n))))
  while (x * x > n) x--
  while ((x + 1n) * (x + 1n) <= n) x++
  return x
}

/**
 * The range of a table's P over arguments [qlo, qhi] and the largest magnitude its evaluation
 * handles (Horner's partial values, bounded by Σ |c_j|·|r|^j per segment, or the tails).
 */
function tableRange(t: PiecewiseTable, qlo: bigint, qhi: bigint): { lo: bigint; hi: bigint; magnitude: bigint } {
  const half = t.lowBits > 0 ? 1n << BigInt(t.lowBits - 1) : 0n
  let magnitude = 0n
  for (let s = 0; s < t.coeffs.length; s++) {
    let bound = 0n
    segmentPoly(t, s).forEach((c, j) => (bound += abs(BigInt(c)) * half ** BigInt(j)))
    if (bound > magnitude) magnitude = bound
  }
  const tail = (mul: number, add: number, q: bigint) => abs(BigInt(mul) * q) + abs(BigInt(add))
  for (const q of [qlo, qhi]) magnitude = max([magnitude, tail(t.below.mul, t.below.add, q), tail(t.above.mul, t.above.add, q)])
  const exact = argumentRange(t, qlo, qhi)
  return exact ? { lo: exact[0], hi: exact[1], magnitude } : { lo: -magnitude, hi: magnitude, magnitude }
}

/**
 * The interval domain. `onMagnitude` receives the bound of every value (and partial sum) the
 * executor would handle (see the module doc).
 */
export function intervalDomain(onMagnitude: (magnitude: bigint) => void): Domain<Interval> {
  const roundShift = (x: bigint, shift: number) => (shift === 0 ? x : floorDiv(x + (1n << BigInt(shift - 1)), 1n << BigInt(shift)))
  return {
    kind: 'number',
    constant: (c) => ({ lo: BigInt(c), hi: BigInt(c) }),
    dot(coeffs, xs, bias) {
      let lo = BigInt(bias)
      let hi = lo
      let magnitude = abs(lo)
      for (let i = 0; i < xs.length; i++) {
        const c = coeffs[i]!
        if (c === 0) continue
        const k = BigInt(c)
        const x = xs[i]!
        const [a, b] = c > 0 ? [k * x.lo, k * x.hi] : [k * x.hi, k * x.lo]
        lo += a
        hi += b
        magnitude += abs(k) * maxAbs(x)
      }
      onMagnitude(magnitude)
      return { lo, hi }
    },
    requantize(x, shift, relu) {
      onMagnitude(maxAbs(x) + (shift > 0 ? 1n << BigInt(shift - 1) : 0n))
      const lo = roundShift(x.lo, shift)
      const hi = roundShift(x.hi, shift)
      return relu ? { lo: lo < 0n ? 0n : lo, hi: hi < 0n ? 0n : hi } : { lo, hi }
    },
    // The executor compares; it computes no new magnitude.
    max: (x, y) => ({ lo: x.lo > y.lo ? x.lo : y.lo, hi: x.hi > y.hi ? x.hi : y.hi }),
    mul(x, y) {
      const corners = [x.lo * y.lo, x.lo * y.hi, x.hi * y.lo, x.hi * y.hi]
      const out = { lo: min(corners), hi: max(corners) }
      onMagnitude(maxAbs(out))
      return out
    },
    div(num, den) {
      // The executor refuses a divisor below 1; for den ≥ 1 the rounded quotient is monotone in each argument.
      const dlo = den.lo < 1n ? 1n : den.lo
      const dhi = den.hi < dlo ? dlo : den.hi
      onMagnitude(2n * maxAbs(num) + dhi)
      const q = (n: bigint, d: bigint) => floorDiv(2n * n + d, 2n * d)
      const corners = [q(num.lo, dlo), q(num.lo, dhi), q(num.hi, dlo), q(num.hi, dhi)]
      return { lo: min(corners), hi: max(corners) }
    },
    argmax: (xs) => ({ lo: 0n, hi: BigInt(Math.max(0, xs.length - 1)) }),
    piecewise(x, t) {
      const r = tableRange(t, x.lo >> BigInt(t.shift), x.hi >> BigInt(t.shift))
      const half = t.fracBits > 0 ? 1n << BigInt(t.fracBits - 1) : 0n
      onMagnitude(r.magnitude + half)
      return { lo: roundShift(r.lo, t.fracBits), hi: roundShift(r.hi, t.fracBits) }
    },
    isqrt(x) {
      onMagnitude(maxAbs(x))
      return { lo: isqrtBig(x.lo), hi: isqrtBig(x.hi) }
    },
    mulRound(x, y, shift, bound) {
      const corners = [x.lo * y.lo, x.lo * y.hi, x.hi * y.lo, x.hi * y.hi]
      const b = BigInt(bound)
      // The executor refuses a product beyond the bound.
      const lo = max([min(corners), -b])
      const hi = min([max(corners), b])
      onMagnitude(max([abs(lo), abs(hi)]) + (shift > 0 ? 1n << BigInt(shift - 1) : 0n))
      return { lo: roundShift(lo, shift), hi: roundShift(hi, shift) }
    },
    nonNegative: (x) => ({ lo: x.lo >= 0n ? 1n : 0n, hi: x.hi >= 0n ? 1n : 0n }),
    isZero: (x) => ({ lo: x.lo === 0n && x.hi === 0n ? 1n : 0n, hi: x.lo <= 0n && x.hi >= 0n ? 1n : 0n }),
    topK(xs, k) {
      // The j-th largest lies between the j-th largest lower bound and the j-th largest upper bound.
      const los = xs.map((x) => x.lo).sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))
      const his = xs.map((x) => x.hi).sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))
      const bit = { lo: 0n, hi: 1n }
      return {
        values: Array.from({ length: k }, (_, j) => ({ lo: los[j]!, hi: his[j]! })),
        selectors: Array.from({ length: k }, () => xs.map(() => bit)),
      }
    },
  }
}

/** The interval of every element of a model input (its quantized range). */
export function inputIntervals(input: QuantizedModel['inputs'][number]): DTensor<Interval> {
  const lo = input.signed ? -(1n << BigInt(input.bits - 1)) : 0n
  const hi = input.signed ? (1n << BigInt(input.bits - 1)) - 1n : (1n << BigInt(input.bits)) - 1n
  const n = input.shape.reduce((a, d) => a * d, 1)
  return { shape: input.shape, data: Array.from({ length: n }, () => ({ lo, hi })) }
}

/**
 * The bit length of the largest magnitude the integer executor handles on `model` over every input
 * in its quantized range (see the module doc); exact iff ≤ {@link EXECUTOR_BITS}.
 */
export function executorBits(model: QuantizedModel): number {
  let largest = 0n
  const D = intervalDomain((m) => {
    if (m > largest) largest = m
  })
  const values = new Map<string, DTensor<Interval>>(model.inputs.map((i) => [i.name, inputIntervals(i)]))
  runNodes(D, model, model.nodes, values)
  return magnitudeBits(largest)
}
