/**
 * A Lean Incremental Merkle Tree (LeanIMT) in TypeScript, node for node the tree that
 * `@zk-kit/lean-imt.sol` keeps on chain (so the roots agree).
 *
 * Rules (from `InternalLeanIMT.sol`): level 0 holds the leaves in insertion order; the parent of
 * nodes 2j and 2j+1 is `PoseidonT3(left, right)` (circomlib Poseidon of two inputs); a node without
 * a right sibling is carried up unchanged (no hash, no zero leaf). The depth is the least d with
 * 2^d ≥ size; the root is the single node at level d (the leaf itself for one leaf, 0 when empty).
 * Leaves are non-zero field elements and unique.
 *
 * Proofs follow @zk-kit/lean-imt's `generateProof`: `siblings` lists only the levels where a sibling
 * exists, bottom-up, and bit i of `index` says whether the node is the right child at the i-th
 * listed level. Verification hashes exactly `siblings.length` times.
 */
import { FIELD_PRIME } from '../circuit/field.js'
import { poseidon } from '../circuit/poseidon/index.js'
import { MerkleTreeError } from './errors.js'

/** A LeanIMT inclusion proof (the shape of @zk-kit/lean-imt's `LeanIMTMerkleProof`). */
export type MerkleProof = {
  root: bigint
  leaf: bigint
  /** Compacted path bits (see the module doc). */
  index: number
  siblings: bigint[]
}

/**
 * Every level of the tree built from `leaves`: `levels[0]` is the leaves, the last level is `[root]`.
 *
 * @param parameters.leaves - Non-zero, distinct field elements.
 * @returns The levels (an empty tree gives `[[]]`).
 * @throws {MerkleTreeError} When a leaf is 0, ≥ p, or repeated.
 */
export function merkleLevels({ leaves }: { leaves: readonly bigint[] }): bigint[][] {
  const seen = new Set<bigint>()
  for (const leaf of leaves) {
    if (typeof leaf !== 'bigint' || leaf <= 0n || leaf >= FIELD_PRIME) throw new MerkleTreeError('A leaf must be a non-zero field element.', `leaf: ${String(leaf)}`)
    if (seen.has(leaf)) throw new MerkleTreeError('The leaf is already in the tree.', `leaf: ${leaf}`)
    seen.add(leaf)
  }
  const levels: bigint[][] = [[...leaves]]
  while (levels[levels.length - 1]!.length > 1) {
    const below = levels[levels.length - 1]!
    const level: bigint[] = []
    for (let j = 0; j < below.length; j += 2) level.push(j + 1 < below.length ? poseidon([below[j]!, below[j + 1]!]) : below[j]!)
    levels.push(level)
  }
  return levels
}

/**
 * The root of the tree of `leaves` (what `IrisRegistry.root()` returns after enrolling them in order).
 *
 * @param parameters.leaves - Non-zero, distinct field elements, in insertion order.
 * @returns The root (0 for an empty tree).
 * @example
 * import { merkleRoot } from '@zkml/web/identity'
 * merkleRoot({ leaves: [leaf] }) === leaf // one leaf: the root is the leaf
 */
export function merkleRoot({ leaves }: { leaves: readonly bigint[] }): bigint {
  const levels = merkleLevels({ leaves })
  return levels[levels.length - 1]![0] ?? 0n
}

/**
 * An inclusion proof for `leaf`.
 *
 * @param parameters.leaves - The tree's leaves in insertion order.
 * @param parameters.leaf - The leaf to prove.
 * @returns A {@link MerkleProof}.
 * @throws {MerkleTreeError} When `leaf` is not in the tree.
 */
export function merkleProof({ leaves, leaf }: { leaves: readonly bigint[]; leaf: bigint }): MerkleProof {
  const levels = merkleLevels({ leaves })
  let position = leaves.indexOf(leaf)
  if (position < 0) throw new MerkleTreeError('The leaf is not in the tree.', `leaf: ${leaf}`)
  const siblings: bigint[] = []
  let index = 0
  for (let level = 0; level + 1 < levels.length; level++) {
    const right = position & 1
    const sibling = levels[level]![right ? position - 1 : position + 1]
    if (sibling !== undefined) {
      index |= right << siblings.length
      siblings.push(sibling)
    }
    position >>= 1
  }
  return { root: levels[levels.length - 1]![0]!, leaf, index, siblings }
}

/**
 * The root a proof leads to (hashing `siblings.length` times); compare it with a known root.
 *
 * @param proof - A {@link MerkleProof} (its `root` field is ignored).
 * @returns The computed root.
 */
export function merkleProofRoot(proof: Pick<MerkleProof, 'leaf' | 'index' | 'siblings'>): bigint {
  let node = proof.leaf
  proof.siblings.forEach((s, i) => {
    node = (proof.index >> i) & 1 ? poseidon([s, node]) : poseidon([node, s])
  })
  return node
}
