/**
 * How the circuit evaluates a piecewise table (`piecewise.ts`) for an input interval, and what that
 * costs in constraints. Pure arithmetic on intervals: the circuit gadget
 * (`src/circuit/gadgets/piecewise.ts`) builds exactly this plan, and the compile-time fitter
 * (`src/quantize/fitFunction.ts`) uses the same cost to choose a table's layout.
 *
 * The circuit selects a *block* of 2^t consecutive segments (s0 … s0 + 2^t − 1, tail segments
 * included: outside the table a tail is a polynomial of r too) that covers the reachable arguments,
 * or the table's part of them with two flags for the rest:
 *   below = [q < start of the block]    above = [q ≥ end of the block]
 * One bit decomposition of z = x − start·2^shift (+ 2^(K−1) when `below` is possible) gives, from
 * the bottom: the `shift` discarded bits, the m bits of r, the t segment bits, the high bits H and
 * (signed) the top bit T = [q ≥ start]. below = 1 − T; above = T·OR(H) (an OR chain, one
 * multiplication per high bit). When the input already *is* a bit recomposition (a model input, a
 * requantize output) whose bits line up with a block, those bits are reused and the decomposition
 * is free.
 *
 * Cost of the plan (constraints): the decomposition (K + 1), the `above` chain, the monomials of
 * the segment bits that some coefficient needs (products of ≥ 2 bits, one each), the Horner steps
 * whose accumulator is not constant, and one multiplication per flag that mixes in a tail (one in
 * all when both tails are constants). The final rounding is counted separately
 * ({@link roundingCost}).
 */
import { type PiecewiseTable, evalPiecewiseArgument, segmentPoly } from './piecewise.js'
import { InternalError } from '../errors/internal.js'

/** Bit length of a non-negative bigint (0 for 0). */
export function bitLen(x: bigint): number {
  return x <= 0n ? 0 : x.toString(2).length
}

/** floor(a / 2^k) for bigints. */
export function floorShiftBig(a: bigint, k: number): bigint {
  return a >> BigInt(k)
}

/** An input already decomposed: x = c + Σ_{i<n} 2^i · bit_i (bits proven boolean). */
export type BitsShape = { n: number; c: bigint }

/** The layout the circuit uses for one table and input interval (see the module doc). */
export type PiecewisePlan = {
  /** First segment of the block (may be < 0 or ≥ the table's segments: tail segments). */
  s0: number
  /** The block has 2^t segments. */
  t: number
  /** Block start in argument units: lo + s0 · 2^m. */
  start: bigint
  /** Reuse the input's own bits (no decomposition). */
  reuse: boolean
  /** Fresh decomposition: number of bits K (0 when reusing). */
  bits: number
  /** The decomposition is offset by 2^(K−1) (its top bit is T = [q ≥ start]). */
  signed: boolean
  /** High bits between the block and the top bit (above = T · OR(H)). */
  high: number
  /** Arguments below / past the block are reachable. */
  below: boolean
  above: boolean
  /** Monomials (subsets of ≥ 2 segment bits, as bit masks) some coefficient needs, closed under dropping the top bit. */
  monomials: number[]
  /** Horner multiplications (steps whose accumulator is not constant). */
  horner: number
  /** Constraints, the final rounding excluded. */
  cost: number
}

/** Segment index of argument q. */
function segmentOf(t: PiecewiseTable, q: bigint): number {
  return Number(floorShiftBig(q - BigInt(t.lo), t.lowBits))
}

/**
 * The block's coefficients as multilinear polynomials in the t segment bits: for each power j of
 * r, the coefficient of each monomial (a bit mask), by Möbius transform of the 2^t segment values.
 */
export function blockCoefficients(table: PiecewiseTable, s0: number, t: number): bigint[][] {
  const degree = table.coeffs[0]!.length - 1
  const out: bigint[][] = []
  for (let j = 0; j <= degree; j++) {
    const v = Array.from({ length: 2 ** t }, (_, s) => BigInt(segmentPoly(table, s0 + s)[j]!))
    for (let i = 0; i < t; i++) for (let mask = 0; mask < v.length; mask++) if (mask & (1 << i)) v[mask]! -= v[mask ^ (1 << i)]!
    out.push(v)
  }
  return out
}

/** Monomials (masks with ≥ 2 bits) needed by the coefficients, closed under removing the highest bit. */
function neededMonomials(coeffs: readonly bigint[][], t: number): number[] {
  const need = new Set<number>()
  for (const v of coeffs) for (let mask = 0; mask < 2 ** t; mask++) if (v[mask] !== 0n) need.add(mask)
  const out = new Set<number>()
  for (let mask of need) {
    while (mask & (mask - 1)) {
      out.add(mask)
      mask &= ~(1 << (31 - Math.clz32(mask)))
    }
  }
  return [...out].sort((a, b) => a - b)
}

/** Horner multiplications: the index of the highest coefficient that varies over the block. */
function hornerSteps(coeffs: readonly bigint[][]): number {
  let h = 0
  coeffs.forEach((v, j) => {
    if (v.some((c, mask) => mask !== 0 && c !== 0n)) h = j
  })
  return h
}

