/**
 * "code is within Hamming distance τ of template" as constraints (one alignment: the prover aligns
 * the capture before the code is computed, see `statement.ts`).
 *
 * Inputs: code bits c and template bits t, both boolean-constrained by the caller.
 *   m_i = c_i · t_i                         (one constraint per bit)
 *   d   = Σ c + Σ t − 2 Σ_i m_i             (the Hamming distance: a linear combination, free)
 * and τ − d is decomposed into bitLength(τ) bits (`toBitsOf`), so d ≤ τ: for boolean inputs d is an
 * integer in [0, n], and a negative τ − d is a field element near p with no short decomposition.
 * Cost: n + bitLength(τ) + 1 constraints.
 */
import type { CircuitBuilder } from '../../circuit/builder.js'
import { bitLength, toBitsOf } from '../../circuit/gadgets/bits.js'
import { packedDotNumbers, smallBigInt } from '../../circuit/packedLc.js'
import { type Lc, lcConst, lcDot, lcSub, lcWire } from '../../circuit/lc.js'
import { InternalError } from '../../errors/internal.js'

/** Parameters of {@link hammingWithin}. */
export type HammingWithinParameters = {
  /** Code bits (boolean-constrained by the caller). */
  code: readonly Lc[]
  /** Template bits (boolean-constrained by the caller), same length. */
  template: readonly Lc[]
  /** τ ≥ 1 in bits. */
  threshold: number
  label: string
}

/**
 * Constrains Hamming(code, template) ≤ τ (see the module doc).
 *
 * @param b - The circuit builder.
 * @param parameters - {@link HammingWithinParameters}
 * @returns The distance as a linear combination.
 * @throws {WitnessGenerationError} In witness mode, at label `${label}` when the distance exceeds τ.
 */
export function hammingWithin(b: CircuitBuilder, { code, template, threshold, label }: HammingWithinParameters): Lc {
  if (code.length !== template.length) throw new InternalError({ invariant: `${label}: code and template lengths differ` })
  if (!(Number.isSafeInteger(threshold) && threshold >= 1)) throw new InternalError({ invariant: `${label}: τ must be a positive integer` })
  const products = template.map((t, i) => {
    const c = code[i]!
    const m = b.alloc(0n, 1n, () => b.value(c) * b.value(t), `${label}.agree[${i}]`)
    b.enforceLazy(() => [c, t, lcWire(m)])
    return b.wireLc(m)
  })
  const distance = b.pack
    ? // Witness-only: the same Lc as one single-key merge (each bit and product is one packed wire).
      packedDotNumbers(b.pack, [...code.map(() => 1), ...template.map(() => 1), ...products.map(() => -2)], [...code, ...template, ...products], 0n, smallBigInt, undefined)
    : lcDot([1n, 1n, -2n], [lcDot(code.map(() => 1n), code), lcDot(code.map(() => 1n), template), lcDot(code.map(() => 1n), products)])
  const tau = BigInt(threshold)
  toBitsOf(b, () => lcSub(lcConst(tau), distance), () => tau - b.value(distance), bitLength(tau), label)
  return distance
}
