/**
 * Compiles a float function into a piecewise-polynomial table (`src/ir/piecewise.ts`) for given
 * input and output scales, with a measured error bound. Runs once, at compile time; the table's
 * integers are what the executor and the circuit use.
 *
 * 1. Domain. Where the function approaches a line (a tail: Sigmoid → 0 and 1, Gelu → 0 and x),
 *    the table ends where the gap to the line stays below a quarter of an output quantum; past
 *    that the tail (exact integer arithmetic) takes over, for any input the circuit admits. A
 *    `clamp` side (Exp's growth, Log's pole) ends at the calibrated range, extended as far as the
 *    output stays representable at the activation width; beyond it the value is held. The table
 *    also covers the calibrated range where it lies past a tail's start (fewer tail comparisons),
 *    unless `tailsOnly` asks it to stop at the tails' starts (when no table spans that range).
 * 2. Layout search. For argument shifts k (the argument is floor(x / 2^k)), degrees d ≤ 3 and
 *    segment widths 2^m, fit each segment (minimax on the bucket midpoints, Lawson iterations),
 *    then choose integer coefficients at the fewest fraction bits F that meet the error target,
 *    trying the floor and ceiling of each coefficient from the top down (refitting the lower ones
 *    in between, and centring the constant term on the residual).
 * 3. Error. The error of a layout is measured exactly: for every argument q of the table the
 *    rounded output y(q) against min and max of f·2^outScale over all inputs x in q's bucket
 *    (so the shift's rounding is included), plus sample points on each tail. The cheapest layout
 *    (constraints per element, from `planPiecewise` on the calibrated input range, rounding
 *    included) whose error is within the target wins.
 */
import { type PiecewiseTable, evalPiecewiseArgument, roundFraction } from '../ir/piecewise.js'
import { FunctionFitError } from '../errors/quantize.js'
import { argumentRange, planPiecewise, roundingCost, type BitsShape } from '../ir/piecewisePlan.js'

/** How a function behaves on one side: it approaches slope·x + intercept, or is held at the domain's edge. */
export type FunctionTail = { slope: number; intercept: number } | 'clamp'

/** A float function and its asymptotes. */
export type FunctionSpec = {
  /** Shown in errors. */
  name: string
  f: (x: number) => number
  /** Behaviour for x → −∞. */
  left: FunctionTail
  /** Behaviour for x → +∞. */
  right: FunctionTail
  /** Inputs below this are evaluated at it (Log, Sqrt near 0). */
  min?: number | undefined
  /**
   * f(y²) as a function of y = √x: when no table fits f on x's range (Log over several decades),
   * the compiler takes the square root first (it halves the range's dynamic range in bits).
   */
  sqrtForm?: ((y: number) => number) | undefined
}

/** Parameters of {@link fitFunction}. */
export type FitFunctionParameters = {
  spec: FunctionSpec
  /** Scale exponent of the input integers. */
  inScale: number
  /** Scale exponent of the output integers. */
  outScale: number
  /** Calibrated float range of the input. */
  range: { min: number; max: number }
  /** Activation bit width: a `clamp` side extends while |f| · 2^outScale < 2^(bits − 1). */
  outBits: number
  /** Largest error allowed, in output quanta (default 1.5). */
  tolerance?: number | undefined
  /** When the input is a bit recomposition (a model input), its shape: lets the cost count reuse. */
  shape?: BitsShape | undefined
  /**
   * Leave the F fraction bits on the output (its scale becomes outScale + F) instead of rounding
   * them off: the next requantize (which a linear consumer needs anyway) rounds them. Saves the
   * rounding's decomposition; the cost model charges F instead. Default false.
   */
  deferRounding?: boolean | undefined
  /** With `deferRounding`: the most fraction bits the output may carry (default unlimited). */
  maxDeferredFraction?: number | undefined
  /**
   * Extend a `clamp` side past the calibrated range while the output stays representable
   * (default true). False when the input provably stays within the range (softmax's x − max ≤ 0).
   */
  extendClamp?: boolean | undefined
  /**
   * End the table where a line tail takes over even when the calibrated range reaches past it
   * (default false: the table covers the calibrated range, saving tail comparisons). For a range
   * far past the tails (a recurrent gate's pre-activation over [−25, 15]) no table of ≤ 2^7
   * segments spans it; the tails are exact for every input, so the table need not.
   */
  tailsOnly?: boolean | undefined
}

