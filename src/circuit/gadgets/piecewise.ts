/**
 * The piecewise-polynomial function gadget: y = the table's value at x (exact semantics in
 * `src/ir/piecewise.ts`), for every element-wise function the compiler approximates (Exp, Tanh,
 * Gelu, Softplus, …). No lookup argument: R1CS only.
 *
 * Layout (chosen by `planPiecewise`, `src/ir/piecewisePlan.ts`, from x's interval):
 * 1. Bits. One decomposition of z = x − start·2^shift (+ 2^(K−1) when arguments below the block
 *    are reachable) — or, when x already is c + Σ 2^i·bit_i with bits that line up with a block
 *    (a model input, a requantize output), those bits themselves. From the bottom: `shift`
 *    discarded bits, the m bits of r, the t segment bits s, high bits H, the top bit T.
 * 2. Flags. below = 1 − T; above = T·OR(H) (one multiplication per high bit). Both exist only when
 *    x's interval reaches past the block.
 * 3. Coefficients. Each coefficient c_j(s) of the block's 2^t segments is the multilinear
 *    polynomial in the segment bits that interpolates it (Möbius transform at compile time), so
 *    c_j = Σ_S a_{j,S} · Π_{i∈S} s_i is linear in the monomials Π_{i∈S} s_i, shared by all j: one
 *    multiplication per monomial of ≥ 2 bits that some coefficient needs.
 * 4. Horner. P = (…(c_d·r + c_{d−1})·r + …)·r + c_0 with r = Σ 2^i r_i − 2^(m−1): one
 *    multiplication per step whose accumulator varies.
 * 5. Tails. P ← P + below·(tail_lo(q) − P) + above·(tail_hi(q) − P), q linear in the bits; with two
 *    constant tails, one multiplication: P ← P − (below + above)·P + below·c_lo + above·c_hi.
 * 6. Rounding. y = floor((P + 2^(F−1)) / 2^F) by one decomposition of P (+ offset), sized from
 *    P's exact range, enumerated at compile time over the reachable arguments (the decomposition
 *    enforces it, so the enumeration is never trusted, only used for sizing).
 *
 * Soundness: every wire is a bit of a decomposition, a product of such bits or of linear
 * combinations of them, or a bit of the final decomposition; nothing is left to the prover.
 * Covered by the exhaustive small-domain uniqueness test (test/circuit/piecewise.test.ts).
 *
 * Cost: `plan.cost` + the rounding's decomposition (F + the output's bits + 1, + 1 when signed).
 */
import type { CircuitBuilder } from '../builder.js'
import { type Lc, lcAddConst, lcConst, lcConstantValue, lcDot, lcWire } from '../lc.js'
import { bitLength, bitsToLc, toBits } from './bits.js'
import { PackedLc } from '../packedLc.js'
import { mul } from './mul.js'
import { type WitnessProgram, recordProgram, runProgram } from './program.js'
import type { PiecewiseTable } from '../../ir/piecewise.js'
import { type BitsShape, type PiecewisePlan, type SegmentExtrema, argumentRange, blockCoefficients, floorShiftBig, planPiecewise, segmentExtrema } from '../../ir/piecewisePlan.js'

/** Records term coeff·w of a bit recomposition in `byPower` (power → wire); false when it cannot be one. */
function addBitTerm(b: CircuitBuilder, byPower: Map<number, number>, w: number, coeff: bigint): boolean {
  if (coeff <= 0n || (coeff & (coeff - 1n)) !== 0n || b.lo[w] !== 0n || b.hi[w] !== 1n) return false
  const i = bitLength(coeff) - 1
  if (byPower.has(i)) return false
  byPower.set(i, w)
  return true
}

