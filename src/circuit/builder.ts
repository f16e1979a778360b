/**
 * The circuit builder: one object that both records R1CS constraints and computes the witness,
 * so constraints and witness come from one lowering pass and cannot drift apart.
 *
 * Modes: `constraints` records `a·b = c` rows (compile time); `witness` computes every wire's value
 * (prove time). Both on is what the tests use. The circuit's *structure* may depend only on wire
 * intervals (known at compile time), never on values — that is what makes the two modes agree.
 *
 * Every wire carries a closed integer interval [lo, hi] (interval analysis). Gadgets size their bit
 * decompositions from it, so no value can wrap around the field.
 *
 * Witness-only mode (prove time) is the fast one, with the very same gadget code:
 * - linear combinations are packed (`packedLc.ts`): a gadget's multi-wire output (a bit sum) is one
 *   atom, so merging costs a term per value instead of a term per wire; every structural question
 *   (interval, term count, constness) gets the answer the plain maps would give;
 * - a constraint is described once, as a thunk (`enforceLazy`), and built only when recorded:
 *   witness-only mode counts it without building its linear combinations;
 * - a caller that builds the same circuit again may hand the next builder the last one's wire
 *   arrays to write over (`wireStorage`), instead of allocating and filling fresh ones.
 * `reference: true` turns these off (plain maps, every constraint built and dropped): the full-LC
 * lowering the tests compare the fast witness against, bit for bit, and the benchmark's baseline.
 */
import type { Constraint, R1cs } from './r1cs.js'
import { type Lc, lcEval } from './lc.js'
import { FIELD_PRIME, toField } from './field.js'
import { PackContext, PackedLc, type PackStorage, packedWire } from './packedLc.js'
import { WitnessGenerationError } from '../errors/prove.js'
import { CircuitTooLargeError } from '../errors/quantize.js'
import { InternalError } from '../errors/internal.js'

export type CircuitBuilderOptions = {
  /** Record constraints (compile). */
  constraints: boolean
  /** Compute wire values (prove). */
  witness: boolean
  /** Refuse to grow past this many constraints (throws `CircuitTooLargeError`). */
  maxConstraints?: number | undefined
  /**
   * Witness-only mode: build every linear combination as plain maps, constraints included (then
   * dropped), instead of the packed, lazy fast path. The reference the tests and the witness
   * benchmark compare the fast witness against; it changes no wire, value or count.
   */
  reference?: boolean | undefined
  /**
   * Witness-only fast mode: the number of wires expected (e.g. the previous witness of the same
   * model), to size the wire arrays once instead of growing them entry by entry (large arrays
   * growing by copies are most of the fast witness's garbage collection). Ignored in the other
   * modes; a wrong hint changes nothing but the speed (the arrays grow past it as usual).
   */
  wireCapacity?: number | undefined
  /**
   * Witness-only fast mode: the wire arrays of an earlier builder of the same circuit to write over
   * (`wireStorage()` of one that has finished), instead of allocating fresh ones (a fresh large
   * array of bigints costs more to fill than an old one to overwrite). Their contents are ignored:
   * every wire's interval and value is written when it is allocated, and nothing reads past
   * `nWires`. Ignored in the other modes; changes no wire or value. The arrays must not be in use by
   * another builder (hand each set to one builder at a time).
   */
  wireStorage?: WireStorage | undefined
}

/**
 * A builder's per-wire arrays (values, intervals, and the packed context's), reusable by the next
 * builder of the same circuit.
 */
export type WireStorage = { readonly values: bigint[]; readonly lo: bigint[]; readonly hi: bigint[]; readonly pack?: PackStorage | undefined }

/** The three linear combinations of a constraint `a · b = c`. */
export type ConstraintTerms = readonly [a: Lc, b: Lc, c: Lc]

export type BuiltCircuit = {
  r1cs: R1cs
  /** Present in witness mode: values by final wire index (signed integers). */
  witness: bigint[] | undefined
}

export class CircuitBuilder {
  readonly recordConstraints: boolean
  readonly computeWitness: boolean
  private readonly maxConstraints: number
  /**
   * Wire values in witness mode (index 0 = 1), and every wire's interval. Index w < nWires is wire
   * w; with a `wireCapacity` or `wireStorage` (fast mode) the arrays may be longer, the entries past
   * nWires unused (0n, or an earlier builder's values).
   */
  readonly values: bigint[]
  readonly lo: bigint[]
  readonly hi: bigint[]
  /** Number of wires allocated (the arrays' length unless pre-sized). */
  private n = 1
  readonly constraints: Constraint[] = []
  readonly labels = new Map<number, string>()
  private readonly publicWires: number[] = []
  /**
   * Witness mode: `[first, end)` pairs of the wire runs `allocRun` allocated with an interval inside
   * [0, p), in allocation order: their values are field elements already (`finalize({ field })`).
   */
  private readonly fieldRuns: number[] = []
  private nPrivateInputs = 0
  private constraintCount = 0
  /** Witness-only mode: the atoms of packed linear combinations (see `packedLc.ts`); else undefined. */
  readonly pack: PackContext | undefined
  /** Whether `enforceLazy` builds its constraints (recording, or the reference mode). */
  private readonly buildConstraints: boolean