/** What {@link fitFunction} returns. */
export type FitFunctionReturnType = {
  table: PiecewiseTable
  /** Fraction bits on the output: F when rounding is deferred (output scale = outScale + F), else 0. */
  extraScale: number
  /** Max |y − f(x) · 2^outScale| over every input of the table's domain and tail samples, in output quanta. */
  error: number
  /** Estimated constraints per element (rounding included, or F when deferred) on the calibrated range. */
  cost: number
  /** The table's domain in float. */
  domain: [number, number]
}

const DEBUG = typeof process !== 'undefined' && !!process.env?.ZKML_FIT_DEBUG
const TAIL_TOLERANCE = 0.25
const MAX_FRAC_BITS = 36
const MAX_P_BITS = 51

/** Where the gap between f and its tail stays under `tol` quanta, searching away from `from` in direction `dir`. */
function tailStart(f: (x: number) => number, tail: { slope: number; intercept: number }, scale: number, from: number, dir: 1 | -1, tol: number): number {
  const gap = (x: number) => Math.abs(f(x) - (tail.slope * x + tail.intercept)) * 2 ** scale
  let step = 2 ** -4
  let x = from
  // Walk outward until the gap is small at x and at a few points beyond it.
  for (let i = 0; i < 200; i++) {
    if (gap(x) <= tol && gap(x + dir * step) <= tol && gap(x + dir * 4 * step) <= tol && gap(x + dir * 16 * step) <= tol) break
    x += dir * step
    step *= 1.25
  }
  // Bisect back towards `from` for the first point where the gap stays small.
  let inside = from
  let outside = x
  for (let i = 0; i < 60; i++) {
    const mid = (inside + outside) / 2
    if (gap(mid) <= tol) outside = mid
    else inside = mid
  }
  return outside
}

/** The float domain of the table (see the module doc) and f with its argument floored at `min`. */
function functionDomain(p: FitFunctionParameters, tight = false): { lo: number; hi: number; natural: (x: number) => number } {
  const { spec, outScale, range, outBits } = p
  const maxOut = (2 ** (outBits - 1) - 1) / 2 ** outScale
  const floor = spec.min ?? -Infinity
  const natural = (x: number) => spec.f(Math.max(x, floor))
  // Half an input quantum of margin: a calibrated end rounds to an input up to that far outside it.
  const margin = 2 ** -(p.inScale + 1)
  let low = spec.min !== undefined ? Math.max(range.min - margin, spec.min) : range.min - margin
  // A pole at the floor (Log at 0): start one input quantum above it.
  if (!Number.isFinite(natural(low))) low = floor + 2 ** -p.inScale
  const high = Math.max(range.max + (p.extendClamp === false ? 0 : margin), low)
  const span = Math.max(high - low, 2 ** -p.inScale)
  let lo: number
  let hi: number
  if (spec.left === 'clamp') lo = low
  else {
    const start = tailStart(spec.f, spec.left, outScale, tight ? Math.min(0, high) : Math.min(0, low), -1, TAIL_TOLERANCE)
    lo = tight ? Math.min(start, high) : Math.min(low, start)
  }
  if (spec.right === 'clamp') {
    // Extend while the output stays representable, up to the calibrated span again.
    const limit = p.extendClamp === false ? high : high + span
    let a = high
    let b = limit
    if (Math.abs(natural(limit)) <= maxOut) a = limit
    else
      for (let i = 0; i < 50; i++) {
        const mid = (a + b) / 2
        if (Math.abs(natural(mid)) <= maxOut) a = mid
        else b = mid
      }
    hi = a
  } else {
    const start = tailStart(spec.f, spec.right, outScale, tight ? Math.max(0, lo) : Math.max(0, high), 1, TAIL_TOLERANCE)
    hi = tight ? Math.max(start, lo) : Math.max(high, start)
  }
  return { lo, hi, natural }
}

/** Per-argument targets for shift k: min and max of f·2^outScale over the bucket's inputs. */
function bucketTargets(f: (x: number) => number, p: FitFunctionParameters, k: number, q0: number, n: number): { min: Float64Array; max: Float64Array } {
  const min = new Float64Array(n)
  const max = new Float64Array(n)
  const inQ = 2 ** -p.inScale
  const outQ = 2 ** p.outScale
  const size = 2 ** k
  const points = size <= 4 ? Array.from({ length: size }, (_, i) => i) : [0, (size - 1) / 2, size - 1]
  for (let i = 0; i < n; i++) {
    const base = (q0 + i) * size
    let a = Infinity
    let b = -Infinity
    for (const d of points) {
      const v = f((base + Math.round(d)) * inQ) * outQ
      if (v < a) a = v
      if (v > b) b = v
    }
    min[i] = a
    max[i] = b
  }
  return { min, max }
}