function planBlock(table: PiecewiseTable, lo: bigint, hi: bigint, s0: number, t: number): PiecewisePlan {
  const k = table.shift
  const m = table.lowBits
  const start = BigInt(table.lo) + (BigInt(s0) << BigInt(m))
  const z0lo = lo - (start << BigInt(k))
  const z0hi = hi - (start << BigInt(k))
  const width = k + m + t
  const below = z0lo < 0n
  const above = z0hi >= 1n << BigInt(width)
  const bits = below
    ? 1 + Math.max(width, bitLen(-z0lo - 1n), bitLen(z0hi))
    : Math.max(width, bitLen(z0hi))
  const high = bits - width - (below ? 1 : 0)
  const coeffs = blockCoefficients(table, s0, t)
  const monomials = neededMonomials(coeffs, t)
  const horner = hornerSteps(coeffs)
  const constantTails = table.below.mul === 0 && table.above.mul === 0
  const mix = below || above ? (constantTails ? 1 : Number(below) + Number(above)) : 0
  const aboveChain = above ? high - 1 + (below ? 1 : 0) : 0
  const cost = bits + 1 + aboveChain + monomials.length + horner + mix
  return { s0, t, start, reuse: false, bits, signed: below, high, below, above, monomials, horner, cost }
}

/** Largest block (segment bits) the planner considers: 2^12 segments. */
const MAX_BLOCK_BITS = 12

/**
 * The cheapest plan for `table` on inputs in [lo, hi] (bigints at the input's scale). With
 * `shape`, the input's own bits are reused when they line up with a block.
 */
export function planPiecewise(table: PiecewiseTable, lo: bigint, hi: bigint, shape?: BitsShape): PiecewisePlan {
  const k = table.shift
  const m = table.lowBits
  const n = table.coeffs.length
  const qlo = floorShiftBig(lo, k)
  const qhi = floorShiftBig(hi, k)
  const sLo = segmentOf(table, qlo)
  const sHi = segmentOf(table, qhi)
  const clampSeg = (s: number) => Math.min(Math.max(s, 0), n - 1)
  const candidates: PiecewisePlan[] = []
  for (const s0 of new Set([sLo, clampSeg(sLo)])) {
    for (const sEnd of new Set([sHi, clampSeg(sHi)])) {
      if (sEnd < s0) continue
      const t = bitLen(BigInt(sEnd - s0))
      if (t <= MAX_BLOCK_BITS) candidates.push(planBlock(table, lo, hi, s0, t))
    }
  }
  if (shape) {
    const reuse = planReuse(table, shape)
    if (reuse) candidates.push(reuse)
  }
  if (candidates.length === 0) throw new InternalError({ invariant: `no piecewise plan for [${lo}, ${hi}]` })
  return candidates.reduce((a, c) => (c.cost < a.cost ? c : a))
}

/**
 * The plan that reads the input's own bits: x = c + Σ 2^i bit_i with c divisible by 2^shift, so
 * q = c / 2^shift + Σ_{i ≥ shift} 2^(i−shift) bit_i, and the block starts at c / 2^shift (it must
 * lie on the segment grid).
 */
function planReuse(table: PiecewiseTable, { n, c }: BitsShape): PiecewisePlan | undefined {
  const k = table.shift
  const m = table.lowBits
  if (n < k || c % (1n << BigInt(k)) !== 0n) return undefined
  const start = c >> BigInt(k)
  const offset = start - BigInt(table.lo)
  if (offset % (1n << BigInt(m)) !== 0n) return undefined
  const s0 = Number(offset >> BigInt(m))
  const t = Math.max(0, n - k - m)
  if (t > MAX_BLOCK_BITS) return undefined
  const coeffs = blockCoefficients(table, s0, t)
  const monomials = neededMonomials(coeffs, t)
  const horner = hornerSteps(coeffs)
  return { s0, t, start, reuse: true, bits: 0, signed: false, high: 0, below: false, above: false, monomials, horner, cost: monomials.length + horner }
}

/** P before rounding at argument q, in bigints (the table's semantics, see `piecewise.ts`). */
export function evalArgumentBig(table: PiecewiseTable, q: bigint): bigint {
  const m = table.lowBits
  const s = segmentOf(table, q)
  const poly = segmentPoly(table, s).map(BigInt)
  const r = q - BigInt(table.lo) - (BigInt(s) << BigInt(m)) - (m > 0 ? 1n << BigInt(m - 1) : 0n)
  let acc = poly[poly.length - 1]!
  for (let j = poly.length - 2; j >= 0; j--) acc = acc * r + poly[j]!
  return acc
}

/**
 * Per-segment extrema of P over a table's segments, filled as they are first needed (NaN: not
 * yet; `exact` false: some value of the segment is not exact in doubles). Make one with
 * {@link segmentExtrema} for a table that does not change while it is used.
 */
