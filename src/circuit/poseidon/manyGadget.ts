/**
 * Circuit mirrors of `poseidonMany` and `packValues` (same definitions, see `many.ts`).
 */
import type { CircuitBuilder } from '../builder.js'
import { type Lc, lcConst, lcDot } from '../lc.js'
import { PoseidonInputError } from '../../errors/poseidon.js'
import { poseidonGadget } from './gadget.js'
import { POSEIDON_MANY_BLOCK, valuesPerElement } from './many.js'

/**
 * Hash of a list of any (compile-time) length, equal to `poseidonMany` on the values: the chain
 * h ← L; h ← Poseidon([h, …block]) over blocks of 15. Cost: one `poseidonGadget` per block.
 *
 * @param b - The circuit builder.
 * @param values - Linear combinations (values taken mod p).
 * @param label - Prefix of the wire labels (`label.b{block}…`).
 * @returns The hash as a linear combination.
 * @example
 * import { poseidonManyGadget } from './manyGadget.js'
 * const commitment = poseidonManyGadget(b, packed, 'input-commitment')
 */
export function poseidonManyGadget(b: CircuitBuilder, values: readonly Lc[], label: string): Lc {
  let h = lcConst(BigInt(values.length))
  let i = 0
  let block = 0
  do {
    h = poseidonGadget(b, [h, ...values.slice(i, i + POSEIDON_MANY_BLOCK)], `${label}.b${block++}`)
    i += POSEIDON_MANY_BLOCK
  } while (i < values.length)
  return h
}

/** Parameters of {@link packGadget}. */
export type PackGadgetParameters = {
  /** Linear combinations whose values the caller has already proven to lie in [0, 2^bits). */
  values: readonly Lc[]
  /** Bit width of each value, 1..253. */
  bits: number
  /** Name used in errors. */
  label: string
}

/**
 * Packs values into field elements exactly like `packValues`: element e = Σ_i v[e·k+i]·2^(i·bits),
 * k = floor(253 / bits). Linear, so free (no wires, no constraints).
 *
 * PRECONDITION (soundness): every value must already be constrained to [0, 2^bits) by the caller
 * (a bit decomposition, or a gadget whose output range is proven). Without it a prover could move
 * weight between neighbouring slots and open a packed element to different values. The interval
 * of each value is checked against [0, 2^bits − 1] here, which catches a caller that forgot the
 * range (intervals are promises the caller's constraints must keep).
 *
 * @param b - The circuit builder (used for intervals only).
 * @param params {@link PackGadgetParameters}
 * @returns ceil(values.length / k) linear combinations.
 * @throws {PoseidonInputError} When `bits` is invalid or a value's interval exceeds [0, 2^bits − 1].
 */
export function packGadget(b: CircuitBuilder, { values, bits, label }: PackGadgetParameters): Lc[] {
  const k = valuesPerElement(bits, `packGadget (${label})`)
  const max = (1n << BigInt(bits)) - 1n
  values.forEach((v, index) => {
    const [lo, hi] = b.interval(v)
    if (lo < 0n || hi > max) {
      throw new PoseidonInputError({ where: `packGadget (${label})`, reason: `value interval [${lo}, ${hi}] is not within [0, 2^${bits} − 1]`, index })
    }
  })
  const out: Lc[] = []
  for (let e = 0; e * k < values.length; e++) {
    const slot = values.slice(e * k, (e + 1) * k)
    out.push(lcDot(slot.map((_, i) => 1n << BigInt(i * bits)), slot))
  }
  return out
}
