/**
 * Exhaustive small-domain uniqueness tests for circuit gadgets: the test that can actually catch an
 * under-constrained gadget (a single-wire mutation test cannot, see `mutation.ts`).
 *
 * ## What {@link expectUnique} proves
 * For every input assignment in a small domain, it finds **every** assignment of the gadget's other
 * wires that satisfies all recorded constraints (mod p), and asserts that exactly one exists, that its
 * output equals the reference, and that the builder's witness mode computes that same assignment.
 * A gadget that lets a prover choose two outputs for one input (the classic missing range check)
 * fails; so does one whose honest output is not provable, and one whose constraints the search cannot
 * resolve (reported as unresolved wires, never a silent pass).
 *
 * ## How the search is exhaustive
 * The constraints are recorded once (constraints-only build). Per input case, a depth-first search:
 * 1. **Propagation** (forced values). A constraint `A·B = C` in which A (or B) is fully known is
 *    linear in the remaining unknowns: with exactly one unknown wire u and a non-zero coefficient, u
 *    has exactly one possible value; with none, the constraint is checked. With several unknowns that
 *    are all two-valued (booleans), integer bounds on the sum rule out values that cannot reach it
 *    (so a bit decomposition of a known value is forced bit by bit instead of enumerated; `prune:
 *    false` turns this off, and a test checks both modes agree). Any violated constraint prunes the
 *    branch.
 * 2. **Branching** (the enumeration). When propagation stops, a constraint whose only unknown u
 *    appears in both A and B is a quadratic in u: every satisfying assignment gives u one of its
 *    (at most two) roots, and the search tries each. A booleanity constraint `b·(b − 1) = 0` is the
 *    common case (roots 0 and 1), so this enumerates every assignment of the gadget's boolean wires;
 *    the naive ReLU `y·(y − x) = 0` (roots 0 and x) is enumerated the same way and is flagged.
 * 3. **Unresolved.** If neither applies while wires are unknown, the case is reported as a failure
 *    naming the wires: the search would otherwise have to guess over the whole field.
 * Both steps only ever discard values that cannot satisfy the constraints, so the set of full
 * assignments found is exactly the set of satisfying ones.
 *
 * ## Adding a gadget's test
 * ```ts
 * expectUnique({
 *   inputs: [interval(-8n, 8n)],                               // one free input wire per entry
 *   build: (b, [x]) => requantize(b, x!, { shift: 2, relu: true, label: 'rq' }),
 *   reference: ([x]) => max(0, floor((x + 2) / 4)),           // undefined: must not be provable
 * })
 * // Kernels written against the Domain interface: the reference is the integer executor.
 * expectUniqueOp({ inputs: [interval(-8n, 8n)], op: (D, [x]) => sigmoid(D, x!, 1, 2, 'sg') })
 * ```
 * Gadgets whose witness is a prover's choice (a Merkle path, a Hamming rotation) give `provable`, the
 * exact set of outputs that must be provable, instead of `reference`; prover inputs the gadget
 * allocates itself (Merkle siblings) are enumerated through `free`. Gadgets over field elements
 * (Poseidon) cannot be enumerated; {@link expectStraightLine} shows that their constraints determine
 * every wire from the inputs for *all* input values. {@link checkR1csDetermined} does the same for a
 * whole circuit, taking its booleans as given (each gadget's own test shows they are forced).
 *
 * Checklist for a new gadget or op:
 * - one case per structural branch the gadget takes on its intervals (signed, unsigned, skewed,
 *   always negative, constant), on several parameters (shifts, window sizes, ties);
 * - values beyond the declared interval (`{ lo, hi, values }`): they must prove the reference or nothing;
 * - inputs that must not be provable (a zero divisor): `reference` returns `undefined` there;
 * - keep it small: at most a few thousand cases per call (`maxCases`), the suite must stay fast.
 */
import { expect } from 'vitest'
import { CircuitBuilder } from '../../src/circuit/builder.js'
import { circuitDomain } from '../../src/circuit/circuitDomain.js'
import { FIELD_PRIME as P, fromFieldSigned, toField } from '../../src/circuit/field.js'
import type { Lc } from '../../src/circuit/lc.js'
import type { Domain } from '../../src/ir/domain.js'
import type { R1cs } from '../../src/circuit/r1cs.js'
import { ZkmlError } from '../../src/errors/base.js'
import { WitnessGenerationError } from '../../src/errors/prove.js'
import { numberDomain } from '../../src/quantize/numberDomain.js'
import { Solver, coeffOf, evalMod, evalTerms, straightLine, toRow, type Row, type StraightLineReport } from './r1csSearch.js'