/** Least-squares fit of degree d to (xs, ys) with weights, in the variable xs (small, ~[−1, 1]). */
function weightedFit(xs: readonly number[], ys: readonly number[], ws: readonly number[], d: number): number[] {
  const n = d + 1
  const A = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0))
  for (let i = 0; i < xs.length; i++) {
    const pw = [1]
    for (let j = 1; j < n; j++) pw.push(pw[j - 1]! * xs[i]!)
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) A[a]![b]! += ws[i]! * pw[a]! * pw[b]!
      A[a]![n]! += ws[i]! * pw[a]! * ys[i]!
    }
  }
  // Gaussian elimination with partial pivoting.
  for (let c = 0; c < n; c++) {
    let piv = c
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[piv]![c]!)) piv = r
    ;[A[c], A[piv]] = [A[piv]!, A[c]!]
    const d0 = A[c]![c]!
    if (Math.abs(d0) < 1e-300) continue
    for (let r = 0; r < n; r++) {
      if (r === c) continue
      const f = A[r]![c]! / d0
      for (let k = c; k <= n; k++) A[r]![k]! -= f * A[c]![k]!
    }
  }
  return A.map((row, i) => (Math.abs(row[i]!) < 1e-300 ? 0 : row[n]! / row[i]!))
}

/** Near-minimax polynomial of degree d (Lawson's iteration on a weighted least-squares fit). */
function minimaxFit(xs: readonly number[], ys: readonly number[], d: number): number[] {
  const d2 = Math.min(d, xs.length - 1)
  let ws = xs.map(() => 1)
  let best = weightedFit(xs, ys, ws, d2)
  let bestErr = Infinity
  for (let it = 0; it < 8; it++) {
    const c = weightedFit(xs, ys, ws, d2)
    const errs = xs.map((x, i) => Math.abs(c.reduceRight((acc, cj) => acc * x + cj, 0) - ys[i]!))
    const e = Math.max(...errs)
    if (e < bestErr) {
      bestErr = e
      best = c
    }
    if (e === 0) break
    ws = ws.map((w, i) => w * (errs[i]! / e + 1e-12))
    const s = ws.reduce((a, b) => a + b, 0)
    ws = ws.map((w) => w / s)
  }
  while (best.length < d + 1) best.push(0)
  return best
}

/** Sample offsets (at most ~48, ends included) of a segment of size 2^m, centred: r ∈ [−2^(m−1), 2^(m−1)). */
function sampleOffsets(m: number): number[] {
  if (m === 0) return [0]
  const size = 2 ** m
  const half = size / 2
  if (size <= 24) return Array.from({ length: size }, (_, i) => i - half)
  return Array.from({ length: 24 }, (_, i) => Math.round((i * (size - 1)) / 23) - half)
}

type Layout = { k: number; m: number; d: number; q0: number; segments: number; mid: Float64Array; min: Float64Array; max: Float64Array; real: number[][]; round: boolean }

