/**
 * Bit widths for a tolerance: searches per-layer input, weight and activation widths (see
 * `src/quantize/bitWidths.ts`) for the fewest constraints whose integer model stays within
 * `tolerance` of the float model — max |circuit − float| over every output element of every
 * calibration sample, in output units — or, with `target: 'accuracy'`, for the smallest error that
 * keeps the circuit's proving domain (the power of two above its constraints).
 *
 * A candidate is judged without proving: the integer executor (the circuit's exact semantics) runs
 * the calibration samples against the float executor's outputs, and the constraint count comes from
 * lowering the model in counting mode (same code as the circuit, no constraint stored).
 *
 * `size` (the default):
 * 1. Uniform widths: bisection over a level ℓ (input and weight ℓ − 4 bits, activations ℓ; the
 *    defaults 8/8/12 are ℓ = 12) for the lowest level that meets the tolerance. Step 2 starts
 *    from ℓ + 2 (room to trade bits between layers) for circuits under 2^16 constraints, and for
 *    larger ones when level ℓ leaves less than a quarter of the tolerance (a time bound).
 * 2. Per layer, greedy: each width (one per layer and kind) is tried 2 bits lower, else 1; of the
 *    moves that still meet the tolerance, the one saving the most constraints per unit of added
 *    error is taken, and the others are re-tried from the new widths (lazily: a move is re-measured
 *    only when it is the best one left). A width whose lowering saves nothing is instead raised 4
 *    bits when that costs no constraint and lowers the error (free accuracy, which leaves more of
 *    the tolerance to the widths that cost). It stops when no move saves constraints within the
 *    tolerance, or after `maxCandidates`.
 *    To stay fast, step 2 measures candidates on the calibration samples that were hardest at the
 *    uniform widths (`searchSamples`), within 90 % of the tolerance there, and every candidate
 *    stops at the first sample over the bound (hardest samples first). When no move is left, the widths are checked on every sample;
 *    where they miss, the samples that miss (or come within 10 % of missing) join the measured
 *    ones, the search steps back to the last widths that meet the tolerance everywhere and goes
 *    on (at most twice).
 * `accuracy`: from the `size` result (or, without a tolerance, the given widths), the same greedy
 * upwards: one width 1 bit higher at a time, taking the move that lowers the error (max + mean
 * over the samples) most per added constraint, as long as the circuit keeps its proving domain.
 *
 * Every candidate is reported (`onCandidate`, and the result's `candidates`); `formatCandidates`
 * prints them as the CLI's table.
 */
import type { PreparedGraph } from '../onnx/ir.js'
import type { QuantizedModel } from '../ir/model.js'
import { quantizeGraphWithUsage } from '../quantize/quantize.js'
import { runIntegers } from '../quantize/execInt.js'
import { quantizeInputs } from '../quantize/quantizeInput.js'
import { BIT_KINDS, type BitKind, type BitUsage, type LayerBits } from '../quantize/bitWidths.js'
import { lowerModel, type Visibility } from '../circuit/lowerModel.js'
import { EXECUTOR_BITS, executorBits } from '../ir/interval.js'
import { ZkmlError } from '../errors/base.js'
import { BitWidthError, ToleranceNotMetError } from '../errors/quantize.js'
import { nullRecord, ownValue } from '../utils/records.js'
import type { CalibrationRanges } from './calibrate.js'
import type { Sample } from './samples.js'

/** What the search minimizes: constraints within the tolerance, or the error within the proving domain. */
export type BitSearchTarget = 'size' | 'accuracy'

/** The widths of a quantization run: the global widths plus per-layer ones (see `bitWidths.ts`). */
export type BitWidths = { inputBits: number; weightBits: number; activationBits: number; layerBits: LayerBits }

/** One candidate the search measured. */
export type BitCandidate = {
  /** 1, 2, … in the order tried. */
  index: number
  /** What it tries: `uniform 8/8/12` (input/weight/activation) or `relu1 activation 12→10`. */
  change: string
  /** Constraints (null when not counted: the error already missed, or quantization failed). */
  constraints: number | null
  /**
   * max |circuit − float| over the samples measured (`samples` of them). When `verdict` is
   * `misses` it may be a lower bound: measuring stops at the first sample over the bound.
   */
  maxAbsError: number | null
  samples: number
  /**
   * `meets`: within the bound; `misses`: over it; `no gain`: within it but no fewer constraints
   * (or, for accuracy, no lower error); `over domain`: past the proving domain (accuracy);
   * `overflow`: a value needs more than the executor's 52 bits; `failed`: the quantizer refused.
   */
  verdict: 'meets' | 'misses' | 'no gain' | 'over domain' | 'overflow' | 'failed'
  /** True when the search moved to this candidate. */
  accepted: boolean
  /** True for the widths the search chose. */
  chosen?: true | undefined
  /** Why quantization failed (verdict `failed`). */
  reason?: string | undefined
}

