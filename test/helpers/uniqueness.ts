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
import type { Domain } from '../../src/circuit/lower/domain.js'
import type { Constraint, R1cs } from '../../src/circuit/r1cs.js'
import { ZkmlError } from '../../src/errors/base.js'
import { WitnessGenerationError } from '../../src/errors/prove.js'
import { numberDomain } from '../../src/quantize/numberDomain.js'

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

type Term = readonly [wire: number, coeff: bigint]
type Row = { a: Term[]; b: Term[]; c: Term[] }

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

/** A kernel written once against the `Domain` interface (as the ops in `src/circuit/lower/` are). */
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

/** What {@link checkStraightLine} found. */
export type StraightLineReport = {
  /** Wires (besides the constant and the inputs) that the constraints determine. */
  determined: number
  /** Constraints not used to determine a wire: checks that can make an input unprovable. */
  checks: number
  /** Labels of the wires no constraint determines structurally (empty when the gadget passes). */
  unresolved: string[]
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

/** Structural propagation from the constant wire and the `free` wires (see {@link checkStraightLine}). */
function straightLine(rows: readonly Row[], free: Uint8Array, labels: ReadonlyMap<number, string>): StraightLineReport {
  const nWires = free.length
  const known = Uint8Array.from(free)
  known[0] = 1
  const rowWires = rows.map((r) => [...new Set([...r.a, ...r.b, ...r.c].map(([w]) => w))])
  const watch: number[][] = Array.from({ length: nWires }, () => [])
  rowWires.forEach((ws, i) => ws.forEach((w) => watch[w]!.push(i)))
  const unknown = Int32Array.from(rowWires, (ws) => ws.filter((w) => !known[w]).length)
  const queue = rows.map((_, i) => i).filter((i) => unknown[i] === 1)
  let used = 0
  while (queue.length) {
    const i = queue.pop()!
    if (unknown[i] !== 1) continue
    const row = rows[i]!
    const u = rowWires[i]!.find((w) => !known[w])!
    const inA = coeffOf(row.a, u)
    const inB = coeffOf(row.b, u)
    const inC = coeffOf(row.c, u)
    let ok = inA === 0n && inB === 0n && inC !== 0n
    if (!ok && (inA === 0n) !== (inB === 0n)) {
      // Linear only when the other factor is a non-zero constant.
      const k = constantOf(inA !== 0n ? row.b : row.a)
      ok = k !== undefined && k !== 0n && toField(k * (inA !== 0n ? inA : inB) - inC) !== 0n
    }
    if (!ok) continue
    known[u] = 1
    used++
    for (const j of watch[u]!) if (--unknown[j]! === 1) queue.push(j)
  }
  const unresolved: string[] = []
  for (let w = 0; w < nWires; w++) if (!known[w]) unresolved.push(labels.get(w) ?? `#${w}`)
  return { determined: used, checks: rows.length - used, unresolved }
}

/** Asserts {@link checkStraightLine}: every wire is determined by the inputs. Returns the report. */
export function expectStraightLine(p: StraightLineParameters): StraightLineReport {
  const report = checkStraightLine(p)
  expect(report.unresolved.slice(0, 8), `${report.unresolved.length} wire(s) not determined by the inputs`).toEqual([])
  return report
}

// ---------------------------------------------------------------------------------------------
// The search.

type SolveResult = {
  solutions: bigint[][]
  nodes: number
  branchWires: number[]
  /** Wires left unknown where the search got stuck (first such place). */
  unresolved: number[] | undefined
  exhausted: boolean
}

class Solver {
  private readonly val: bigint[]
  private readonly known: Uint8Array
  private readonly trail: number[] = []
  /** Rows each wire appears in, and each row's distinct wires (the constant wire excluded). */
  private readonly watch: number[][]
  private readonly rowWires: number[][]
  /** Per row: unknown wires, and unknown wires that are not two-valued (kept current by assign/undo). */
  private readonly unknown: Int32Array
  private readonly unknownHard: Int32Array
  /** Wires whose every satisfying value is one of these (signed), from a constraint on the wire alone. */
  private readonly twoValued = new Map<number, bigint[]>()
  private nodes = 0
  constructor(
    private readonly nWires: number,
    private readonly rows: readonly Row[],
    private readonly maxNodes: number,
    private readonly prune: boolean,
  ) {
    this.val = new Array<bigint>(nWires).fill(0n)
    this.known = new Uint8Array(nWires)
    this.watch = Array.from({ length: nWires }, () => [])
    this.rowWires = rows.map((r) => [...new Set([...r.a, ...r.b, ...r.c].map(([w]) => w).filter((w) => w !== 0))])
    this.rowWires.forEach((ws, i) => ws.forEach((w) => this.watch[w]!.push(i)))
    this.unknown = new Int32Array(rows.length)
    this.unknownHard = new Int32Array(rows.length)
    // Wires confined to two values by a constraint on themselves alone (booleanity b·(b − 1) = 0).
    rows.forEach((r, i) => {
      const ws = this.rowWires[i]!
      if (ws.length !== 1) return
      const w = ws[0]!
      const a1 = coeffOf(r.a, w)
      const b1 = coeffOf(r.b, w)
      if (a1 === 0n || b1 === 0n) return
      const roots = quadraticRoots(a1 * b1, a1 * coeffOf(r.b, 0) + coeffOf(r.a, 0) * b1 - coeffOf(r.c, w), coeffOf(r.a, 0) * coeffOf(r.b, 0) - coeffOf(r.c, 0))
      const signed = roots.map(fromFieldSigned)
      const old = this.twoValued.get(w)
      this.twoValued.set(w, old ? old.filter((v) => signed.includes(v)) : signed)
    })
  }

  solve(fixed: ReadonlyMap<number, bigint>): SolveResult {
    this.known.fill(0)
    this.trail.length = 0
    this.nodes = 0
    this.val[0] = 1n
    this.known[0] = 1
    this.rowWires.forEach((ws, i) => {
      this.unknown[i] = ws.length
      this.unknownHard[i] = ws.filter((w) => !this.twoValued.has(w)).length
    })
    const out: SolveResult = { solutions: [], nodes: 0, branchWires: [], unresolved: undefined, exhausted: false }
    const branch = new Set<number>()
    for (const [w, v] of fixed) this.assign(w, v)
    const dfs = (queue: number[]) => {
      if (out.unresolved || out.exhausted) return
      if (++this.nodes > this.maxNodes) return void (out.exhausted = true)
      const mark = this.trail.length
      if (this.propagate(queue)) {
        const q = this.pickQuadratic()
        if (q === undefined) {
          if (this.trail.length === this.nWires - 1) {
            if (this.satisfiesAll()) out.solutions.push([...this.val])
          } else {
            out.unresolved = this.unknownWires()
          }
        } else {
          branch.add(q.wire)
          for (const root of q.roots) {
            const m2 = this.trail.length
            this.assign(q.wire, root)
            dfs([...this.watch[q.wire]!])
            this.undo(m2)
          }
        }
      }
      this.undo(mark)
    }
    dfs(this.rows.map((_, i) => i))
    out.nodes = this.nodes
    out.branchWires = [...branch]
    this.undo(0)
    return out
  }

  private assign(w: number, v: bigint): void {
    if (this.known[w]) return
    this.val[w] = v
    this.known[w] = 1
    this.trail.push(w)
    const hard = !this.twoValued.has(w)
    for (const i of this.watch[w]!) {
      this.unknown[i]!--
      if (hard) this.unknownHard[i]!--
    }
  }

  private undo(mark: number): void {
    while (this.trail.length > mark) {
      const w = this.trail.pop()!
      this.known[w] = 0
      const hard = !this.twoValued.has(w)
      for (const i of this.watch[w]!) {
        this.unknown[i]!++
        if (hard) this.unknownHard[i]!++
      }
    }
  }

  private unknownWires(): number[] {
    const u: number[] = []
    for (let w = 0; w < this.nWires; w++) if (!this.known[w]) u.push(w)
    return u
  }

  /** A row worth examining: at most one unknown, or (with pruning) only two-valued unknowns. */
  private eligible(i: number): boolean {
    return this.unknown[i]! <= 1 || (this.prune && this.unknownHard[i] === 0)
  }

  /** Processes constraints until nothing is forced; false on a violated constraint. */
  private propagate(queue: number[]): boolean {
    const queued = new Uint8Array(this.rows.length)
    for (const i of queue) queued[i] = 1
    while (queue.length) {
      const i = queue.pop()!
      queued[i] = 0
      if (!this.eligible(i)) continue
      const r = this.linearStep(this.rows[i]!)
      if (r === 'conflict') return false
      if (r !== undefined) {
        this.assign(r[0], r[1])
        for (const j of this.watch[r[0]]!) if (!queued[j] && this.eligible(j)) (queued[j] = 1, queue.push(j))
      }
    }
    return true
  }

  /** Known part and unknown terms of a linear combination. */
  private split(lc: readonly Term[]): { s: bigint; unk: Term[] } {
    let s = 0n
    const unk: Term[] = []
    for (const t of lc) {
      if (this.known[t[0]]) s += t[1] * this.val[t[0]]!
      else unk.push(t)
    }
    return { s: s % P, unk }
  }

  /** A forced assignment [wire, value], 'conflict', or undefined (nothing to do). */
  private linearStep(row: Row): [number, bigint] | 'conflict' | undefined {
    const A = this.split(row.a)
    const B = this.split(row.b)
    const C = this.split(row.c)
    let k: bigint
    let other: { s: bigint; unk: Term[] }
    if (A.unk.length === 0) [k, other] = [A.s, B]
    else if (B.unk.length === 0) [k, other] = [B.s, A]
    else return undefined
    // k · other − C = 0 is linear in the unknowns.
    const coeffs = new Map<number, bigint>()
    for (const [w, c] of other.unk) coeffs.set(w, (coeffs.get(w) ?? 0n) + k * c)
    for (const [w, c] of C.unk) coeffs.set(w, (coeffs.get(w) ?? 0n) - c)
    const live = [...coeffs].filter(([, c]) => toField(c) !== 0n)
    const constant = toField(k * other.s - C.s)
    if (live.length === 0) return constant === 0n ? undefined : 'conflict'
    if (live.length > 1) return this.prune ? this.boundsStep(live, constant) : undefined
    const [w, c] = live[0]!
    return [w, toField(-constant * inverse(toField(c)))]
  }

  /**
   * Σ c_j·u_j + constant = 0 over unknowns that each take one of at most two values (`twoValued`):
   * as integers (signed representatives) the sum S lies in [Smin, Smax]; when that span is below p,
   * S must equal the one T ≡ −constant there, and a value of u_j that leaves the rest of the sum
   * unable to reach T is impossible. Forces the other value (a bit decomposition of a known value
   * resolves from its top bit down without branching) or reports a conflict. Only impossible values
   * are dropped.
   */
  private boundsStep(live: readonly (readonly [number, bigint])[], constant: bigint): [number, bigint] | 'conflict' | undefined {
    const terms: { w: number; dom: bigint[]; lo: bigint; hi: bigint; a: bigint }[] = []
    for (const [w, c] of live) {
      const dom = this.twoValued.get(w)
      if (!dom) return undefined
      if (dom.length === 0) return 'conflict' // no value satisfies the wire's own constraint
      const a = fromFieldSigned(toField(c))
      const vs = dom.map((v) => a * v)
      terms.push({ w, dom, lo: vs.reduce((x, v) => (v < x ? v : x)), hi: vs.reduce((x, v) => (v > x ? v : x)), a })
    }
    const sMin = terms.reduce((x, t) => x + t.lo, 0n)
    const sMax = terms.reduce((x, t) => x + t.hi, 0n)
    if (sMax - sMin >= P) return undefined
    // The one T ≡ −constant (mod p) at or above sMin; none when it exceeds sMax.
    const t = sMin + toField(-constant - sMin)
    if (t > sMax) return 'conflict'
    for (const term of terms) {
      const ok = term.dom.filter((v) => {
        const rest = t - term.a * v
        return rest >= sMin - term.lo && rest <= sMax - term.hi
      })
      if (ok.length === 0) return 'conflict'
      if (ok.length === 1) return [term.w, toField(ok[0]!)]
    }
    return undefined
  }

  /** The first constraint that is a quadratic in a single unknown wire, with its roots. */
  private pickQuadratic(): { wire: number; roots: bigint[] } | undefined {
    for (let i = 0; i < this.rows.length; i++) {
      if (this.unknown[i] !== 1) continue
      const row = this.rows[i]!
      const A = this.split(row.a)
      const B = this.split(row.b)
      if (A.unk.length === 0 || B.unk.length === 0) continue
      const C = this.split(row.c)
      const u = A.unk[0]![0]
      const a1 = toField(sumCoeff(A.unk))
      const b1 = toField(sumCoeff(B.unk))
      const c1 = toField(sumCoeff(C.unk))
      // (a1 u + A.s)(b1 u + B.s) = c1 u + C.s. With C = 0 the roots are those of the two factors
      // (booleanity: 0 and 1), which avoids a square root.
      if (c1 === 0n && C.s === 0n) {
        const r1 = toField(-A.s * inverse(a1))
        const r2 = toField(-B.s * inverse(b1))
        return { wire: u, roots: r1 === r2 ? [r1] : [r1, r2] }
      }
      return { wire: u, roots: quadraticRoots(a1 * b1, a1 * B.s + A.s * b1 - c1, A.s * B.s - C.s) }
    }
    return undefined
  }

  private satisfiesAll(): boolean {
    return this.rows.every((r) => (evalTerms(r.a, this.val) * evalTerms(r.b, this.val)) % P === evalTerms(r.c, this.val))
  }
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
// Field and formatting helpers.

function toRow({ a, b, c }: Constraint): Row {
  const terms = (lc: Lc): Term[] => [...lc].map(([w, k]) => [w, toField(k)] as const).filter(([, k]) => k !== 0n)
  return { a: terms(a), b: terms(b), c: terms(c) }
}

function evalTerms(lc: readonly Term[], w: readonly bigint[]): bigint {
  let s = 0n
  for (const [i, c] of lc) s += c * w[i]!
  return s % P
}

function evalMod(lc: Lc, w: readonly bigint[]): bigint {
  let s = 0n
  for (const [i, c] of lc) s += c * w[i]!
  return toField(s)
}

function sumCoeff(ts: readonly Term[]): bigint {
  return ts.reduce((a, [, c]) => a + c, 0n)
}

function coeffOf(ts: readonly Term[], w: number): bigint {
  return toField(ts.filter(([x]) => x === w).reduce((a, [, c]) => a + c, 0n))
}

/** The constant value of a linear combination with no wire but the constant one, else undefined. */
function constantOf(ts: readonly Term[]): bigint | undefined {
  return ts.every(([w]) => w === 0) ? toField(sumCoeff(ts)) : undefined
}

function inverse(a: bigint): bigint {
  let [t, nt, r, nr] = [0n, 1n, P, a]
  while (nr !== 0n) {
    const q = r / nr
    ;[t, nt] = [nt, t - q * nt]
    ;[r, nr] = [nr, r - q * nr]
  }
  return toField(t)
}

function pow(b: bigint, e: bigint): bigint {
  let r = 1n
  b %= P
  for (; e > 0n; e >>= 1n, b = (b * b) % P) if (e & 1n) r = (r * b) % P
  return r
}

/** p − 1 = q·2^s with q odd, and c = z^q for a non-residue z (computed once). */
let shanks: { q: bigint; s: bigint; c: bigint } | undefined
function shanksConstants(): { q: bigint; s: bigint; c: bigint } {
  let q = P - 1n
  let s = 0n
  while ((q & 1n) === 0n) (q >>= 1n, s++)
  let z = 2n
  while (pow(z, (P - 1n) / 2n) !== P - 1n) z++
  return { q, s, c: pow(z, q) }
}

/** Tonelli–Shanks square root mod p, or undefined for a non-residue. */
function sqrt(n: bigint): bigint | undefined {
  if (n === 0n) return 0n
  if (pow(n, (P - 1n) / 2n) !== 1n) return undefined
  const { q, s, c: c0 } = (shanks ??= shanksConstants())
  let [m, c, t, r] = [s, c0, pow(n, q), pow(n, (q + 1n) / 2n)]
  while (t !== 1n) {
    let i = 0n
    for (let x = t; x !== 1n; x = (x * x) % P) i++
    const bb = pow(c, 1n << (m - i - 1n))
    ;[m, c, t, r] = [i, (bb * bb) % P, (t * bb * bb) % P, (r * bb) % P]
  }
  return r
}

/** Roots in [0, p) of q2·u² + q1·u + q0 = 0 (q2 ≠ 0 mod p). */
function quadraticRoots(q2: bigint, q1: bigint, q0: bigint): bigint[] {
  const [a, b, c] = [toField(q2), toField(q1), toField(q0)]
  const root = sqrt(toField(b * b - 4n * a * c))
  if (root === undefined) return []
  const inv2a = inverse(toField(2n * a))
  const r1 = toField((-b + root) * inv2a)
  const r2 = toField((-b - root) * inv2a)
  return r1 === r2 ? [r1] : [r1, r2]
}

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