/** If x = c + Σ_{i<n} 2^i · w_i over wires with interval [0, 1], its bits (LSB first) and c. */
export function matchBits(b: CircuitBuilder, x: Lc): { wires: number[]; shape: BitsShape } | undefined {
  const c = x.get(0) ?? 0n
  const byPower = new Map<number, number>()
  if (x instanceof PackedLc && x.terms) {
    // The real terms, read from the packed form without building the map (see packedLc.ts: the
    // keys' real terms are disjoint), stopping at the first that is no bit of a recomposition.
    const { keys, coeffs } = x.terms
    // A raw wire with a coefficient ≤ 0 is such a term: look for one first (x − max in a softmax).
    for (let j = 0; j < keys.length; j++) if (keys[j]! > 0 && coeffs[j]! <= 0n) return undefined
    for (let j = 0; j < keys.length; j++) {
      const key = keys[j]!
      if (key > 0) {
        if (!addBitTerm(b, byPower, key, coeffs[j]!)) return undefined
        continue
      }
      const { wires, coeffs: ac } = x.ctx.atom(key)
      for (let i = 0; i < wires.length; i++) if (!addBitTerm(b, byPower, wires[i]!, coeffs[j]! * ac[i]!)) return undefined
    }
  } else {
    for (const [w, coeff] of x) {
      if (w === 0) continue
      if (!addBitTerm(b, byPower, w, coeff)) return undefined
    }
  }
  const n = byPower.size
  const wires: number[] = []
  for (let i = 0; i < n; i++) {
    const w = byPower.get(i)
    if (w === undefined) return undefined
    wires.push(w)
  }
  return n === 0 ? undefined : { wires, shape: { n, c } }
}

/** OR of boolean linear combinations: one multiplication per extra term. */
function or(b: CircuitBuilder, xs: readonly Lc[], label: string): Lc {
  let acc = xs[0]!
  for (let i = 1; i < xs.length; i++) acc = lcDot([1n, 1n, -1n], [acc, xs[i]!, mul(b, acc, xs[i]!, `${label}.or${i}`)])
  return acc
}

/** y = floor((p + 2^(F−1)) / 2^F) for p ∈ [lo, hi] (one decomposition). */
function roundFraction(b: CircuitBuilder, p: Lc, F: number, lo: bigint, hi: bigint, label: string): Lc {
  if (F === 0) return p
  const t = lcAddConst(p, 1n << BigInt(F - 1))
  const tlo = lo + (1n << BigInt(F - 1))
  const thi = hi + (1n << BigInt(F - 1))
  if (tlo >= 0n) return bitsToLc(toBits(b, t, Math.max(bitLength(thi), F), label), F)
  const B = Math.max(bitLength(-tlo) + 1, bitLength(thi) + 1, F + 1)
  const bits = toBits(b, lcAddConst(t, 1n << BigInt(B - 1)), B, label)
  return lcAddConst(bitsToLc(bits, F), -(1n << BigInt(B - 1 - F)))
}

/** One table's planning results within one lowering (see {@link memoOf}). */
type TableMemo = {
  /** `argumentRange` by argument interval. */
  ranges: Map<string, readonly [bigint, bigint] | undefined>
  /** P's extrema by segment, for `argumentRange`. */
  extrema: SegmentExtrema
  /** `planPiecewise` by input interval and bits shape. */
  plans: Map<string, PiecewisePlan>
  /** `blockCoefficients` by block (s0, t), as the non-zero (mask, coefficient) pairs of each power. */
  blocks: Map<string, readonly { masks: number[]; values: bigint[] }[]>
}

/** Planning results by builder and table. */
const memos = new WeakMap<CircuitBuilder, WeakMap<PiecewiseTable, TableMemo>>()

/**
 * The scratch builders that record witness programs (see {@link programOf}): they share one
 * planning memo by table, `recordingMemos`, kept as long as the table (so the segment extrema that
 * sizing enumerates are computed once per table, not once per recorded interval).
 */
const recording = new WeakSet<CircuitBuilder>()
const recordingMemos = new WeakMap<PiecewiseTable, TableMemo>()

/**
 * The planning memo of `table` in `b`'s lowering: planning is a pure function of the table and
 * the input's interval (and bits shape), and an element-wise function repeats the same interval on
 * every element, so each result is computed once per builder. Scoped to one lowering: its tables
 * do not change while it runs.
 */
function memoOf(b: CircuitBuilder, table: PiecewiseTable): TableMemo {
  let byTable = recording.has(b) ? recordingMemos : memos.get(b)
  if (!byTable) memos.set(b, (byTable = new WeakMap()))
  let memo = byTable.get(table)
  if (!memo) byTable.set(table, (memo = { ranges: new Map(), extrema: segmentExtrema(table), plans: new Map(), blocks: new Map() }))
  return memo
}

