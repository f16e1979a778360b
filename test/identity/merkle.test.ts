import { describe, expect, it } from 'vitest'
import { poseidon } from '../../src/circuit/poseidon/index.js'
import { MerkleTreeError } from '../../src/identity/errors.js'
import { merkleLevels, merkleProof, merkleProofRoot, merkleRoot } from '../../src/identity/merkle.js'

const H = (a: bigint, b: bigint) => poseidon([a, b])
const leaves = [11n, 22n, 33n, 44n, 55n, 66n, 77n, 88n, 99n]

describe('LeanIMT (TypeScript)', () => {
  it('follows the LeanIMT rules: no zero leaves, a lone left node is carried up', () => {
    const [a, b, c, d, e] = leaves as [bigint, bigint, bigint, bigint, bigint]
    expect(merkleRoot({ leaves: [] })).toBe(0n)
    expect(merkleRoot({ leaves: [a] })).toBe(a)
    expect(merkleRoot({ leaves: [a, b] })).toBe(H(a, b))
    expect(merkleRoot({ leaves: [a, b, c] })).toBe(H(H(a, b), c))
    expect(merkleRoot({ leaves: [a, b, c, d, e] })).toBe(H(H(H(a, b), H(c, d)), e))
    expect(merkleLevels({ leaves: [a, b, c, d, e] }).map((l) => l.length)).toEqual([5, 3, 2, 1])
  })

  it('proofs are compacted (only existing siblings) and lead to the root, for every leaf of every size', () => {
    for (let n = 1; n <= leaves.length; n++) {
      const tree = leaves.slice(0, n)
      const root = merkleRoot({ leaves: tree })
      for (const leaf of tree) {
        const proof = merkleProof({ leaves: tree, leaf })
        expect(proof.root).toBe(root)
        expect(merkleProofRoot(proof)).toBe(root)
        expect(proof.siblings.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)))
        // A wrong sibling or direction leads elsewhere.
        if (proof.siblings.length > 0) {
          expect(merkleProofRoot({ ...proof, index: proof.index ^ 1 })).not.toBe(root)
          expect(merkleProofRoot({ ...proof, siblings: [proof.siblings[0]! + 1n, ...proof.siblings.slice(1)] })).not.toBe(root)
        }
      }
    }
    // The fifth of five leaves has no sibling at levels 0 and 1: one sibling, and it is a right child there.
    const p = merkleProof({ leaves: leaves.slice(0, 5), leaf: 55n })
    expect(p.siblings).toEqual([H(H(11n, 22n), H(33n, 44n))])
    expect(p.index).toBe(1)
  })

  it('rejects zero, out-of-field and repeated leaves, and unknown leaves', () => {
    expect(() => merkleRoot({ leaves: [0n] })).toThrow(MerkleTreeError)
    expect(() => merkleRoot({ leaves: [1n << 254n] })).toThrow(MerkleTreeError)
    expect(() => merkleRoot({ leaves: [5n, 5n] })).toThrow(/already/)
    expect(() => merkleProof({ leaves: [5n], leaf: 6n })).toThrow(/not in the tree/)
  })
})
