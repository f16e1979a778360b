/**
 * Witness programs: a gadget's witness computation recorded once as straight-line arithmetic, for
 * the fast witness mode (prove time).
 *
 * Why. A gadget such as the piecewise function table decides its whole layout — which wires, their
 * intervals, which constraints — from its input's *interval* (and bits shape), never from its value.
 * Re-running it for every element and every witness rebuilds linear combinations whose only use in
 * witness mode is their value. A warm prover computes many witnesses of one circuit, so the layout
 * is recorded once per (gadget, interval) and then replayed with plain numbers.
 *
 * How. {@link recordProgram} runs the gadget on a scratch builder in constraint-recording mode (no
 * values), on a stand-in input with the real input's interval (and, for an input that is a bit
 * recomposition, its bit wires), then reads the recorded constraints back as steps:
 * - `bits`: a bit decomposition (`toBits`): n fresh boolean wires, their n booleanity constraints
 *   and the recomposition `(Σ 2^i b_i)·1 = C`: the bits are those of C's value;
 * - `mul`: a product (`mul`): one fresh wire z and `A·B = z`: z's value is A's times B's.
 * Any other constraint or allocation shape makes the recording fail (undefined), and the caller runs
 * the gadget itself. {@link runProgram} replays the steps on the real builder: the same wires in the
 * same order with the same intervals and values, and the same number of constraints, counted, not
 * built (`CircuitBuilder.countConstraints`). Sums of products are done in doubles where a bound from
 * the intervals proves them exact (< 2^53), else in bigints.
 *
 * Soundness. Nothing here exists when constraints are recorded: programs run only in witness-only
 * mode, where no constraint is built, so they cannot change which constraints exist; they change only
 * how the witness values are computed, and test/circuit/witness.test.ts compares those wire for wire
 * with the constraint-recording lowering on every bundled model.
 */
import { CircuitBuilder } from '../builder.js'
import type { Lc } from '../lc.js'
import { bitsOutput } from './bits.js'
import { WitnessGenerationError } from '../../errors/prove.js'
import { packedKnown, smallBigInt } from '../packedLc.js'

/** 2^53: sums and products whose bound stays below are exact in doubles. */
const EXACT = 2n ** 53n

/** A linear combination over the program's wires (scratch wire ids), with its doubles. */
type ProgramLc = {
  slots: Int32Array
  coeffs: bigint[]
  coeffsN: Float64Array
  constant: bigint
  constantN: number
  /** Σ |c|·max(|lo|, |hi|) + |constant| < 2^53: evaluated in doubles, else in bigints. */
  exact: boolean
  /** The bound itself (to decide a product's exactness). */
  bound: bigint
  /** The slot when the Lc is that one wire with coefficient 1 (a bit, a product), else −1. */
  single: number
}

type BitsStep = { kind: 'bits'; n: number; lc: ProgramLc; label: string }
type MulStep = { kind: 'mul'; a: ProgramLc; b: ProgramLc; lo: bigint; hi: bigint; exact: boolean; label: string }

/** A recorded gadget run (see the module doc). */
export type WitnessProgram = {
  /** Scratch wires 1 … inputs are the input's stand-ins; fresh wires follow. */
  inputs: number
  /** Scratch wire count (constant wire, inputs and fresh wires). */
  wires: number
  steps: (BitsStep | MulStep)[]
  constraints: number
  /** The gadget's output: a bit sum over one decomposition's bits, or a linear combination over program wires. */
  output:
    | { kind: 'bits'; step: number; from: number; to: number; constant: bigint }
    /** `terms` (no constant) + `constant`, the terms' interval [lo, hi]. */
    | { kind: 'lc'; terms: ProgramLc; constant: bigint; lo: bigint; hi: bigint }
}

/** The stand-in for the gadget's input: an interval, or a bit recomposition c + Σ_{i<n} 2^i·bit_i. */
export type ProgramInput = { kind: 'value'; lo: bigint; hi: bigint } | { kind: 'bits'; n: number; c: bigint }

/** The program form of `lc` over the scratch builder's wires. */
function programLc(s: CircuitBuilder, lc: Lc): ProgramLc {
  const slots: number[] = []
  const coeffs: bigint[] = []
  let constant = 0n
  let bound = 0n
  for (const [w, c] of lc) {
    if (w === 0) {
      constant += c
      continue
    }
    slots.push(w)
    coeffs.push(c)
    const lo = s.lo[w]!
    const hi = s.hi[w]!
    const m = (lo < 0n ? -lo : lo) > (hi < 0n ? -hi : hi) ? (lo < 0n ? -lo : lo) : hi < 0n ? -hi : hi
    bound += (c < 0n ? -c : c) * m
  }
  bound += constant < 0n ? -constant : constant
  const single = slots.length === 1 && coeffs[0] === 1n && constant === 0n && bound < EXACT ? slots[0]! : -1
  return { slots: Int32Array.from(slots), coeffs, coeffsN: Float64Array.from(coeffs, Number), constant, constantN: Number(constant), exact: bound < EXACT, bound, single }
}