/** `argumentRange(table, qlo, qhi)` (it enumerates the arguments), once per builder (see {@link memoOf}). */
function rangeOf(b: CircuitBuilder, table: PiecewiseTable, qlo: bigint, qhi: bigint): [bigint, bigint] | undefined {
  const { ranges, extrema } = memoOf(b, table)
  const key = `${qlo},${qhi}`
  let r = ranges.get(key)
  if (r === undefined && !ranges.has(key)) ranges.set(key, (r = argumentRange(table, qlo, qhi, extrema)))
  return r && [r[0], r[1]]
}

/** `planPiecewise(table, lo, hi, shape)`, once per builder (see {@link memoOf}); the plan is shared, read only. */
function planOf(b: CircuitBuilder, table: PiecewiseTable, lo: bigint, hi: bigint, shape: BitsShape | undefined): PiecewisePlan {
  const { plans } = memoOf(b, table)
  const key = shape ? `${lo},${hi},${shape.n},${shape.c}` : `${lo},${hi}`
  let plan = plans.get(key)
  if (!plan) plans.set(key, (plan = planPiecewise(table, lo, hi, shape)))
  return plan
}

/** The non-zero terms of `blockCoefficients(table, s0, t)`, once per builder (see {@link memoOf}). */
function blockOf(b: CircuitBuilder, table: PiecewiseTable, s0: number, t: number): readonly { masks: number[]; values: bigint[] }[] {
  const { blocks } = memoOf(b, table)
  const key = `${s0},${t}`
  let block = blocks.get(key)
  if (!block) {
    block = blockCoefficients(table, s0, t).map((v) => {
      const masks = [...v.keys()].filter((mask) => v[mask] !== 0n)
      return { masks, values: masks.map((mask) => v[mask]!) }
    })
    blocks.set(key, block)
  }
  return block
}

/**
 * Witness programs of the gadget by table, then by input interval and bits shape: witness-only mode
 * replays them (see `program.ts`). Kept across lowerings (a warm prover's witnesses share them):
 * the layout depends only on the table and the interval, and a model's tables do not change once
 * quantized. Null: the gadget could not be recorded (it then runs itself).
 */
const programs = new WeakMap<PiecewiseTable, Map<bigint, Map<bigint, Map<number, Map<bigint, WitnessProgram | null>>>>>()

/** `map.get(key)`, set to `make()` first when absent. */
function child<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key)
  if (v === undefined) map.set(key, (v = make()))
  return v
}

/** The witness program of `table` on inputs in [lo, hi] of bits shape `shape` (see {@link programs}). */
function programOf(table: PiecewiseTable, lo: bigint, hi: bigint, shape: BitsShape | undefined): WitnessProgram | undefined {
  let byLo = programs.get(table)
  if (!byLo) programs.set(table, (byLo = new Map()))
  // By lo, hi, then the shape's n (−1: none) and c (bigint keys compare by value).
  const byKey = child(child(child(byLo, lo, () => new Map()), hi, () => new Map()), shape ? shape.n : -1, () => new Map<bigint, WitnessProgram | null>())
  const key = shape ? shape.c : 0n
  let p = byKey.get(key)
  if (p === undefined) {
    const input = shape ? ({ kind: 'bits', n: shape.n, c: shape.c } as const) : ({ kind: 'value', lo, hi } as const)
    p = recordProgram(input, (s, x) => (recording.add(s), piecewiseGadget(s, x, table, '')), (s, x) => {
      const [l, h] = s.interval(x)
      const m = matchBits(s, x)
      return l === lo && h === hi && (shape ? m !== undefined && m.shape.n === shape.n && m.shape.c === shape.c : m === undefined)
    }) ?? null
    byKey.set(key, p)
  }
  return p ?? undefined
}

/**
 * The table's value at x (see the module doc). Witness-only mode replays the gadget's recorded
 * witness program (same wires, intervals, values and constraint count: see `program.ts`).
 */
export function piecewise(b: CircuitBuilder, x: Lc, table: PiecewiseTable, label: string): Lc {
  if (b.pack) {
    const [lo, hi] = b.interval(x)
    const matched = matchBits(b, x)
    const p = programOf(table, lo, hi, matched?.shape)
    if (p) return runProgram(b, p, matched ? 0n : b.value(x), matched?.wires, label)
  }
  return piecewiseGadget(b, x, table, label)
}