  constructor(opts: CircuitBuilderOptions) {
    this.recordConstraints = opts.constraints
    this.computeWitness = opts.witness
    this.maxConstraints = opts.maxConstraints ?? Infinity
    const fast = opts.witness && !opts.constraints && !opts.reference
    const capacity = fast && opts.wireCapacity !== undefined && opts.wireCapacity > 1 ? Math.min(opts.wireCapacity, 2 ** 27) : 0
    const reused = fast ? opts.wireStorage : undefined
    this.values = reused ? reused.values : capacity ? new Array<bigint>(capacity).fill(0n) : []
    this.lo = reused ? reused.lo : capacity ? new Array<bigint>(capacity).fill(0n) : []
    this.hi = reused ? reused.hi : capacity ? new Array<bigint>(capacity).fill(0n) : []
    this.values[0] = this.lo[0] = this.hi[0] = 1n
    this.pack = fast ? new PackContext(this.lo, this.hi, this.values, capacity, reused?.pack) : undefined
    this.buildConstraints = opts.constraints || opts.reference === true
  }

  /**
   * The per-wire arrays, for a later builder of the same circuit to write over (its `wireStorage`
   * option) once this one has finished (`finalize` copies the witness out of them).
   */
  wireStorage(): WireStorage {
    return { values: this.values, lo: this.lo, hi: this.hi, pack: this.pack?.storage() }
  }

  /** Number of wires so far (the constant-one wire included). */
  get nWires(): number {
    return this.n
  }

  /** Number of constraints so far (counted in both modes). */
  get nConstraints(): number {
    return this.constraintCount
  }

  /**
   * Allocates a private wire whose value lies in [lo, hi]. `compute` is called only in witness
   * mode; a value outside [lo, hi] throws `WitnessGenerationError` naming `label`.
   * NOTE: the interval is a promise the *caller's constraints* must enforce; alloc itself adds none.
   */
  alloc(lo: bigint, hi: bigint, compute: () => bigint, label: string): number {
    const w = this.n++
    this.lo[w] = lo
    this.hi[w] = hi
    if (this.computeWitness) {
      const v = compute()
      if (v < lo || v > hi) {
        throw new WitnessGenerationError({ wire: label, reason: `value ${v} is outside [${lo}, ${hi}]` })
      }
      this.values[w] = v
    }
    if (this.recordConstraints) this.labels.set(w, label)
    return w
  }

  /**
   * `alloc(lo, hi, () => value, label)` for a value already computed (witness mode only: a
   * replayed witness program's, see `gadgets/program.ts`), without a closure per wire.
   */
  allocValue(lo: bigint, hi: bigint, value: bigint, label: string): number {
    if (!this.computeWitness) throw new InternalError({ invariant: 'a wire value given outside witness mode' })
    if (value < lo || value > hi) throw new WitnessGenerationError({ wire: label, reason: `value ${value} is outside [${lo}, ${hi}]` })
    const w = this.n++
    this.lo[w] = lo
    this.hi[w] = hi
    this.values[w] = value
    if (this.recordConstraints) this.labels.set(w, label)
    return w
  }

  /**
   * Allocates `n` boolean wires (interval [0, 1]) in a row: in witness mode bit i of `value` (the
   * caller checked 0 ≤ value < 2^n), labelled `label.bit{firstIndex + i}` when recording. Adds no constraint.
   * @returns The wires, least significant first.
   */
  allocBits(n: number, value: bigint, label: string, firstIndex = 0): number[] {
    const first = this.n
    this.allocBitsInto(first, n, value, label, firstIndex)
    const bits = new Array<number>(n)
    for (let i = 0; i < n; i++) bits[i] = first + i
    return bits
  }

  /**
   * `allocBits(n, value, label)` returning only the wires of bits `from`..n−1 (witness-only mode: a
   * gadget whose Lc reads the top bits alone, so the full array and its slice are never built). The
   * same wires, intervals, values and labels as `allocBits`.
   */
  allocBitsTail(n: number, value: bigint, label: string, from: number): number[] {
    const first = this.n
    this.allocBitsInto(first, n, value, label, 0)
    const tail = new Array<number>(n - from)
    for (let i = from; i < n; i++) tail[i - from] = first + i
    return tail
  }

