/**
 * Code bit: [x ≥ 0] for a Gabor response x, from one bit decomposition with no recomposition row.
 *
 * Let [lo, hi] be x's *honest* interval (what 8-bit pixels give; not enforced by anyone) and B the
 * least width with 2^(B−1) ≥ −lo and 2^(B−1) > hi (B ≥ 2). Then u = x + 2^(B−1) is decomposed into B
 * bits, with bit 0 not allocated but *defined* by the decomposition:
 *   b_j boolean wires for 1 ≤ j < B                    (B − 1 constraints)
 *   b_0 := u − Σ_{j≥1} 2^j b_j   (a linear combination)
 *   b_0 · (b_0 − 1) = 0                                 (1 constraint)
 * so u = Σ_j 2^j b_j with every b_j ∈ {0, 1}: u ∈ [0, 2^B), and the code bit is b_{B−1} = [x ≥ 0].
 * Cost: B constraints (`toBits` + a sign would be B + 1).
 * SOUNDNESS: 2^B < p, so for every field value of x there is at most one witness: when x ≡ v (mod p)
 * for an integer v ∈ [−2^(B−1), 2^(B−1)) the bit is [v ≥ 0], otherwise there is none. Unlike
 * `signBit`, nothing relies on x's interval being enforced: the decomposition itself is the range
 * check, and the honest interval only picks B (so every honest response keeps its exact sign).
 */
import type { CircuitBuilder } from '../../circuit/builder.js'
import { bitLength } from '../../circuit/gadgets/bits.js'
import { type Lc, lcAddConst, lcConst, lcDot, lcWire } from '../../circuit/lc.js'
import { WitnessGenerationError } from '../../errors/prove.js'
import { InternalError } from '../../errors/internal.js'

/**
 * The width B of {@link codeBit}'s decomposition for an honest interval [lo, hi] with lo < 0 ≤ hi.
 *
 * @param interval - The honest interval of x.
 * @returns The least B ≥ 2 with 2^(B−1) ≥ −lo and 2^(B−1) > hi.
 */
export function codeBitWidth([lo, hi]: readonly [bigint, bigint]): number {
  if (!(lo < 0n && hi >= 0n)) throw new InternalError({ invariant: `codeBit: interval [${lo}, ${hi}] does not straddle 0` })
  return Math.max(2, Math.max(bitLength(-lo - 1n), bitLength(hi)) + 1)
}

/**
 * The bit [x ≥ 0] as a boolean wire (see the module doc).
 *
 * @param b - The circuit builder.
 * @param x - The response; its interval (from `b.interval`) is the honest range that sizes the decomposition.
 * @param label - Name used in wire labels (`${label}.bit${j}`, j ≥ 1) and errors.
 * @returns The code bit, a single boolean wire.
 * @throws {WitnessGenerationError} In witness mode, when x lies outside [−2^(B−1), 2^(B−1)).
 * @example
 * const bit = codeBit(b, response, 'code[17]') // [response ≥ 0], B constraints
 */
export function codeBit(b: CircuitBuilder, x: Lc, label: string): Lc {
  const B = codeBitWidth(b.interval(x))
  const offset = 1n << BigInt(B - 1)
  let v = 0n
  if (b.computeWitness) {
    v = b.value(x) + offset
    if (v < 0n || v >= 1n << BigInt(B)) throw new WitnessGenerationError({ wire: label, reason: `value ${b.value(x)} is outside [−2^${B - 1}, 2^${B - 1})` })
  }
  // b_1 … b_{B−1}: the bits of u >> 1 (allocated in a row, labelled from bit1).
  const wires = b.allocBits(B - 1, v >> 1n, label, 1)
  b.enforceLazyEach(wires, (w) => [lcWire(w), lcDot([1n], [lcWire(w)], -1n), lcConst(0n)])
  // b_0 = u − Σ_{j≥1} 2^j b_j, constrained boolean: this one row also carries the recomposition.
  b.enforceLazy(() => {
    const bit0 = lcDot([1n, ...wires.map((_, i) => -(1n << BigInt(i + 1)))], [lcAddConst(x, offset), ...wires.map((w) => lcWire(w))])
    return [bit0, lcAddConst(bit0, -1n), lcConst(0n)]
  })
  return b.wireLc(wires[B - 2]!)
}