/** Integer coefficients of one segment at F fraction bits; returns them and the max error over the segment (stops past `bound`). */
function fitSegment(L: Layout, s: number, F: number, bound: number): { coeffs: number[]; error: number } {
  const size = 2 ** L.m
  const half = L.m > 0 ? size / 2 : 0
  const base = s * size + half
  const scale = 2 ** F
  const add = F > 0 ? 2 ** (F - 1) : 0
  const { mid, min, max } = L
  const real = L.real[s]!
  const d = L.d
  const errorOf = (c: readonly number[], limit: number) => {
    let e = 0
    for (let r = -half; r < size - half; r++) {
      let acc = c[d]!
      for (let j = d - 1; j >= 0; j--) acc = acc * r + c[j]!
      const y = L.round && F > 0 ? Math.floor((acc + add) / scale) : acc / scale
      const i = base + r
      const a = Math.abs(y - min[i]!)
      const b = Math.abs(y - max[i]!)
      if (a > e) e = a
      if (b > e) e = b
      if (e > limit) return e
    }
    return e
  }
  // Integer coefficients from the top: the floor and the ceiling of each, the lower ones refitted
  // (least squares on the sample points) to the residual before they are rounded in turn; the
  // constant term centres the residual's range over the whole segment. The better of that and
  // plain rounding of the near-minimax coefficients wins.
  let best: { coeffs: number[]; error: number } = { coeffs: [], error: Infinity }
  const R = Math.max(half, 1)
  const offs = sampleOffsets(L.m)
  const xs = offs.map((r) => r / R)
  const ones = xs.map(() => 1)
  const c = new Array<number>(d + 1).fill(0)
  const search = (j: number) => {
    if (j === 0) {
      let lo = Infinity
      let hi = -Infinity
      for (let r = -half; r < size - half; r++) {
        let acc = c[d]!
        for (let k = d - 1; k >= 1; k--) acc = acc * r + c[k]!
        const v = mid[base + r]! * scale - acc * r
        if (v < lo) lo = v
        if (v > hi) hi = v
      }
      c[0] = Math.round((lo + hi) / 2)
      const error = errorOf(c, Math.min(best.error, bound))
      if (error < best.error) best = { coeffs: [...c], error }
      return
    }
    let v: number
    if (j === d) v = real[j]! * scale
    else {
      // Refit degree j to what the fixed higher terms leave.
      const ys = offs.map((r) => {
        let acc = 0
        for (let k = d; k > j; k--) acc += c[k]! * r ** k
        return mid[base + r]! * scale - acc
      })
      v = weightedFit(xs, ys, ones, Math.min(j, xs.length - 1))[j]! / R ** j
      if (!Number.isFinite(v)) v = real[j]! * scale
    }
    for (const cj of new Set([Math.floor(v), Math.ceil(v)])) {
      c[j] = cj
      search(j - 1)
    }
  }
  search(d)
  // …and the floor and ceiling of each near-minimax coefficient as they are (better on some segments).
  for (let combo = 0; combo < 2 ** d; combo++) {
    for (let j = 1; j <= d; j++) c[j] = combo & (1 << (j - 1)) ? Math.ceil(real[j]! * scale) : Math.floor(real[j]! * scale)
    search(0)
  }
  return best
}

/** Fits each segment with real coefficients (in r, unscaled) into `L.real`; returns the max error on the sample points. */
function realFit(L: Layout): number {
  const size = 2 ** L.m
  const half = L.m > 0 ? size / 2 : 0
  const R = Math.max(half, 1)
  const offs = sampleOffsets(L.m)
  const xs = offs.map((r) => r / R)
  let e = 0
  for (let s = 0; s < L.segments; s++) {
    const base = s * size + half
    const ys = offs.map((r) => L.mid[base + r]!)
    const c = minimaxFit(xs, ys, L.d)
    for (let i = 0; i < xs.length; i++) {
      const y = c.reduceRight((acc, cj) => acc * xs[i]! + cj, 0)
      const j = base + offs[i]!
      e = Math.max(e, Math.abs(y - L.min[j]!), Math.abs(y - L.max[j]!))
    }
    L.real.push(c.map((cj, j) => cj / R ** j))
  }
  return e
}

/** Fits every segment at F; returns the table's coefficients and max error, or undefined past the error. */
function fitLayout(L: Layout, F: number, tolerance: number): { coeffs: number[][]; error: number } | undefined {
  const coeffs: number[][] = []
  let error = 0
  for (let s = 0; s < L.segments; s++) {
    const seg = fitSegment(L, s, F, tolerance)
    if (seg.error > tolerance) return undefined
    error = Math.max(error, seg.error)
    coeffs.push(seg.coeffs)
  }
  return { coeffs, error }
}

/**
 * Compiles `spec` into a table (see the module doc).
 * @throws {FunctionFitError} when no layout (up to 2^7 segments of degree ≤ 3) meets the tolerance
 */
export function fitFunction(p: FitFunctionParameters): FitFunctionReturnType {
  const tolerance = p.tolerance ?? 1.5
  const dom = functionDomain(p, p.tailsOnly === true)
  const best = fitOnDomain(p, dom, tolerance)
  if (!best) throw new FunctionFitError({ name: p.spec.name, tolerance, domain: [dom.lo, dom.hi] })
  return best
}

