/**
 * The statement parts of a model circuit, one small function each; `lowerModel` composes them.
 *
 * - Inputs: `private` and `hashed` inputs are allocated as exactly `bits` boolean wires (the range
 *   check is the allocation). A `public` input is one wire (it becomes a public signal) plus one
 *   decomposition of `x − lo` into `bits` bits, so the circuit itself proves `lo ≤ x ≤ hi`: an
 *   on-chain verifier needs no range check of its own.
 * - Commitments (`hashed` input or output) are salted: `poseidonMany([salt, …values])`, where the
 *   salt is a private field element the prover draws at random (see `commitments.ts` for the
 *   native definitions). Without a salt a low-entropy input (a handful of bits) is recovered from
 *   the public hash by enumeration.
 * - Message: an optional public field element the proof is bound to (a recipient, a nonce), as in
 *   Semaphore: the constraint `message · message = message²` makes it part of the R1CS, so the
 *   proof cannot be replayed under another message.
 * Field-element wires (salt, message) carry the interval [0, p − 1]: they are never decomposed
 * and never feed a range-checked gadget; they only enter Poseidon or a square.
 */
import type { CircuitBuilder } from './builder.js'
import type { DTensor } from '../ir/domain.js'
import type { QuantizedInput, QuantizedModel } from '../ir/model.js'
import { type Lc, lcAddConst, lcConst, lcWire } from './lc.js'
import { allocBitsInput, toBits } from './gadgets/bits.js'
import { packGadget, poseidonManyGadget } from './poseidon/index.js'
import { FIELD_PRIME } from './field.js'
import { InvalidInputError } from '../errors/input.js'

/** Visibility of the model inputs (see the module doc). */
export type InputVisibility = 'private' | 'public' | 'hashed'

/** The integer range [lo, hi] of a quantized input: `bits` bits, offset by −2^(bits−1) when signed. */
export function inputRange(inp: Pick<QuantizedInput, 'bits' | 'signed'>): [bigint, bigint] {
  const lo = inp.signed ? -(1n << BigInt(inp.bits - 1)) : 0n
  return [lo, lo + (1n << BigInt(inp.bits)) - 1n]
}

/** One allocated input tensor; `publicWires` (public mode) must be made public in layout order. */
export type AllocatedInput = { tensor: DTensor<Lc>; publicWires: number[] }

/**
 * Allocates one model input (see the module doc for each mode).
 * @param b - The circuit builder.
 * @param inp - The quantized input (shape, bits, signedness).
 * @param visibility - `private`, `public` or `hashed`.
 * @param given - The input integers (witness mode).
 * @returns The input as linear combinations, and its wires to publish (public mode).
 */
export function allocInput(b: CircuitBuilder, inp: QuantizedInput, visibility: InputVisibility, given: ArrayLike<number> | undefined): AllocatedInput {
  const n = inp.shape.reduce((a, d) => a * d, 1)
  const [lo, hi] = inputRange(inp)
  const data: Lc[] = []
  const publicWires: number[] = []
  for (let i = 0; i < n; i++) {
    const value = () => BigInt(given![i]!)
    const label = `${inp.name}[${i}]`
    if (visibility === 'public') {
      const w = b.alloc(lo, hi, value, label)
      // NOTE: the range check the public wire's interval promises: x − lo = Σ 2^j·bit_j, bits boolean.
      toBits(b, lcAddConst(lcWire(w), -lo), inp.bits, `${label}.range`)
      publicWires.push(w)
      data.push(lcWire(w))
    } else {
      data.push(allocBitsInput(b, value, inp.bits, lo, label))
    }
  }
  b.markPrivateInputs(visibility === 'public' ? 0 : n)
  return { tensor: { shape: inp.shape, data }, publicWires }
}

/**
 * Allocates a private field element (a salt, a message) with interval [0, p − 1].
 * In witness mode the value must be an integer in [0, p).
 */
export function allocFieldElement(b: CircuitBuilder, value: () => bigint, label: string): number {
  return b.alloc(0n, FIELD_PRIME - 1n, () => {
    const v = value()
    if (typeof v !== 'bigint' || v < 0n || v >= FIELD_PRIME) throw new InvalidInputError(`The ${label} must be a field element (an integer in [0, p)).`, { details: `got ${String(v)}` })
    return v
  }, label)
}

/**
 * A salted commitment: `poseidonMany([salt, …values])` as a linear combination.
 * @param b - The circuit builder.
 * @param values - The committed values (range-checked where the definition packs them).
 * @param salt - The salt's value (witness mode); a missing salt throws `InvalidInputError`.
 * @param label - Wire label prefix (`label.salt`, `label.b0…`).
 */
export function saltedHash(b: CircuitBuilder, values: readonly Lc[], salt: (() => bigint | undefined), label: string): Lc {
  const s = allocFieldElement(b, () => {
    const v = salt()
    if (v === undefined) throw new InvalidInputError(`The statement commits with a salt, but no ${label} salt was given.`)
    return v
  }, `${label}.salt`)
  return poseidonManyGadget(b, [lcWire(s), ...values], label)
}

/**
 * The packed inputs the input commitment hashes: each input shifted to unsigned (`x − lo`) and packed
 * with its bit width, inputs in model order (the same as `packCommittedInputs` natively).
 */
export function packInputs(b: CircuitBuilder, model: QuantizedModel, tensors: Record<string, DTensor<Lc>>): Lc[] {
  return model.inputs.flatMap((inp) => {
    const [lo] = inputRange(inp)
    // Shifting is linear (free); packGadget requires the range-checked intervals allocInput gives.
    return packGadget(b, { values: tensors[inp.name]!.data.map((x) => (lo ? lcAddConst(x, -lo) : x)), bits: inp.bits, label: `inputHash.${inp.name}` })
  })
}

/**
 * Allocates the message signal and binds it with `message · message = message²` (two wires, one
 * constraint). Returns the message wire; make it public last (it is the last public signal).
 */
export function allocMessage(b: CircuitBuilder, value: (() => bigint | undefined)): number {
  const message = allocFieldElement(b, () => {
    const v = value()
    if (v === undefined) throw new InvalidInputError('The statement has a message signal, but no message was given.')
    return v
  }, 'message')
  const square = b.alloc(0n, (FIELD_PRIME - 1n) ** 2n, () => b.values[message]! * b.values[message]!, 'message²')
  b.enforceLazy(() => [lcWire(message), lcWire(message), lcWire(square)])
  return message
}

/** The union interval [lo, hi] of a tensor's values (what a revealed output must lie in). */
export function tensorRange(b: CircuitBuilder, data: readonly Lc[]): [bigint, bigint] {
  let lo: bigint | undefined
  let hi: bigint | undefined
  for (const x of data) {
    const [l, h] = b.interval(x)
    if (lo === undefined || l < lo) lo = l
    if (hi === undefined || h > hi) hi = h
  }
  return [lo ?? 0n, hi ?? 0n]
}

/** Publishes `x` as a new public wire: allocates it and enforces `w · 1 = x`. */
export function publishLc(b: CircuitBuilder, x: Lc, label: string): void {
  const [lo, hi] = b.interval(x)
  const w = b.allocPublic(lo, hi, () => b.value(x), label)
  b.enforceLazy(() => [lcWire(w), lcConst(1n), x])
}