export type SegmentExtrema = { min: Float64Array; max: Float64Array; exact: Uint8Array }

/** An empty {@link SegmentExtrema} for `table`. */
export function segmentExtrema(table: PiecewiseTable): SegmentExtrema {
  const n = table.coeffs.length
  return { min: new Float64Array(n).fill(NaN), max: new Float64Array(n).fill(NaN), exact: new Uint8Array(n) }
}

/** min and max of P over arguments [a, b] (inside the segments) in doubles, or undefined when a value is not exact. */
function enumerateN(table: PiecewiseTable, a: number, b: number): [number, number] | undefined {
  let minN = Infinity
  let maxN = -Infinity
  for (let q = a; q <= b; q++) {
    const v = evalPiecewiseArgument(table, q)
    if (!(Number.isSafeInteger(v) && Math.abs(v) < 2 ** 52)) return undefined
    if (v < minN) minN = v
    if (v > maxN) maxN = v
  }
  return [minN, maxN]
}

/**
 * min and max of P over arguments [a, b] ⊆ the segments (a ≤ b), in doubles, or undefined when a
 * value is not exact: enumerated, except that with `extrema` a whole segment inside [a, b] reads its
 * (cached) extrema, the same min and max its enumeration gives.
 */
function argumentRangeN(table: PiecewiseTable, a: number, b: number, extrema: SegmentExtrema | undefined): [number, number] | undefined {
  if (!extrema) return enumerateN(table, a, b)
  const size = 2 ** table.lowBits
  let minN = Infinity
  let maxN = -Infinity
  let q = a
  while (q <= b) {
    const s = Math.floor((q - table.lo) / size)
    const start = table.lo + s * size
    const end = Math.min(start + size - 1, b)
    let r: [number, number] | undefined
    if (q === start && end === start + size - 1) {
      if (Number.isNaN(extrema.min[s]!)) {
        const e = enumerateN(table, start, end)
        extrema.exact[s] = e ? 1 : 0
        extrema.min[s] = e ? e[0] : 0
        extrema.max[s] = e ? e[1] : 0
      }
      r = extrema.exact[s] ? [extrema.min[s]!, extrema.max[s]!] : undefined
    } else r = enumerateN(table, q, end)
    if (!r) return undefined
    if (r[0] < minN) minN = r[0]
    if (r[1] > maxN) maxN = r[1]
    q = end + 1
  }
  return [minN, maxN]
}

/** Largest number of arguments enumerated to find the exact range of P. */
const MAX_ENUMERATED = 1 << 22

/**
 * The exact range of P (before rounding) over arguments q ∈ [qlo, qhi]: enumerated over the
 * table's segments, tails (linear) at their ends. Undefined when the range is too wide to enumerate.
 * With `extrema` (a cache for this table), whole segments are enumerated once and then read from it.
 */
export function argumentRange(table: PiecewiseTable, qlo: bigint, qhi: bigint, extrema?: SegmentExtrema): [bigint, bigint] | undefined {
  const segLo = BigInt(table.lo)
  const segHi = segLo + (BigInt(table.coeffs.length) << BigInt(table.lowBits)) - 1n
  const a = qlo > segLo ? qlo : segLo
  const b = qhi < segHi ? qhi : segHi
  if (b - a + 1n > BigInt(MAX_ENUMERATED)) return undefined
  let lo: bigint | undefined
  let hi: bigint | undefined
  const see = (v: bigint) => {
    if (lo === undefined || v < lo) lo = v
    if (hi === undefined || v > hi) hi = v
  }
  // Numbers are exact while every value stays below 2^53 (min and max compared as doubles then,
  // converted once); otherwise bigints.
  const range = a <= b ? argumentRangeN(table, Number(a), Number(b), extrema) : undefined
  if (range) (see(BigInt(range[0])), see(BigInt(range[1])))
  else if (a <= b) for (let q = a; q <= b; q++) see(evalArgumentBig(table, q))
  const tail = (mul: number, add: number, q: bigint) => BigInt(mul) * q + BigInt(add)
  if (qlo < segLo) {
    see(tail(table.below.mul, table.below.add, qlo))
    see(tail(table.below.mul, table.below.add, (qhi < segLo ? qhi : segLo - 1n)))
  }
  if (qhi > segHi) {
    see(tail(table.above.mul, table.above.add, qhi))
    see(tail(table.above.mul, table.above.add, (qlo > segHi ? qlo : segHi + 1n)))
  }
  return [lo!, hi!]
}

/** Constraints of the final rounding of P ∈ [lo, hi] by `fracBits` (see the requantize gadget). */
export function roundingCost(lo: bigint, hi: bigint, fracBits: number): number {
  if (fracBits === 0) return 0
  const half = 1n << BigInt(fracBits - 1)
  const tlo = lo + half
  const thi = hi + half
  const bits = tlo >= 0n ? Math.max(bitLen(thi), fracBits) : Math.max(bitLen(-tlo) + 1, bitLen(thi) + 1, fracBits + 1)
  return bits + 1
}