export type { StraightLineReport } from './r1csSearch.js'

/** The values one input wire takes in the test, and the interval the gadget is promised. */
export type InputDomain = {
  /** The wire's interval as the builder sees it (`b.interval`): what the gadget sizes itself from. */
  lo: bigint
  hi: bigint
  /**
   * Values to try (default: every integer in [lo, hi]). A value outside [lo, hi] tests the gadget
   * beyond its promise: there it must prove the reference or nothing (never another output), and the
   * witness-mode comparison is skipped (the builder refuses such a value at allocation).
   */
  values?: readonly bigint[] | undefined
}

/** Every integer of [lo, hi]. */
export function interval(lo: bigint, hi: bigint): InputDomain {
  return { lo, hi }
}

/** Field-element inputs (interval [0, p − 1]) taking the given values. */
export function fieldValues(values: readonly bigint[]): InputDomain {
  return { lo: 0n, hi: P - 1n, values }
}

/** What a gadget returns: one output or a tuple of outputs. */
export type GadgetOutput = Lc | readonly Lc[]
/** An expected output: one integer or a tuple (signed integers; compared mod p). */
export type ExpectedOutput = bigint | readonly bigint[]

/** Wires a gadget allocates for prover-chosen values (e.g. Merkle siblings), enumerated like inputs. */
export type FreeWires = { label: RegExp; values: readonly bigint[] }

/** Parameters of {@link checkUniqueness} / {@link expectUnique}. */
export type UniquenessParameters = {
  /** Shown in failure messages. */
  name?: string | undefined
  /** One free input wire per entry, allocated (in order) before `build`. */
  inputs: readonly InputDomain[]
  /** Builds the gadget on the input wires and returns its output(s). */
  build: (b: CircuitBuilder, xs: readonly Lc[]) => GadgetOutput
  /** The output each input case must prove, and nothing else; `undefined`: nothing may be provable. */
  reference?: ((xs: readonly bigint[]) => ExpectedOutput | undefined) | undefined
  /**
   * Instead of `reference`, for gadgets with a prover's choice: the exact set of outputs that must be
   * provable for the case (each at least once, nothing else). `free` holds the values of the free wires.
   */
  provable?: ((xs: readonly bigint[], free: readonly bigint[]) => readonly ExpectedOutput[]) | undefined
  /** Gadget-internal prover inputs, matched by label, enumerated over the given values (in wire order). */
  free?: readonly FreeWires[] | undefined
  /**
   * Also require that exactly one full assignment satisfies the constraints (not only one output).
   * Default: true with `reference`, false with `provable`.
   */
  uniqueWitness?: boolean | undefined
  /** Build each case in witness mode and compare with the search (default: true unless `free` is given). */
  witness?: boolean | undefined
  /** Refuse to run more input cases than this (default 20 000): keeps the suite fast. */
  maxCases?: number | undefined
  /** Search nodes allowed per case before it is reported as a failure (default 200 000). */
  maxNodes?: number | undefined
  /**
   * Bounds reasoning over two-valued wires (default true). `false` leaves plain propagation and
   * enumeration: much slower on bit decompositions, used to cross-check the pruning.
   */
  prune?: boolean | undefined
}

/** What {@link checkUniqueness} found. */
export type UniquenessReport = {
  /** Input cases tried. */
  cases: number
  /** Satisfying full assignments found, over all cases. */
  solutions: number
  /** Search nodes visited, over all cases. */
  nodes: number
  /** Constraints recorded. */
  constraints: number
  /** Labels of the wires the search branched on (booleans and other quadratic roots). */
  branchWires: string[]
  /** One line per failing case (empty when the gadget passes). */
  failures: string[]
}


/**
 * Runs the exhaustive search (see the module doc) and reports, without asserting.
 * Use it to show that a broken gadget *is* flagged; use {@link expectUnique} in gadget tests.
 * @throws Error when the parameters are inconsistent or the case count exceeds `maxCases`.
 */
