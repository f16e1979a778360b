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
 */
import type { Constraint, R1cs } from './r1cs.js'
import { type Lc, lcEval } from './lc.js'
import { WitnessGenerationError } from '../errors/prove.js'
import { CircuitTooLargeError } from '../errors/quantize.js'

export type CircuitBuilderOptions = {
  /** Record constraints (compile). */
  constraints: boolean
  /** Compute wire values (prove). */
  witness: boolean
  /** Refuse to grow past this many constraints (throws `CircuitTooLargeError`). */
  maxConstraints?: number | undefined
}

export type BuiltCircuit = {
  r1cs: R1cs
  /** Present in witness mode: values by final wire index (signed integers). */
  witness: bigint[] | undefined
}

export class CircuitBuilder {
  readonly recordConstraints: boolean
  readonly computeWitness: boolean
  private readonly maxConstraints: number
  /** Wire values in witness mode (index 0 = 1). */
  readonly values: bigint[] = [1n]
  readonly lo: bigint[] = [1n]
  readonly hi: bigint[] = [1n]
  readonly constraints: Constraint[] = []
  readonly labels = new Map<number, string>()
  private readonly publicWires: number[] = []
  private nPrivateInputs = 0
  private constraintCount = 0

  constructor(opts: CircuitBuilderOptions) {
    this.recordConstraints = opts.constraints
    this.computeWitness = opts.witness
    this.maxConstraints = opts.maxConstraints ?? Infinity
  }

  /** Number of wires so far (the constant-one wire included). */
  get nWires(): number {
    return this.lo.length
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
    const w = this.lo.length
    this.lo.push(lo)
    this.hi.push(hi)
    if (this.computeWitness) {
      const v = compute()
      if (v < lo || v > hi) {
        throw new WitnessGenerationError({ wire: label, reason: `value ${v} is outside [${lo}, ${hi}]` })
      }
      this.values.push(v)
    }
    if (this.recordConstraints) this.labels.set(w, label)
    return w
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

  /** The value of `lc` (witness mode only). */
  value(lc: Lc): bigint {
    return lcEval(lc, this.values)
  }

  /** The interval [lo, hi] of `lc` from its wires' intervals. */
  interval(lc: Lc): [bigint, bigint] {
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

  /** Renumbers public wires into 1..nPublic and returns the R1CS (and witness in witness mode). */
  finalize(): BuiltCircuit {
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
      for (let w = 0; w < n; w++) witness[perm[w]!] = this.values[w]!
    }
    return {
      r1cs: { nWires: n, nPublic: this.publicWires.length, nPrivateInputs: this.nPrivateInputs, constraints, labels },
      witness,
    }
  }
}