  /** Allocates `n` bit wires from `first` (see {@link allocBits}), without building their array. */
  private allocBitsInto(first: number, n: number, value: bigint, label: string, firstIndex: number): void {
    this.n += n
    const { lo, hi } = this
    for (let i = 0; i < n; i++) {
      lo[first + i] = 0n
      hi[first + i] = 1n
    }
    if (this.computeWitness) {
      const { pack, values } = this
      for (let base = 0; base < n; base += 32) {
        const word = base === 0 && value < 0x100000000n ? Number(value) : Number((value >> BigInt(base)) & 0xffffffffn)
        const end = Math.min(n, base + 32)
        for (let i = base; i < end; i++) {
          const v = (word >>> (i - base)) & 1
          values[first + i] = v ? 1n : 0n
          pack?.markBit(first + i, v)
        }
      }
    }
    if (this.recordConstraints) for (let i = 0; i < n; i++) this.labels.set(first + i, `${label}.bit${firstIndex + i}`)
  }

  /**
   * Allocates `values.length` private wires in a row, each with the interval [lo, hi] (a gadget's
   * values computed natively, in allocation order: a Poseidon permutation's S-box trace), as that
   * many `alloc` calls would: in witness mode value i must lie in [lo, hi] (else
   * `WitnessGenerationError` naming `label(i)`, before any wire of the run is allocated); labelled
   * `label(i)` when recording. Adds no constraint.
   * @returns The first wire (wire i is first + i).
   */
  allocRun(values: readonly bigint[], lo: bigint, hi: bigint, label: (i: number) => string): number {
    const first = this.n
    if (!this.computeWitness) {
      // Through `alloc` (which ignores the values outside witness mode).
      for (let i = 0; i < values.length; i++) this.alloc(lo, hi, () => 0n, label(i))
      return first
    }
    // What `alloc` does per wire, without a closure per wire: every value checked before any wire is
    // allocated (so a bad value leaves the builder as it was), then the wires written in a row.
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!
      if (v < lo || v > hi) throw new WitnessGenerationError({ wire: label(i), reason: `value ${v} is outside [${lo}, ${hi}]` })
    }
    const { values: vs, lo: los, hi: his } = this
    for (let i = 0; i < values.length; i++) {
      const w = first + i
      los[w] = lo
      his[w] = hi
      vs[w] = values[i]!
      if (this.recordConstraints) this.labels.set(w, label(i))
    }
    this.n += values.length
    if (lo >= 0n && hi < FIELD_PRIME) this.fieldRuns.push(first, this.n)
    return first
  }

  /**
   * The single wire `w` (coefficient 1) as a linear combination: `lcWire(w)`, in packed form in
   * witness-only mode (the same Lc; merging it into packed sums then takes the array path).
   */
  wireLc(w: number): Lc {
    return this.pack ? packedWire(this.pack, w) : new Map([[w, 1n]])
  }

  /** Allocates a public wire (it will be renumbered into 1..nPublic, in allocation order). */
  allocPublic(lo: bigint, hi: bigint, compute: () => bigint, label: string): number {
    const w = this.alloc(lo, hi, compute, label)
    this.publicWires.push(w)
    return w
  }

  /** Makes an already allocated wire public (appended to the public order). */
  markPublic(w: number): void {
    this.publicWires.push(w)
  }

  /** Counts `n` wires as private inputs (the `.r1cs` header field; informational). */
  markPrivateInputs(n: number): void {
    this.nPrivateInputs += n
  }

  /** Adds the constraint `a · b = c`. */
  enforce(a: Lc, b: Lc, c: Lc): void {
    if (++this.constraintCount > this.maxConstraints) throw new CircuitTooLargeError({ limit: this.maxConstraints })
    if (this.recordConstraints) this.constraints.push({ a, b, c })
  }

  /**
   * Adds the constraint `make()` returns: the same as `enforce(...make())`, but `make` runs only when
   * the constraint is built (recorded, or the reference witness mode). Witness-only mode counts it
   * and skips building its linear combinations: gadgets write each constraint once, this way.
   */
  enforceLazy(make: () => ConstraintTerms): void {
    if (++this.constraintCount > this.maxConstraints) throw new CircuitTooLargeError({ limit: this.maxConstraints })
    if (!this.buildConstraints) return
    const [a, b, c] = make()
    if (this.recordConstraints) this.constraints.push({ a, b, c })
  }

  /**
   * Counts `n` constraints without building them: the constraints of a recorded witness program
   * replayed in witness-only mode (`gadgets/program.ts`). Refused (`InternalError`) where
   * constraints are built (recording, or the reference mode): there they must be enforced.
   */
  countConstraints(n: number): void {
    if (this.buildConstraints) throw new InternalError({ invariant: 'constraints counted without being built outside witness-only mode' })
    if ((this.constraintCount += n) > this.maxConstraints) throw new CircuitTooLargeError({ limit: this.maxConstraints })
  }

  /**
   * `enforceLazy(() => make(w))` for each wire of `wires`, in order (one closure for all: the
   * booleanity constraints of a decomposition).
   */
  enforceLazyEach(wires: readonly number[], make: (w: number) => ConstraintTerms): void {
    if ((this.constraintCount += wires.length) > this.maxConstraints) throw new CircuitTooLargeError({ limit: this.maxConstraints })
    if (!this.buildConstraints) return
    for (const w of wires) {
      const [a, b, c] = make(w)
      if (this.recordConstraints) this.constraints.push({ a, b, c })
    }
  }

  /**
   * `enforceLazy(() => make(i))` for i = 0 … n − 1, in order (one closure for a gadget's whole run
   * of constraints: a Poseidon permutation's S-boxes).
   */
  enforceLazyRun(n: number, make: (i: number) => ConstraintTerms): void {
    if ((this.constraintCount += n) > this.maxConstraints) throw new CircuitTooLargeError({ limit: this.maxConstraints })
    if (!this.buildConstraints) return
    for (let i = 0; i < n; i++) {
      const [a, b, c] = make(i)
      if (this.recordConstraints) this.constraints.push({ a, b, c })
    }
  }

  /** Whether constraints are built (recorded, or the reference witness mode): when false, `enforceLazy` only counts. */
  get buildsConstraints(): boolean {
    return this.buildConstraints
  }

  /** The value of `lc` (witness mode only). */
  value(lc: Lc): bigint {
    return lcEval(lc, this.values)
  }

  /** The interval [lo, hi] of `lc` from its wires' intervals. */
  interval(lc: Lc): [bigint, bigint] {
    if (lc instanceof PackedLc && lc.terms) return lc.interval()
    let lo = 0n
    let hi = 0n
    for (const [w, c] of lc) {
      if (c > 0n) {
        lo += c * this.lo[w]!
        hi += c * this.hi[w]!
      } else {
        lo += c * this.hi[w]!
        hi += c * this.lo[w]!
      }
    }
    return [lo, hi]
  }

  /**
   * Renumbers public wires into 1..nPublic and returns the R1CS (and witness in witness mode).
   * `field`: the witness values reduced into [0, p) (`toField`) on the way, instead of as signed
   * integers: the same as mapping `toField` over the result, without a second array.
   */
  finalize({ field = false }: { field?: boolean } = {}): BuiltCircuit {
    const n = this.nWires
    const perm = new Int32Array(n).fill(-1)
    perm[0] = 0
    let next = 1
    for (const w of this.publicWires) perm[w] = next++
    for (let w = 1; w < n; w++) if (perm[w] === -1) perm[w] = next++
    const remap = (lc: Lc): Lc => {
      const out: Lc = new Map()
      for (const [w, c] of lc) out.set(perm[w]!, c)
      return out
    }
    const constraints = this.recordConstraints
      ? this.constraints.map((k) => ({ a: remap(k.a), b: remap(k.b), c: remap(k.c) }))
      : []
    const labels = new Map<number, string>()
    for (const [w, l] of this.labels) labels.set(perm[w]!, l)
    let witness: bigint[] | undefined
    if (this.computeWitness) {
      witness = new Array<bigint>(n)
      const { values } = this
      if (field) {
        // Copied as they are, being field elements already: a bit wire of the packed context (0n or
        // 1n, `allocBitsInto`) and the wires of a run in [0, p) (`fieldRuns`); the rest reduced.
        const bit = this.pack?.bit
        const bits = bit ? bit.length : 0
        const runs = this.fieldRuns
        let r = 0
        let w = 0
        while (w < n) {
          if (r < runs.length && w === runs[r]) {
            for (const end = runs[r + 1]!; w < end; w++) witness[perm[w]!] = values[w]!
            r += 2
            continue
          }
          const stop = r < runs.length ? runs[r]! : n
          for (; w < stop; w++) witness[perm[w]!] = w < bits && bit![w] !== 0 ? values[w]! : toField(values[w]!)
        }
      } else for (let w = 0; w < n; w++) witness[perm[w]!] = values[w]!
    }
    return {
      r1cs: { nWires: n, nPublic: this.publicWires.length, nPrivateInputs: this.nPrivateInputs, constraints, labels },
      witness,
    }
  }
}