export type BitSearchParameters = {
  graph: PreparedGraph
  ranges: CalibrationRanges
  samples: readonly Sample[]
  /** The float executor's outputs per sample (the reference the error is measured against). */
  floatOutputs: readonly Record<string, ArrayLike<number>>[]
  visibility: Visibility
  /** Max |circuit − float| allowed, in output units (required for `size`). */
  tolerance?: number | undefined
  /** Default `size`. */
  target?: BitSearchTarget | undefined
  /** Widths the search keeps: all inputs' (`inputBits`) and any per-layer ones given. */
  fixed?: { inputBits?: number | undefined; layerBits?: LayerBits | undefined } | undefined
  /** Starting widths of an `accuracy` search without a tolerance (default 8/8/12). */
  start?: { weightBits?: number | undefined; activationBits?: number | undefined } | undefined
  /** Stop after this many candidates (default 60; the result is then the best found so far, checked on every sample). */
  maxCandidates?: number | undefined
  /** Samples step 2 of `size` measures (default 16; all when the set is at most twice that). */
  searchSamples?: number | undefined
  onCandidate?: ((c: BitCandidate) => void) | undefined
}

export type BitSearchResult = {
  target: BitSearchTarget
  tolerance: number | undefined
  /** The chosen widths (every layer's width explicit in `layerBits`). */
  widths: BitWidths
  model: QuantizedModel
  constraints: number
  /** max |circuit − float| of the chosen widths on every calibration sample (vs the float executor). */
  maxAbsError: number
  candidates: BitCandidate[]
}

/** Allowed widths during the search, by kind. */
const SEARCH_RANGE: Readonly<Record<BitKind, readonly [number, number]>> = { input: [2, 16], weight: [2, 16], activation: [3, 24] }
/** Uniform levels ℓ: input and weight ℓ − 4 (capped at 16), activation ℓ. */
const LEVELS = { min: 6, max: 24, start: 12 } as const
/**
 * Step 2 starts 2 levels above the lowest uniform level meeting E for circuits below this many
 * constraints, and for larger ones when that level's error exceeds START_HIGHER_ABOVE · E (a
 * higher start finds smaller circuits but measures more candidates, each costing about a second
 * per 100k constraints here).
 */
const START_HIGHER_BELOW = 2 ** 16
const START_HIGHER_ABOVE = 0.75
/** Measured on a subset of the samples, a move must stay within this fraction of the bound. */
const SUBSET_MARGIN = 0.9

/** A knob: one width of one layer or input, `kind:name`. */
type Knob = string
const knobOf = (kind: BitKind, name: string): Knob => `${kind}:${name}`
const kindOf = (k: Knob) => k.slice(0, k.indexOf(':')) as BitKind
const nameOf = (k: Knob) => k.slice(k.indexOf(':') + 1)

/** A configuration: every knob's width, plus the global widths (used where no knob applies). */
type Config = { globals: { input: number; weight: number; activation: number }; bits: ReadonlyMap<Knob, number> }

/** One measured configuration. */
type Eval = {
  config: Config
  model?: QuantizedModel | undefined
  failure?: string | undefined
  /** Error per sample (undefined: not measured yet). */
  errs: (number | undefined)[]
  count?: { constraints: number; power: number; overflow: boolean } | undefined
}

const levelGlobals = (l: number) => ({ input: Math.min(16, l - 4), weight: Math.min(16, l - 4), activation: l })

/**
 * Searches bit widths; see the module doc.
 * @throws {ToleranceNotMetError} no uniform level up to 16/16/24 bits (or the executor's 52-bit limit) meets the tolerance
 * @throws {BitWidthError} a missing or invalid tolerance, or a fixed width that names no layer
 */