/** The gadget itself (see the module doc). */
function piecewiseGadget(b: CircuitBuilder, x: Lc, table: PiecewiseTable, label: string): Lc {
  const k = table.shift
  const m = table.lowBits
  const [lo, hi] = b.interval(x)
  const matched = matchBits(b, x)
  const plan = planOf(b, table, lo, hi, matched?.shape)

  // 1. Bits: position i of the argument's offset form (the shift's low bits dropped).
  let argBits: Lc[]
  let top: Lc = lcConst(1n)
  let high: Lc[] = []
  const width = m + plan.t
  if (plan.reuse) {
    const w = matched!.wires.slice(k).map((v) => lcWire(v))
    argBits = Array.from({ length: width }, (_, i) => w[i] ?? lcConst(0n))
  } else {
    const offset = plan.signed ? 1n << BigInt(plan.bits - 1) : 0n
    const z = lcAddConst(x, offset - (plan.start << BigInt(k)))
    const bits = toBits(b, z, plan.bits, `${label}.bits`).map((v) => lcWire(v))
    argBits = bits.slice(k, k + width)
    high = bits.slice(k + width, k + width + plan.high)
    if (plan.signed) top = bits[plan.bits - 1]!
  }
  // q = start + Σ 2^i argBits_i (+ high bits, − the offset): valid for every reachable argument.
  const qTerms = [...argBits, ...high, ...(plan.signed ? [top] : [])]
  const q = lcDot(
    qTerms.map((_, i) => 1n << BigInt(i)),
    qTerms,
    plan.start - (plan.signed ? 1n << BigInt(plan.bits - 1 - k) : 0n),
  )

  // 2. Flags.
  const below = plan.below ? lcDot([-1n], [top], 1n) : lcConst(0n)
  const above = plan.above ? (plan.signed ? mul(b, top, or(b, high, `${label}.above`), `${label}.above`) : or(b, high, `${label}.above`)) : lcConst(0n)

  // 3. Coefficients, multilinear in the segment bits.
  const seg = argBits.slice(m, m + plan.t)
  const mono = new Map<number, Lc>([[0, lcConst(1n)]])
  seg.forEach((s, i) => mono.set(1 << i, s))
  for (const mask of plan.monomials) {
    const topBit = 31 - Math.clz32(mask)
    mono.set(mask, mul(b, mono.get(mask & ~(1 << topBit))!, seg[topBit]!, `${label}.mono${mask}`))
  }
  const coeffs = blockOf(b, table, plan.s0, plan.t).map(({ masks, values }) => lcDot(values, masks.map((mask) => mono.get(mask)!)))

  // 4. Horner in the centred remainder.
  const rLc = m > 0 ? lcDot(argBits.slice(0, m).map((_, i) => 1n << BigInt(i)), argBits.slice(0, m), -(1n << BigInt(m - 1))) : lcConst(0n)
  let p = coeffs[coeffs.length - 1]!
  for (let j = coeffs.length - 2; j >= 0; j--) {
    const prod = lcConstantValue(p) === 0n ? lcConst(0n) : mul(b, p, rLc, `${label}.horner${j}`)
    p = lcDot([1n, 1n], [prod, coeffs[j]!])
  }

  // 5. Tails.
  if (plan.below || plan.above) {
    const { below: tb, above: ta } = table
    if (tb.mul === 0 && ta.mul === 0) {
      const either = lcDot([1n, 1n], [below, above])
      p = lcDot([1n, -1n, BigInt(tb.add), BigInt(ta.add)], [p, mul(b, either, p, `${label}.tail`), below, above])
    } else {
      const tail = (t: { mul: number; add: number }) => lcDot([BigInt(t.mul)], [q], BigInt(t.add))
      if (plan.below) p = lcDot([1n, 1n], [p, mul(b, below, lcDot([1n, -1n], [tail(tb), p]), `${label}.below`)])
      if (plan.above) p = lcDot([1n, 1n], [p, mul(b, above, lcDot([1n, -1n], [tail(ta), p]), `${label}.above.tail`)])
    }
  }

  // 6. Rounding, sized from P's exact range over the reachable arguments.
  const range = rangeOf(b, table, floorShiftBig(lo, k), floorShiftBig(hi, k)) ?? b.interval(p)
  return roundFraction(b, p, table.fracBits, range[0], range[1], `${label}.round`)
}