/** Whether `lc` is the single term 1·w. */
function isWire(lc: Lc, w: number): boolean {
  return lc.size === 1 && lc.get(w) === 1n
}

/**
 * Runs `gadget` on a scratch builder with a stand-in for an input of shape `input` and records its
 * witness program, or returns undefined when the run allocates or constrains anything other than
 * bit decompositions and products (see the module doc), when `check` rejects the stand-in, or when
 * the gadget throws (the caller then runs the gadget itself, which throws with the real label).
 * The gadget is run with the label "" (labels in the program are suffixes).
 */
export function recordProgram(input: ProgramInput, gadget: (s: CircuitBuilder, x: Lc) => Lc, check: (s: CircuitBuilder, x: Lc) => boolean): WitnessProgram | undefined {
  const s = new CircuitBuilder({ constraints: true, witness: false })
  const x: Lc = new Map()
  if (input.kind === 'value') {
    // Two wires (the second pinned to 0, coefficient 3) so that the stand-in is never a bit sum.
    x.set(s.alloc(input.lo, input.hi, () => 0n, 'x'), 1n)
    x.set(s.alloc(0n, 0n, () => 0n, 'x0'), 3n)
  } else {
    if (input.c !== 0n) x.set(0, input.c)
    for (let i = 0; i < input.n; i++) x.set(s.alloc(0n, 1n, () => 0n, `x${i}`), 1n << BigInt(i))
  }
  const inputs = s.nWires - 1
  if (!check(s, x)) return undefined
  let out: Lc
  try {
    out = gadget(s, x)
  } catch {
    return undefined
  }
  const steps: (BitsStep | MulStep)[] = []
  /** Fresh wire → [step, bit index] for decomposition bits. */
  const bitOf = new Map<number, [number, number]>()
  const boolean = new Set<number>()
  let next = inputs + 1
  for (const { a, b, c } of s.constraints) {
    // Booleanity w·(w − 1) = 0.
    if (c.size === 0 && a.size === 1 && b.size === 2) {
      const [[w, one]] = a
      if (one === 1n && b.get(w) === 1n && b.get(0) === -1n) {
        boolean.add(w)
        continue
      }
    }
    if (c.size === 1 && c.get(next) === 1n && !c.has(0)) {
      const lo = s.lo[next]!
      const hi = s.hi[next]!
      const pa = programLc(s, a)
      const pb = programLc(s, b)
      steps.push({ kind: 'mul', a: pa, b: pb, lo, hi, exact: pa.exact && pb.exact && pa.bound * pb.bound < EXACT, label: s.labels.get(next) ?? '' })
      next++
      continue
    }
    if (isWire(b, 0) && a.size > 0) {
      const n = a.size
      let ok = true
      for (let i = 0; i < n && ok; i++) ok = a.get(next + i) === 1n << BigInt(i) && s.lo[next + i] === 0n && s.hi[next + i] === 1n
      if (!ok) return undefined
      const label = s.labels.get(next) ?? ''
      for (let i = 0; i < n; i++) bitOf.set(next + i, [steps.length, i])
      steps.push({ kind: 'bits', n, lc: programLc(s, c), label: label.endsWith('.bit0') ? label.slice(0, -5) : label })
      next += n
      continue
    }
    return undefined
  }
  if (next !== s.nWires || boolean.size !== bitOf.size) return undefined
  for (const w of boolean) if (!bitOf.has(w)) return undefined
  // The output: a bit sum over one decomposition's bits (packed in the real builder), or else any
  // linear combination of fresh wires (not of the stand-in input).
  let output: WitnessProgram['output'] | undefined
  const terms = [...out].filter(([w]) => w !== 0)
  const first = terms.length >= 2 ? bitOf.get(terms[0]![0]) : undefined
  if (first) {
    const [step, from] = first
    const ok = terms.every(([w, c], j) => {
      const at = bitOf.get(w)
      return at !== undefined && at[0] === step && at[1] === from + j && c === 1n << BigInt(j)
    })
    if (ok) output = { kind: 'bits', step, from, to: from + terms.length, constant: out.get(0) ?? 0n }
  }
  if (!output) {
    let lo = 0n
    let hi = 0n
    for (const [w, c] of terms) {
      if (w <= inputs && input.kind === 'value') return undefined
      lo += c * (c > 0n ? s.lo[w]! : s.hi[w]!)
      hi += c * (c > 0n ? s.hi[w]! : s.lo[w]!)
    }
    output = { kind: 'lc', terms: programLc(s, new Map(terms)), constant: out.get(0) ?? 0n, lo, hi }
  }
  return { inputs, wires: s.nWires, steps, constraints: s.nConstraints, output }
}

/** No bigint values (read only, never written: see `runProgram`). */
const NO_BIGINTS: readonly (bigint | undefined)[] = Object.freeze([])

