/**
 * LeanIMT membership as constraints: the root reached from `leaf` by a compacted path.
 *
 * For each level i < depth: `active_i` (boolean; monotone: active_{i} · (1 − active_{i−1}) = 0),
 * `right_i` (boolean) and `sibling_i` (a field element). With node the current node:
 *   swap   = right_i · (sibling − node)                                      (1 constraint)
 *   parent = Poseidon([node + swap, sibling − swap])  = H(node, sib) or H(sib, node)   (240)
 *   moved  = active_i · (parent − node);  node ← node + moved                  (1 constraint)
 * So active levels hash and inactive ones carry the node up, exactly @zk-kit/lean-imt's proof
 * with `siblings.length` = the number of active levels (a missing right sibling is no hash at all).
 * Cost per level: 3 booleanity + 1 monotonicity + 2 + 240 constraints.
 * SOUNDNESS NOTE: inactive levels leave right_i and sibling_i unconstrained in effect (they feed a
 * hash whose result is multiplied by 0); that is harmless, the root depends only on active levels.
 */
import type { CircuitBuilder } from '../../circuit/builder.js'
import { FIELD_PRIME, toField } from '../../circuit/field.js'
import { allocBitsInput } from '../../circuit/gadgets/bits.js'
import { type Lc, lcConst, lcDot, lcSub, lcWire } from '../../circuit/lc.js'
import { poseidonGadget } from '../../circuit/poseidon/index.js'

/** Parameters of {@link leanImtMembership}. */
export type LeanImtMembershipParameters = {
  /** The leaf as a linear combination (its value is taken mod p). */
  leaf: Lc
  /** Fixed maximum depth (levels in the circuit). */
  depth: number
  /** Witness mode: the compacted proof (`siblings.length ≤ depth`). */
  proof: () => { index: number; siblings: readonly bigint[] }
  label: string
}

/**
 * Constrains the Merkle path and returns the root it leads to (see the module doc).
 *
 * @param b - The circuit builder.
 * @param parameters - {@link LeanImtMembershipParameters}
 * @returns The root as a linear combination (compare it with a public root).
 */
export function leanImtMembership(b: CircuitBuilder, { leaf, depth, proof, label }: LeanImtMembershipParameters): Lc {
  const P1 = FIELD_PRIME - 1n
  let node = leaf
  let previousActive: Lc | undefined
  for (let i = 0; i < depth; i++) {
    const has = () => i < proof().siblings.length
    const active = allocBitsInput(b, () => (has() ? 1n : 0n), 1, 0n, `${label}.active[${i}]`)
    const before = previousActive
    if (before) b.enforceLazy(() => [active, lcSub(lcConst(1n), before), lcConst(0n)])
    previousActive = active
    const right = allocBitsInput(b, () => (has() ? BigInt((proof().index >> i) & 1) : 0n), 1, 0n, `${label}.right[${i}]`)
    const sibling = b.wireLc(b.alloc(0n, P1, () => (has() ? toField(proof().siblings[i]!) : 0n), `${label}.sibling[${i}]`))
    const here = node
    const diff = lcSub(sibling, here)
    const swap = b.alloc(0n, P1, () => toField(b.value(right) * b.value(diff)), `${label}.swap[${i}]`)
    b.enforceLazy(() => [right, diff, lcWire(swap)])
    const swapLc = b.wireLc(swap)
    const parent = poseidonGadget(b, [lcDot([1n, 1n], [here, swapLc]), lcDot([1n, -1n], [sibling, swapLc])], `${label}.hash[${i}]`)
    const step = lcSub(parent, here)
    const moved = b.alloc(0n, P1, () => toField(b.value(active) * b.value(step)), `${label}.step[${i}]`)
    b.enforceLazy(() => [active, step, lcWire(moved)])
    node = lcDot([1n, 1n], [here, b.wireLc(moved)])
  }
  return node
}