/** The cheapest table of `p.spec` on `dom` within `tolerance`, or undefined when no layout fits. */
function fitOnDomain(p: FitFunctionParameters, dom: ReturnType<typeof functionDomain>, tolerance: number): FitFunctionReturnType | undefined {
  const round = !p.deferRounding
  // Steepest slope (output quanta per input quantum), to bound the argument shift.
  let slope = 0
  const N = 512
  for (let i = 0; i < N; i++) {
    const a = dom.lo + ((dom.hi - dom.lo) * i) / N
    const b = dom.lo + ((dom.hi - dom.lo) * (i + 1)) / N
    slope = Math.max(slope, (Math.abs(dom.natural(b) - dom.natural(a)) / Math.max(b - a, 1e-300)) * 2 ** (p.outScale - p.inScale))
  }
  const kIdeal = Math.max(0, Math.floor(-Math.log2(Math.max(slope, 2 ** -40))))
  const calLo = BigInt(Math.round(p.range.min * 2 ** p.inScale))
  const calHi = BigInt(Math.round(p.range.max * 2 ** p.inScale))
  let best: FitFunctionReturnType | undefined
  for (let k = Math.max(0, kIdeal - 1); k <= kIdeal + 1; k++) {
    const su = p.inScale - k
    const qL = p.spec.left === 'clamp' ? Math.ceil(dom.lo * 2 ** su) : Math.floor(dom.lo * 2 ** su)
    const qH = Math.ceil(dom.hi * 2 ** su)
    const widthBits = Math.max(0, Math.ceil(Math.log2(qH - qL + 1)))
    // Targets for every argument any segment width may cover.
    const qA = qL - 2 ** widthBits
    const all = bucketTargets(dom.natural, p, k, qA, qH - qA + 2 ** widthBits + 1)
    const tailLimit = Math.ceil(Math.max(Math.abs(p.range.min), Math.abs(p.range.max), dom.hi - dom.lo) * 2 * 2 ** su)
    for (let d = 1; d <= 3; d++) {
      let feasible = 0
      for (let t = 0; t <= Math.min(widthBits, 7); t++) {
        const m = Math.max(0, widthBits - t)
        if (d > 1 && m === 0) continue
        // The grid is aligned to 2^m (so a model input's own bits line up), except where the
        // table is held at its left end (the held value must be the table's own first value).
        const q0 = p.spec.left === 'clamp' ? qL : Math.floor(qL / 2 ** m) * 2 ** m
        const segments = Math.floor((qH - q0) / 2 ** m) + 1
        const n = segments * 2 ** m
        const min = all.min.subarray(q0 - qA, q0 - qA + n)
        const max = all.max.subarray(q0 - qA, q0 - qA + n)
        const mid = new Float64Array(n)
        for (let i = 0; i < n; i++) mid[i] = (min[i]! + max[i]!) / 2
        const L: Layout = { k, m, d, q0, segments, mid, min, max, real: [], round }
        // The real (unrounded) fit must leave room for the rounding of P.
        if (realFit(L) > tolerance - (round ? 0.5 : 0.05)) continue
        // Fewest fraction bits that fit: binary search (the error falls as F grows).
        let lo = Math.max(0, d * Math.max(m - 1, 0) - 10)
        let hi = MAX_FRAC_BITS
        let found: { F: number; coeffs: number[][]; error: number } | undefined
        if (!round && p.maxDeferredFraction !== undefined) hi = Math.min(hi, p.maxDeferredFraction)
        while (lo <= hi) {
          const F = (lo + hi) >> 1
          const fit = fitLayout(L, F, tolerance)
          if (fit) {
            found = { F, ...fit }
            hi = F - 1
          } else lo = F + 1
        }
        if (!found) continue
        const table = buildTable(p, L, found.F, found.coeffs)
        const error = Math.max(found.error, checkTails(table, heldFunction(table, p, dom.natural), p, tailLimit, round))
        if (error > tolerance || !withinExact(table)) continue
        if (!round) table.fracBits = 0
        const cost = estimateCost(table, calLo, calHi, p.shape) + (round ? 0 : found.F)
        if (DEBUG) console.log(`k=${k} d=${d} t=${t} m=${m} F=${found.F} segs=${segments} err=${error.toFixed(3)} cost=${cost}`)
        if (!best || cost < best.cost || (cost === best.cost && error < best.error)) best = { table, extraScale: round ? 0 : found.F, error, cost, domain: [dom.lo, dom.hi] }
        // Finer segments only trade fraction bits for monomials: two more widths are enough.
        if (++feasible >= 3) break
      }
    }
  }
  return best
}