export function searchBitWidths(p: BitSearchParameters): BitSearchResult {
  const target = p.target ?? 'size'
  if (p.tolerance !== undefined && !(p.tolerance > 0 && Number.isFinite(p.tolerance))) throw new BitWidthError(`The tolerance must be a positive number (got ${p.tolerance}).`)
  const maxCandidates = p.maxCandidates ?? 60
  const fixedInput = p.fixed?.inputBits
  const fixedLayers = p.fixed?.layerBits ?? {}
  const N = p.samples.length

  // The widths the model has (which layers read which width), from one quantization at the defaults.
  const probe = quantizeGraphWithUsage({ graph: p.graph, ranges: p.ranges, inputBits: fixedInput, layerBits: fixedLayers })
  const usage: BitUsage = probe.usage
  const isFixed = (kind: BitKind, name: string) => (kind === 'input' && fixedInput !== undefined) || ownValue(fixedLayers[kind] ?? {}, name) !== undefined
  const knobs: Knob[] = BIT_KINDS.flatMap((kind) => usage[kind].filter((n) => !isFixed(kind, n)).map((n) => knobOf(kind, n)))

  const candidates: BitCandidate[] = []
  const cache = new Map<string, Eval>()
  /** Samples by hardness: a sample that misses the bound moves to the front. */
  const order = Array.from({ length: N }, (_, i) => i)
  let working = new Set(order)

  const configAt = (level: number): Config => {
    const globals = levelGlobals(level)
    return { globals, bits: new Map(knobs.map((k) => [k, globals[kindOf(k)]])) }
  }
  const withBits = (c: Config, k: Knob, bits: number): Config => ({ globals: c.globals, bits: new Map(c.bits).set(k, bits) })
  const layerBitsOf = (c: Config): LayerBits => {
    const out: LayerBits = {}
    for (const kind of BIT_KINDS) {
      const rec = nullRecord<number>()
      for (const [name, bits] of Object.entries(fixedLayers[kind] ?? {})) rec[name] = bits
      for (const [k, bits] of c.bits) if (kindOf(k) === kind) rec[nameOf(k)] = bits
      if (Object.keys(rec).length) out[kind] = rec
    }
    return out
  }
  const widthsOf = (c: Config): BitWidths => ({ inputBits: fixedInput ?? c.globals.input, weightBits: c.globals.weight, activationBits: c.globals.activation, layerBits: layerBitsOf(c) })
  const keyOf = (c: Config) => JSON.stringify([c.globals, [...c.bits]])

  const evaluate = (c: Config): Eval => {
    const key = keyOf(c)
    let ev = cache.get(key)
    if (ev) return ev
    ev = { config: c, errs: new Array<number | undefined>(N) }
    const w = widthsOf(c)
    try {
      ev.model = quantizeGraphWithUsage({ graph: p.graph, ranges: p.ranges, inputBits: w.inputBits, weightBits: w.weightBits, activationBits: w.activationBits, layerBits: w.layerBits }).model
    } catch (e) {
      if (!(e instanceof ZkmlError) || e instanceof BitWidthError) throw e
      ev.failure = e.shortMessage
    }
    cache.set(key, ev)
    return ev
  }
  const sampleError = (model: QuantizedModel, s: number): number => {
    const got = runIntegers(model, quantizeInputs({ model, input: p.samples[s]!, clamp: true })).outputs
    let m = 0
    for (const o of model.outputs) {
      const a = got[o.name]!
      const b = p.floatOutputs[s]![o.name]!
      for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!))
    }
    return m
  }
  /** max error over `samples` (hardest first), stopping at the first sample above `bound`. */
  const errorOver = (ev: Eval, samples: ReadonlySet<number>, bound = Infinity): { max: number; mean: number; complete: boolean; n: number } => {
    let max = 0
    let sum = 0
    let n = 0
    for (const s of order.filter((i) => samples.has(i))) {
      let e = ev.errs[s]
      if (e === undefined) {
        try {
          e = sampleError(ev.model!, s)
        } catch (err) {
          if (!(err instanceof ZkmlError)) throw err
          e = Infinity
        }
        ev.errs[s] = e
      }
      max = Math.max(max, e)
      sum += e
      n++
      if (e > bound) {
        order.splice(order.indexOf(s), 1)
        order.unshift(s)
        return { max, mean: sum / n, complete: false, n }
      }
    }
    return { max, mean: n ? sum / n : 0, complete: true, n }
  }
  const countOf = (ev: Eval) => {
    if (!ev.count) {
      const lowered = lowerModel({ model: ev.model!, visibility: p.visibility, mode: { constraints: false, witness: false } })
      const power = Math.max(1, Math.ceil(Math.log2(lowered.nConstraints + lowered.r1cs.nPublic + 1)))
      // compileModel refuses a model whose executor values could pass 2^EXECUTOR_BITS.
      ev.count = { constraints: lowered.nConstraints, power, overflow: executorBits(ev.model!) > EXECUTOR_BITS }
    }
    return ev.count
  }
  const record = (change: string, ev: Eval, verdict: BitCandidate['verdict'], err: { max: number; n: number } | undefined): BitCandidate => {
    const c: BitCandidate = {
      index: candidates.length + 1,
      change,
      constraints: ev.count?.constraints ?? null,
      maxAbsError: err ? err.max : null,
      samples: err?.n ?? 0,
      verdict,
      accepted: false,
      ...(ev.failure ? { reason: ev.failure } : {}),
    }
    candidates.push(c)
    p.onCandidate?.(c)
    return c
  }
  /**
   * Measures `c` against `bound` on `samples`, counts it when it is within, and records it as a
   * candidate; `refine` may turn a `meets` into `no gain` / `over domain` (then `ok` is false).
   */
  const judge = (
    change: string,
    c: Config,
    bound: number,
    samples: ReadonlySet<number>,
    refine?: (ev: Eval, err: { max: number; mean: number }) => 'meets' | 'no gain' | 'over domain',
  ): { ev: Eval; ok: boolean; err?: { max: number; mean: number } | undefined; cand: BitCandidate } => {
    const ev = evaluate(c)
    if (ev.failure) return { ev, ok: false, cand: record(change, ev, 'failed', undefined) }
    const err = errorOver(ev, samples, bound)
    if (!err.complete) return { ev, ok: false, err, cand: record(change, ev, 'misses', err) }
    if (countOf(ev).overflow) return { ev, ok: false, err, cand: record(change, ev, 'overflow', err) }
    const verdict = refine?.(ev, err) ?? 'meets'
    return { ev, ok: verdict === 'meets', err, cand: record(change, ev, verdict, err) }
  }
  const uniformLabel = (l: number) => {
    const g = levelGlobals(l)
    return `uniform ${fixedInput ?? g.input}/${g.weight}/${g.activation}`
  }
  const moveLabel = (k: Knob, from: number, to: number) => `${nameOf(k)} ${kindOf(k)} ${from}→${to}`

  type Point = { ev: Eval; cand: BitCandidate }
  const all = new Set(order)

  // Without a tolerance: the starting widths; `size` then keeps their error as the tolerance.
  let start: Point | undefined
  let E = p.tolerance
  if (E === undefined) {
    const g = { input: fixedInput ?? 8, weight: p.start?.weightBits ?? 8, activation: p.start?.activationBits ?? 12 }
    const r = judge(`start ${g.input}/${g.weight}/${g.activation}`, { globals: g, bits: new Map(knobs.map((k) => [k, g[kindOf(k)]])) }, Infinity, all)
    if (!r.ok) throw new BitWidthError(`The starting widths ${g.input}/${g.weight}/${g.activation} cannot be used: ${r.cand.reason ?? r.cand.verdict}.`)
    start = { ev: r.ev, cand: r.cand }
    if (target === 'size') E = r.err!.max
  }
  let cur = E === undefined ? start! : fewestConstraints(E)
  if (target === 'accuracy') cur = ascend(cur, E)
  cur.cand.chosen = true

  const final = errorOver(cur.ev, all)
  return { target, tolerance: E, widths: widthsOf(cur.ev.config), model: cur.ev.model!, constraints: countOf(cur.ev).constraints, maxAbsError: final.max, candidates }

  /** Steps 1 and 2 of the `size` search (module doc). */
  function fewestConstraints(E: number): Point {
    // 1. The lowest uniform level meeting E (errors fall as widths grow).
    const tryLevel = (l: number) => judge(uniformLabel(l), configAt(l), E, all)
    let best: { level: number; r: ReturnType<typeof tryLevel> } | undefined
    let lo = LEVELS.min - 1 // highest level known to miss
    // The defaults (level 12) may already be measured: the start of a `size` search without a tolerance.
    const first = start && keyOf(start.ev.config) === keyOf(configAt(LEVELS.start)) ? { ...start, ok: true, err: errorOver(start.ev, all) } : tryLevel(LEVELS.start)
    if (first.ok) best = { level: LEVELS.start, r: first }
    else {
      lo = LEVELS.start
      for (let l = LEVELS.start + 4; l <= LEVELS.max && !best; l += 4) {
        const r = tryLevel(l)
        if (r.ok) best = { level: l, r }
        else if (r.cand.verdict !== 'misses') break
        else lo = l
      }
      if (!best) {
        const bestError = Math.min(...candidates.map((c) => c.maxAbsError ?? Infinity))
        throw new ToleranceNotMetError({ tolerance: E, bestError, table: formatCandidates(candidates, E) })
      }
    }
    while (best.level - lo > 1) {
      const mid = Math.floor((lo + best.level) / 2)
      const r = tryLevel(mid)
      if (r.ok) best = { level: mid, r }
      else lo = mid
    }
    let at: Point = { ev: best.r.ev, cand: best.r.cand }
    // Step 2 starts 2 levels higher (see START_HIGHER_BELOW): lowering only from a level that
    // already uses up most of the tolerance leaves little room to trade one layer's bits for
    // another's (on the bundled MLPs: 10–40 % fewer constraints than starting at that level).
    const higher = countOf(best.r.ev).constraints < START_HIGHER_BELOW || best.r.err!.max > START_HIGHER_ABOVE * E
    if (higher && best.level + 2 <= LEVELS.max) {
      const r = tryLevel(best.level + 2)
      if (r.ok) at = { ev: r.ev, cand: r.cand }
    }
    at.cand.accepted = true

    // 2. Per layer, measured on the hardest samples (the result is checked on all of them).
    const K = p.searchSamples ?? 16
    if (N > 2 * K) working = new Set(order.slice().sort((a, b) => (at.ev.errs[b] ?? 0) - (at.ev.errs[a] ?? 0)).slice(0, K))
    return descend(at, E)
  }

  /**
   * Greedy descent from `start` within `bound` (module doc, step 2). Widths whose lowering saves
   * nothing are first raised 4 bits when that costs no constraint and lowers the error (free
   * accuracy, leaving more of the tolerance to the widths that cost). Moves are measured on the
   * working samples; before one is taken it is checked on every sample, and a sample that misses
   * joins the working set.
   */
  function descend(start: Point, bound: number): Point {
    type Move = { knob: Knob; step: number; ratio: number; to?: Point | undefined }
    let at = start
    const path = [start]
    const take = (to: Point) => {
      at = to
      to.cand.accepted = true
      path.push(to)
    }
    /** On a subset of the samples, moves keep a margin below the bound (the subset's max underestimates the set's). */
    const workingBound = () => (working.size < N ? SUBSET_MARGIN * bound : bound)
    /** Last measured ratio of each width's move: the order moves are re-tried in after a step back. */
    const lastRatio = new Map<Knob, number>()
    const tryMove = (knob: Knob, step: number): Move | 'no gain' | undefined => {
      const from = at.ev.config.bits.get(knob)!
      const to = from - step
      if (to < SEARCH_RANGE[kindOf(knob)][0]) return step > 1 ? tryMove(knob, 1) : undefined
      const cons = countOf(at.ev).constraints
      const r = judge(moveLabel(knob, from, to), withBits(at.ev.config, knob, to), workingBound(), working, (ev) => (countOf(ev).constraints < cons ? 'meets' : 'no gain'))
      if (r.cand.verdict === 'no gain') return 'no gain'
      if (!r.ok) return step > 1 ? tryMove(knob, 1) : undefined
      const gain = cons - countOf(r.ev).constraints
      const added = r.err!.max - errorOver(at.ev, working).max
      const ratio = gain / Math.max(added, bound * 1e-3)
      lastRatio.set(knob, ratio)
      return { knob, step, ratio, to: { ev: r.ev, cand: r.cand } }
    }
    const tryRaise = (knob: Knob) => {
      const from = at.ev.config.bits.get(knob)!
      const to = Math.min(from + 4, SEARCH_RANGE[kindOf(knob)][1])
      if (to === from) return
      const cons = countOf(at.ev).constraints
      const err = errorOver(at.ev, working).max
      const r = judge(moveLabel(knob, from, to), withBits(at.ev.config, knob, to), bound, working, (ev, e) => (countOf(ev).constraints <= cons && e.max < err ? 'meets' : 'no gain'))
      if (r.ok) take({ ev: r.ev, cand: r.cand })
    }
    const moves = new Map<Knob, Move>()
    for (const k of knobs) {
      if (candidates.length >= maxCandidates) break
      const m = tryMove(k, 2)
      if (m === 'no gain') tryRaise(k)
      else if (m) moves.set(k, m)
    }
    for (let round = 0; ; round++) {
      while (moves.size && candidates.length < maxCandidates) {
        const best = [...moves.values()].reduce((a, b) => (b.ratio > a.ratio ? b : a))
        if (best.to) {
          take(best.to)
          for (const m of moves.values()) m.to = undefined
          continue
        }
        // Stale (measured from earlier widths): measure it from here.
        const m = tryMove(best.knob, best.step)
        if (m && m !== 'no gain') moves.set(best.knob, m)
        else moves.delete(best.knob)
      }
      // Check on every sample; where it misses, the samples within 10 % of missing join the
      // working set and the search steps back to the last widths that meet the bound everywhere
      // (the start does).
      let i = path.length - 1
      if (!errorOver(path[i]!.ev, all, bound).complete) {
        errorOver(path[i]!.ev, all)
        for (let s = 0; s < N; s++) if (path[i]!.ev.errs[s]! > 0.9 * bound) working.add(s)
        while (i > 0 && !errorOver(path[i]!.ev, all, bound).complete) {
          working.add(order[0]!)
          i--
        }
      }
      if (i === path.length - 1 || round === 2 || candidates.length >= maxCandidates) return path[i]!
      at = path[i]!
      path.length = i + 1
      for (const k of knobs) if (lastRatio.has(k)) moves.set(k, { knob: k, step: 2, ratio: lastRatio.get(k)! })
    }
  }

  /** Greedy ascent for accuracy within the proving domain of `start` (and within `E`, if given). */
  function ascend(start: Point, E: number | undefined): Point {
    const samples = working
    const domain = countOf(start.ev).power
    let at = start
    const score = (ev: Eval) => {
      const e = errorOver(ev, samples)
      return e.max + e.mean
    }
    for (;;) {
      let best: { ratio: number; to: Point } | undefined
      const here = score(at.ev)
      const cons = countOf(at.ev).constraints
      for (const k of knobs) {
        if (candidates.length >= maxCandidates) break
        const from = at.ev.config.bits.get(k)!
        if (from + 1 > SEARCH_RANGE[kindOf(k)][1]) continue
        const r = judge(moveLabel(k, from, from + 1), withBits(at.ev.config, k, from + 1), E ?? Infinity, samples, (ev) =>
          countOf(ev).power > domain ? 'over domain' : here - score(ev) > 0 ? 'meets' : 'no gain',
        )
        if (!r.ok) continue
        const ratio = (here - score(r.ev)) / Math.max(1, countOf(r.ev).constraints - cons)
        if (!best || ratio > best.ratio) best = { ratio, to: { ev: r.ev, cand: r.cand } }
      }
      if (!best) break
      // Accept only when it holds on every sample (the tolerance, if any, included).
      const all = errorOver(best.to.ev, new Set(order), E ?? Infinity)
      if (!all.complete) break
      at = best.to
      at.cand.accepted = true
    }
    return at
  }
}

/** The candidates as a text table (what `zkml compile --tolerance` prints). */
export function formatCandidates(candidates: readonly BitCandidate[], tolerance?: number): string {
  const rows = [['#', 'widths tried', 'constraints', 'max |err|', 'samples', 'verdict']]
  for (const c of candidates) {
    const err = c.maxAbsError === null ? '-' : `${c.verdict === 'misses' && tolerance !== undefined ? '>' : ''}${c.maxAbsError.toPrecision(3)}`
    rows.push([String(c.index), c.change, c.constraints === null ? '-' : String(c.constraints), err, String(c.samples), `${c.verdict}${c.chosen ? ' ← chosen' : c.accepted ? ' (taken)' : ''}${c.reason ? `: ${c.reason}` : ''}`])
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows.map((r) => r.map((c, i) => (i === 1 || i === 5 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd()).join('\n')
}