/** Scratch values of the program being run (doubles; bigints where a value is not exact). */
let scratchN = new Float64Array(256)

/** The value of `lc` over the program's values. */
function evalLc(lc: ProgramLc, valsN: Float64Array, valsB: readonly (bigint | undefined)[]): number | bigint {
  if (lc.single >= 0) return valsN[lc.single]!
  const { slots, coeffsN } = lc
  if (lc.exact) {
    let v = lc.constantN
    for (let j = 0; j < slots.length; j++) v += coeffsN[j]! * valsN[slots[j]!]!
    return v
  }
  let v = lc.constant
  for (let j = 0; j < slots.length; j++) {
    const w = slots[j]!
    v += lc.coeffs[j]! * (valsB[w] ?? BigInt(valsN[w]!))
  }
  return v
}

/** A bigint from an exact double or a bigint. */
function big(v: number | bigint): bigint {
  return typeof v === 'bigint' ? v : smallBigInt(v)
}

/**
 * Replays `p` on `b` (witness-only mode): `inputValue` is the input's value (a `value` input), or
 * `inputWires` its bit wires (a `bits` input). Allocates the gadget's wires with their values,
 * counts its constraints and returns its output over the real wires.
 * @throws {WitnessGenerationError} When a decomposed value lies outside its range (as `toBits` does).
 */
export function runProgram(b: CircuitBuilder, p: WitnessProgram, inputValue: bigint, inputWires: readonly number[] | undefined, label: string): Lc {
  if (scratchN.length < p.wires) scratchN = new Float64Array(Math.max(p.wires, 2 * scratchN.length))
  const valsN = scratchN
  // Bigint values, for the few wires whose values are not exact in doubles (made when first met).
  let bigs: (bigint | undefined)[] | undefined
  valsN[0] = 1
  const { values } = b
  if (inputWires) {
    for (let i = 0; i < inputWires.length; i++) valsN[i + 1] = values[inputWires[i]!] === 1n ? 1 : 0
  } else {
    const v = Number(inputValue)
    valsN[1] = v
    if (!(v > -(2 ** 53) && v < 2 ** 53)) (bigs ??= [])[1] = inputValue
    valsN[2] = 0
  }
  b.countConstraints(p.constraints)
  const base = b.nWires - (p.inputs + 1)
  /** The decomposition whose bits the output sums, once allocated. */
  let outBits: number[] | undefined
  let w = p.inputs + 1
  for (let k = 0; k < p.steps.length; k++) {
    const step = p.steps[k]!
    if (step.kind === 'bits') {
      const v = evalLc(step.lc, valsN, bigs ?? NO_BIGINTS)
      const n = step.n
      const vb = big(v)
      if (vb < 0n || vb >= 1n << BigInt(n)) throw new WitnessGenerationError({ wire: label + step.label, reason: `value ${vb} is outside [0, 2^${n})` })
      // (Labels are recorded only with constraints, never here: the prefix serves.)
      const bits = b.allocBits(n, vb, label)
      for (let i = 0; i < n; i++) valsN[w + i] = values[bits[i]!] === 1n ? 1 : 0
      if (p.output.kind === 'bits' && p.output.step === k) outBits = bits
      w += n
    } else {
      const x = evalLc(step.a, valsN, bigs ?? NO_BIGINTS)
      const y = evalLc(step.b, valsN, bigs ?? NO_BIGINTS)
      let z: bigint
      if (step.exact) {
        const zn = (x as number) * (y as number)
        valsN[w] = zn
        z = smallBigInt(zn)
      } else {
        z = big(x) * big(y)
        valsN[w] = Number(z)
        if (!(valsN[w]! > -(2 ** 53) && valsN[w]! < 2 ** 53)) (bigs ??= [])[w] = z
      }
      if (z < step.lo || z > step.hi) throw new WitnessGenerationError({ wire: label + step.label, reason: `value ${z} is outside [${step.lo}, ${step.hi}]` })
      b.allocValue(step.lo, step.hi, z, label)
      w++
    }
  }
  const { output } = p
  if (output.kind === 'bits') return bitsOutput(b, outBits!, output.from, output.to, output.constant)
  const { slots, coeffs } = output.terms
  const wires = new Array<number>(slots.length)
  for (let j = 0; j < slots.length; j++) wires[j] = slots[j]! <= p.inputs ? inputWires![slots[j]! - 1]! : slots[j]! + base
  if (b.pack) {
    // One packed atom with the interval recorded and the value just computed (the same Lc).
    const packed = packedKnown(b.pack, wires, coeffs, output.lo, output.hi, big(evalLc(output.terms, valsN, bigs ?? NO_BIGINTS)), output.constant)
    if (packed) return packed
  }
  const out: Lc = new Map()
  if (output.constant !== 0n) out.set(0, output.constant)
  for (let j = 0; j < wires.length; j++) out.set(wires[j]!, coeffs[j]!)
  return out
}
