/**
 * "code is within Hamming distance τ of template at one of the allowed rotations" as constraints.
 *
 * Inputs: code bits c and template bits t (both already boolean-constrained by the caller), laid out
 * as rows of `columns` bits; a rotation k maps template bit (row, col) to code bit (row, (col − k) mod columns).
 * The prover picks the rotation with one-hot selector bits s_k (booleanity + Σ s_k = 1). For each k:
 *   m_{k,i} = c_{π_k(i)} · t_i                         (one constraint per bit and rotation)
 *   d_k     = Σ c + Σ t − 2 Σ_i m_{k,i}                (the Hamming distance; one wire, one constraint)
 *   e_k     = s_k · d_k                                (one constraint)
 * and τ − Σ_k e_k is decomposed into bitLength(τ) bits, so Σ_k e_k = d_{selected} ≤ τ (a negative value
 * would be a field element near p, which has no short decomposition).
 * Cost: (rotations) · (bits + 2) + rotations + 1 + bitLength(τ) + 1 constraints.
 */
import type { CircuitBuilder } from '../../circuit/builder.js'
import { allocBitsInput, bitLength, toBits } from '../../circuit/gadgets/bits.js'
import { type Lc, lcConst, lcDot, lcSub, lcWire } from '../../circuit/lc.js'
import { InternalError } from '../../errors/internal.js'

/** Parameters of {@link hammingMatch}. */
export type HammingMatchParameters = {
  /** Code bits (boolean-constrained by the caller). */
  code: readonly Lc[]
  /** Template bits (boolean-constrained by the caller), same length. */
  template: readonly Lc[]
  /** Row length of the rotation (code columns). */
  columns: number
  /** Allowed rotations, in code columns. */
  shifts: readonly number[]
  /** τ ≥ 1 in bits. */
  threshold: number
  /** Witness mode: the rotation to use (must be in `shifts`). */
  shift: () => number
  label: string
}

/**
 * Constrains Hamming(rotate(code, k), template) ≤ τ for a prover-chosen k (see the module doc).
 *
 * @param b - The circuit builder.
 * @param parameters - {@link HammingMatchParameters}
 * @returns The selected distance as a linear combination.
 * @throws {WitnessGenerationError} In witness mode, at label `${label}` when the distance exceeds τ.
 */
export function hammingMatch(b: CircuitBuilder, p: HammingMatchParameters): Lc {
  const { code, template, columns, shifts, threshold, label } = p
  if (code.length !== template.length || code.length % columns !== 0) throw new InternalError({ invariant: `${label}: code/template/columns mismatch` })
  const n = BigInt(code.length)
  const selectors = shifts.map((k) => allocBitsInput(b, () => (p.shift() === k ? 1n : 0n), 1, 0n, `${label}.shift[${k}]`))
  b.enforceLazy(() => [lcDot(selectors.map(() => 1n), selectors), lcConst(1n), lcConst(1n)])
  const sumCode = lcDot(code.map(() => 1n), code)
  const sumTemplate = lcDot(template.map(() => 1n), template)
  const selected = shifts.map((k, s) => {
    const products = template.map((t, i) => {
      const row = i - (i % columns)
      const c = code[row + ((((i % columns) - k) % columns) + columns) % columns]!
      const m = b.alloc(0n, 1n, () => b.value(c) * b.value(t), `${label}.agree[${k}][${i}]`)
      b.enforceLazy(() => [c, t, lcWire(m)])
      return lcWire(m)
    })
    const dist = lcDot([1n, 1n, -2n], [sumCode, sumTemplate, lcDot(products.map(() => 1n), products)])
    const d = b.alloc(0n, n, () => b.value(dist), `${label}.distance[${k}]`)
    b.enforceLazy(() => [lcWire(d), lcConst(1n), dist])
    const e = b.alloc(0n, n, () => b.value(selectors[s]!) * b.values[d]!, `${label}.selected[${k}]`)
    b.enforceLazy(() => [selectors[s]!, lcWire(d), lcWire(e)])
    return lcWire(e)
  })
  const distance = lcDot(selected.map(() => 1n), selected)
  toBits(b, lcSub(lcConst(BigInt(threshold)), distance), bitLength(BigInt(threshold)), label)
  return distance
}