export function checkUniqueness(p: UniquenessParameters): UniquenessReport {
  if ((p.reference === undefined) === (p.provable === undefined)) throw new Error('uniqueness: give exactly one of reference and provable')
  const name = p.name ?? 'gadget'
  const recorder = new CircuitBuilder({ constraints: true, witness: false })
  const inputWires = p.inputs.map((d, i) => recorder.alloc(d.lo, d.hi, () => 0n, `in[${i}]`))
  const inputLcs = inputWires.map((w) => new Map([[w, 1n]]) as Lc)
  const outs = asList(p.build(recorder, inputLcs))
  const nWires = recorder.nWires
  const labels = recorder.labels
  const rows = recorder.constraints.map(toRow)
  const freeWires: number[] = []
  const freeDomains: (readonly bigint[])[] = []
  for (const f of p.free ?? []) {
    const ws = [...labels].filter(([w, l]) => f.label.test(l) && !inputWires.includes(w)).map(([w]) => w)
    if (ws.length === 0) throw new Error(`uniqueness: no wire label matches ${f.label}`)
    for (const w of ws) (freeWires.push(w), freeDomains.push(f.values))
  }
  const domains = [...p.inputs.map((d) => d.values ?? range(d.lo, d.hi)), ...freeDomains]
  const total = domains.reduce((a, d) => a * d.length, 1)
  const maxCases = p.maxCases ?? 20_000
  if (total > maxCases) throw new Error(`uniqueness: ${total} input cases exceed maxCases = ${maxCases}; shrink the domain`)
  const uniqueWitness = p.uniqueWitness ?? p.reference !== undefined
  const checkWitness = p.witness ?? freeWires.length === 0
  const solver = new Solver(nWires, rows, p.maxNodes ?? 200_000, p.prune ?? true)
  const report: UniquenessReport = { cases: 0, solutions: 0, nodes: 0, constraints: rows.length, branchWires: [], failures: [] }
  const branched = new Set<number>()
  const fail = (xs: readonly bigint[], msg: string) => report.failures.push(`${name}: in=(${xs.join(', ')}) ${msg}`)

  for (const values of cartesian(domains)) {
    report.cases++
    const xs = values.slice(0, inputWires.length)
    const free = values.slice(inputWires.length)
    const fixed = new Map<number, bigint>()
    inputWires.forEach((w, i) => fixed.set(w, toField(xs[i]!)))
    freeWires.forEach((w, i) => fixed.set(w, toField(free[i]!)))
    const res = solver.solve(fixed)
    report.nodes += res.nodes
    report.solutions += res.solutions.length
    for (const w of res.branchWires) branched.add(w)
    if (res.unresolved) {
      fail(xs, `leaves wires unresolved: ${res.unresolved.map((w) => labels.get(w) ?? `#${w}`).join(', ')} (no constraint determines them)`)
      continue
    }
    if (res.exhausted) {
      fail(xs, `search exceeded ${p.maxNodes ?? 200_000} nodes`)
      continue
    }
    const got = new Map<string, bigint[]>()
    for (const sol of res.solutions) {
      const o = outs.map((lc) => evalMod(lc, sol))
      got.set(key(o), o)
    }
    const shown = () => (got.size ? sortOutputs([...got.values()]).map(show).join(', ') : 'none')
    const outside = p.inputs.some((d, i) => xs[i]! < d.lo || xs[i]! > d.hi)
    let expected: readonly ExpectedOutput[]
    if (p.reference) {
      const r = p.reference(xs)
      expected = r === undefined ? [] : [r]
      if (outside && got.size === 0) expected = [] // beyond the promise: nothing provable is fine
    } else {
      expected = p.provable!(xs, free)
    }
    const want = new Map(expected.map((e) => asList(e).map(toField)).map((o) => [key(o), o]))
    const extra = [...got.keys()].filter((k) => !want.has(k))
    const missing = [...want.keys()].filter((k) => !got.has(k))
    if (extra.length || missing.length) {
      fail(xs, `provable outputs {${shown()}}, expected {${[...want.values()].map(show).join(', ') || 'none'}}`)
      continue
    }
    if (uniqueWitness && res.solutions.length > 1) {
      fail(xs, `${res.solutions.length} satisfying assignments for output {${shown()}}; differing wires: ${differing(res.solutions, labels).join(', ')}`)
      continue
    }
    if (checkWitness && !outside) {
      const msg = compareWitness(p, xs, recorder, rows, outs.length, res.solutions, want)
      if (msg) fail(xs, msg)
    }
  }
  report.branchWires = [...branched].sort((a, b) => a - b).map((w) => labels.get(w) ?? `#${w}`)
  return report
}

/**
 * Asserts that the gadget passes {@link checkUniqueness} (see the module doc) and that it ran at least
 * one case. Returns the report (e.g. to assert which wires were enumerated).
 */
export function expectUnique(p: UniquenessParameters): UniquenessReport {
  const report = checkUniqueness(p)
  expect(report.failures.slice(0, 8), `${report.failures.length} failing case(s)`).toEqual([])
  expect(report.cases).toBeGreaterThan(0)
  return report
}

/** A kernel written once against the `Domain` interface (as the ops in `src/ir/lower/` are). */
export type DomainOp = <T>(D: Domain<T>, xs: readonly T[]) => T | readonly T[]

/** Parameters of {@link expectUniqueOp}. */
export type UniqueOpParameters = Omit<UniquenessParameters, 'build' | 'reference' | 'provable'> & {
  op: DomainOp
  /** An independent reference the integer executor must match too (optional). */
  reference?: ((xs: readonly bigint[]) => ExpectedOutput | undefined) | undefined
}

/**
 * {@link expectUnique} for a Domain kernel: the circuit is `op(circuitDomain(b), xs)` and the reference
 * is the integer executor, `op(numberDomain, xs)` (a `WitnessGenerationError` there means "not
 * provable"). With `reference`, the executor must also agree with it on every case.
 */
export function expectUniqueOp({ op, reference, ...rest }: UniqueOpParameters): UniquenessReport {
  const executor = (xs: readonly bigint[]): ExpectedOutput | undefined => {
    let r: number | readonly number[]
    try {
      r = op(numberDomain, xs.map(Number))
    } catch (e) {
      if (e instanceof WitnessGenerationError) return undefined
      throw e
    }
    return typeof r === 'number' ? BigInt(r) : r.map((v) => BigInt(v))
  }
  if (reference) {
    const mismatches: string[] = []
    for (const values of cartesian(rest.inputs.map((d) => d.values ?? range(d.lo, d.hi)))) {
      const [e, r] = [executor(values), reference(values)]
      if (show(e) !== show(r)) mismatches.push(`in=(${values.join(', ')}) executor ${show(e)}, reference ${show(r)}`)
    }
    expect(mismatches.slice(0, 8), `${rest.name ?? 'op'}: the integer executor disagrees with the reference`).toEqual([])
  }
  return expectUnique({ ...rest, build: (b, xs) => op(circuitDomain(b), xs) as GadgetOutput, reference: executor })
}

/** Parameters of {@link checkStraightLine}. */
export type StraightLineParameters = {
  /** The input wires: a count (field elements, interval [0, p − 1]) or their intervals (values unused). */
  inputs: number | readonly InputDomain[]
  build: (b: CircuitBuilder, xs: readonly Lc[]) => unknown
}

/**
 * Structural propagation, independent of values: starting from the constant wire and the inputs,
 * a wire is determined by a constraint `A·B = C` in which it is the only undetermined wire and either
 * it appears only in C (A and B determined), or one of A, B is a non-zero constant and its combined
 * coefficient in the (then linear) constraint is non-zero. Such a wire is a fixed function of the
 * inputs for **every** input value in the field, so if every wire is determined the gadget has at
 * most one satisfying assignment per input: uniqueness by construction. If in addition `checks` is
 * 0, every input has exactly one (each constraint defines one wire, none constrains the inputs).
 */
export function checkStraightLine({ inputs, build }: StraightLineParameters): StraightLineReport {
  const b = new CircuitBuilder({ constraints: true, witness: false })
  const domains = typeof inputs === 'number' ? Array.from({ length: inputs }, () => fieldValues([])) : inputs
  const xs = domains.map((d, i) => new Map([[b.alloc(d.lo, d.hi, () => 0n, `in[${i}]`), 1n]]) as Lc)
  build(b, xs)
  const free = new Uint8Array(b.nWires)
  for (const x of xs) for (const w of x.keys()) free[w] = 1
  return straightLine(b.constraints.map(toRow), free, b.labels)
}

/**
 * {@link checkStraightLine} on a whole R1CS (a lowered model, the identity circuit): which wires are
 * determined by the free ones, where free = the wires `free` selects (inputs, field-valued secrets)
 * plus, with `booleans` (default true), every wire with a booleanity constraint. Combined with the
 * per-gadget exhaustive tests (which show each gadget's booleans are forced by its inputs), an empty
 * `unresolved` shows the composition adds no wire that a prover could choose freely.
 */
export function checkR1csDetermined({ r1cs, free, booleans = true }: { r1cs: R1cs; free: (wire: number, label: string) => boolean; booleans?: boolean | undefined }): StraightLineReport {
  const rows = r1cs.constraints.map(toRow)
  const isFree = new Uint8Array(r1cs.nWires)
  for (let w = 1; w < r1cs.nWires; w++) if (free(w, r1cs.labels?.get(w) ?? '')) isFree[w] = 1
  if (booleans)
    for (const r of rows) {
      const ws = new Set([...r.a, ...r.b, ...r.c].map(([w]) => w).filter((w) => w !== 0))
      const [w] = ws as Set<number>
      if (ws.size === 1 && coeffOf(r.a, w!) !== 0n && coeffOf(r.b, w!) !== 0n) isFree[w!] = 1
    }
  return straightLine(rows, isFree, r1cs.labels ?? new Map())
}

/** Asserts {@link checkStraightLine}: every wire is determined by the inputs. Returns the report. */
export function expectStraightLine(p: StraightLineParameters): StraightLineReport {
  const report = checkStraightLine(p)
  expect(report.unresolved.slice(0, 8), `${report.unresolved.length} wire(s) not determined by the inputs`).toEqual([])
  return report
}

/** Witness mode on one case: it must agree with the search. Returns a failure message or undefined. */
function compareWitness(
  p: UniquenessParameters,
  xs: readonly bigint[],
  recorder: CircuitBuilder,
  rows: readonly Row[],
  nOut: number,
  solutions: readonly bigint[][],
  want: ReadonlyMap<string, bigint[]>,
): string | undefined {
  const b = new CircuitBuilder({ constraints: false, witness: true })
  let outs: Lc[]
  try {
    const ins = p.inputs.map((d, i) => new Map([[b.alloc(d.lo, d.hi, () => xs[i]!, `in[${i}]`), 1n]]) as Lc)
    outs = asList(p.build(b, ins))
  } catch (e) {
    if (!(e instanceof ZkmlError)) throw e
    return want.size ? `witness generation failed although the case is provable: ${e.shortMessage}` : undefined
  }
  if (b.nWires !== recorder.nWires || outs.length !== nOut) return `witness mode allocates ${b.nWires} wires, constraint mode ${recorder.nWires}`
  const w = b.values.map(toField)
  const bad = rows.findIndex((r) => (evalTerms(r.a, w) * evalTerms(r.b, w)) % P !== evalTerms(r.c, w))
  if (want.size === 0) return bad >= 0 ? undefined : 'the witness satisfies every constraint, yet the search found no satisfying assignment'
  if (bad >= 0) return `the honest witness violates constraint ${bad}`
  const o = outs.map((lc) => toField(b.value(lc)))
  if (!want.has(key(o))) return `the honest witness outputs ${show(o)}, not an expected output`
  if (solutions.length === 1 && solutions[0]!.some((v, i) => v !== w[i])) return 'the honest witness differs from the unique satisfying assignment'
  return undefined
}

// ---------------------------------------------------------------------------------------------
// Formatting helpers.

function range(lo: bigint, hi: bigint): bigint[] {
  const out: bigint[] = []
  for (let v = lo; v <= hi; v++) out.push(v)
  return out
}

function* cartesian(domains: readonly (readonly bigint[])[]): Generator<bigint[]> {
  const idx = new Array<number>(domains.length).fill(0)
  if (domains.some((d) => d.length === 0)) return
  for (;;) {
    yield idx.map((k, i) => domains[i]![k]!)
    let d = domains.length - 1
    while (d >= 0 && ++idx[d]! === domains[d]!.length) idx[d--] = 0
    if (d < 0) return
  }
}

function asList<T>(x: T | readonly T[]): T[] {
  return Array.isArray(x) ? [...(x as readonly T[])] : [x as T]
}

function key(o: readonly bigint[]): string {
  return o.join(',')
}

function show(o: ExpectedOutput | readonly bigint[] | undefined): string {
  if (o === undefined) return 'none'
  const list = asList(o as ExpectedOutput).map((v) => fromFieldSigned(toField(v)))
  return list.length === 1 ? String(list[0]) : `(${list.join(', ')})`
}

/** Outputs in ascending signed order (for stable messages). */
function sortOutputs(os: bigint[][]): bigint[][] {
  const signed = (o: readonly bigint[]) => o.map(fromFieldSigned)
  return [...os].sort((x, y) => {
    const [a, b] = [signed(x), signed(y)]
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1
    return 0
  })
}

function differing(solutions: readonly bigint[][], labels: ReadonlyMap<number, string>): string[] {
  const out: string[] = []
  for (let w = 0; w < solutions[0]!.length && out.length < 6; w++)
    if (solutions.some((s) => s[w] !== solutions[0]![w])) out.push(labels.get(w) ?? `#${w}`)
  return out
}