/** The table for a fitted layout, tails included (a `clamp` side holds the table's own end value). */
function buildTable(p: FitFunctionParameters, L: Layout, F: number, coeffs: number[][]): PiecewiseTable {
  const su = p.inScale - L.k
  const scale = 2 ** (p.outScale + F)
  // Tails on bucket centres: x = (q + 1/2 − 2^−(k+1)) · 2^−su, i.e. slope·x + intercept = mul·q + add.
  const centre = (1 - 2 ** -L.k) / 2
  const table: PiecewiseTable = { shift: L.k, lo: L.q0, lowBits: L.m, coeffs, fracBits: F, below: { mul: 0, add: 0 }, above: { mul: 0, add: 0 } }
  const tail = (side: FunctionTail, edge: number) =>
    side === 'clamp'
      ? { mul: 0, add: evalPiecewiseArgument(table, edge) }
      : { mul: Math.round(side.slope * scale * 2 ** -su), add: Math.round((side.slope * centre * 2 ** -su + side.intercept) * scale) }
  table.below = tail(p.spec.left, L.q0)
  table.above = tail(p.spec.right, L.q0 + L.segments * 2 ** L.m - 1)
  return table
}

/** f held beyond the table's ends on its `clamp` sides (the semantics the tails implement). */
function heldFunction(t: PiecewiseTable, p: FitFunctionParameters, natural: (x: number) => number): (x: number) => number {
  const first = (t.lo * 2 ** t.shift) * 2 ** -p.inScale
  const last = ((t.lo + t.coeffs.length * 2 ** t.lowBits) * 2 ** t.shift - 1) * 2 ** -p.inScale
  const a = p.spec.left === 'clamp' ? first : -Infinity
  const b = p.spec.right === 'clamp' ? last : Infinity
  return (x) => natural(Math.min(Math.max(x, a), b))
}

/** Max error of the tails on sample arguments past each end, up to `limit` arguments from zero. */
function checkTails(t: PiecewiseTable, hold: (x: number) => number, p: FitFunctionParameters, limit: number, round: boolean): number {
  const end = t.lo + t.coeffs.length * 2 ** t.lowBits
  let e = 0
  const check = (q: number) => {
    const P = evalPiecewiseArgument(t, q)
    const y = round ? roundFraction(P, t.fracBits) : P / 2 ** t.fracBits
    for (const d of [0, 2 ** t.shift - 1]) {
      const x = (q * 2 ** t.shift + d) * 2 ** -p.inScale
      e = Math.max(e, Math.abs(y - hold(x) * 2 ** p.outScale))
    }
  }
  for (let i = 1; i <= 64; i++) {
    check(t.lo - i)
    check(end - 1 + i)
  }
  for (let f = 1; f <= 64; f++) {
    if (t.lo - f * 64 >= -limit) check(t.lo - f * 64)
    if (end + f * 64 <= limit) check(end + f * 64)
  }
  check(Math.min(t.lo - 1, -limit))
  check(Math.max(end, limit))
  return e
}

/** True when every Horner intermediate over the table's domain stays exact in JS numbers. */
function withinExact(t: PiecewiseTable): boolean {
  const range = argumentRange(t, BigInt(t.lo), BigInt(t.lo + t.coeffs.length * 2 ** t.lowBits - 1))
  if (!range) return false
  const bound = 2n ** BigInt(MAX_P_BITS)
  const half = t.lowBits > 0 ? 2 ** (t.lowBits - 1) : 0
  for (const c of t.coeffs) {
    let acc = Math.abs(c[c.length - 1]!)
    for (let j = c.length - 2; j >= 0; j--) acc = acc * half + Math.abs(c[j]!)
    if (acc >= 2 ** MAX_P_BITS) return false
  }
  return range[0] > -bound && range[1] < bound
}

/** Constraints per element on inputs in [lo, hi]: the plan plus the final rounding. */
export function estimateCost(t: PiecewiseTable, lo: bigint, hi: bigint, shape?: BitsShape): number {
  const plan = planPiecewise(t, lo, hi, shape)
  const range = argumentRange(t, lo >> BigInt(t.shift), hi >> BigInt(t.shift))
  return plan.cost + (range ? roundingCost(range[0], range[1], t.fracBits) : t.fracBits + 32)
}
