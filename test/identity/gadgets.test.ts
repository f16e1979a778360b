/**
 * Tests of the identity circuit's gadgets on small instances: honest witnesses satisfy the constraints
 * and give the native results, and specific cheats fail. Exhaustive uniqueness (nothing else is
 * provable) is in uniqueness.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { build, expectSatisfied, input } from '../helpers/mutation.js'
import { failingConstraints } from '../../src/circuit/check.js'
import { FIELD_PRIME } from '../../src/circuit/field.js'
import { allocBitsInput } from '../../src/circuit/gadgets/bits.js'
import { lcWire } from '../../src/circuit/lc.js'
import { WitnessGenerationError } from '../../src/errors/prove.js'
import { hammingMatch } from '../../src/identity/gadgets/hammingMatch.js'
import { leanImtMembership } from '../../src/identity/gadgets/leanImtMembership.js'
import { merkleProof, merkleRoot } from '../../src/identity/merkle.js'

const P1 = FIELD_PRIME - 1n

/** 2 rows × 4 columns; the template is the code rotated by `rot` with `flips` bits flipped. */
function hammingCase(code: number[], template: number[], shift: number, threshold: number) {
  return build((b) => {
    const c = code.map((v, i) => allocBitsInput(b, () => BigInt(v), 1, 0n, `c${i}`))
    const t = template.map((v, i) => allocBitsInput(b, () => BigInt(v), 1, 0n, `t${i}`))
    return hammingMatch(b, { code: c, template: t, columns: 4, shifts: [-1, 0, 1], threshold, shift: () => shift, label: 'match' })
  })
}
const code = [1, 0, 0, 1, 1, 1, 0, 0]
/** rotate(code, k)[row, col] = code[row, (col − k) mod 4] */
const rotate = (xs: number[], k: number) => xs.map((_, i) => xs[i - (i % 4) + ((((i % 4) - k) % 4) + 4) % 4]!)

describe('hammingMatch', () => {
  for (const k of [-1, 0, 1]) {
    it(`proves distance ≤ τ at rotation ${k}`, () => {
      const template = rotate(code, k)
      template[2] = 1 - template[2]! // distance 1
      const { r1cs, witness, out, b } = hammingCase(code, template, k, 2)
      expect(b.value(out)).toBe(1n)
      expectSatisfied(r1cs, witness)
    })
  }

  it('has no witness when the distance exceeds τ, and a wrong rotation cannot be claimed', () => {
    const far = code.map((v) => 1 - v) // distance 8 at rotation 0
    expect(() => hammingCase(code, far, 0, 2)).toThrow(WitnessGenerationError)
    // Template matches at rotation 1 only; claiming rotation 0 (distance > τ) fails at witness time.
    const template = rotate(code, 1)
    expect(() => hammingCase(code, template, 0, 1)).toThrow(/match/)
    // Forge: honest witness at rotation 1, then move the selector to rotation 0.
    const { r1cs, witness } = hammingCase(code, template, 1, 1)
    const sel = (k: number) => [...r1cs.labels!].find(([, l]) => l === `match.shift[${k}].bit0`)![0]
    const forged = [...witness]
    forged[sel(1)] = 0n
    forged[sel(0)] = 1n
    expect(failingConstraints(r1cs, forged).length).toBeGreaterThan(0)
  })
})

describe('leanImtMembership', () => {
  const leaves = [101n, 202n, 303n, 404n, 505n]
  const membership = (tree: bigint[], leaf: bigint, depth: number) => {
    const proof = merkleProof({ leaves: tree, leaf })
    return build((b) => {
      const root = leanImtMembership(b, { leaf: lcWire(input(b, leaf, 0n, P1, 'leaf')), depth, proof: () => proof, label: 'merkle' })
      const r = b.alloc(0n, P1, () => b.value(root) % FIELD_PRIME, 'root')
      b.enforce(lcWire(r), new Map([[0, 1n]]), root)
      return r
    })
  }
  const cases: [number, bigint][] = [[1, 101n], [2, 202n], [3, 303n], [5, 505n], [5, 101n], [4, 404n]]
  for (const [n, leaf] of cases) {
    it(`leads to the LeanIMT root (tree of ${n}, leaf ${leaf})`, () => {
      const tree = leaves.slice(0, n)
      const { r1cs, witness, out, b } = membership(tree, leaf, 3)
      expect(b.values[out]).toBe(merkleRoot({ leaves: tree }))
      expectSatisfied(r1cs, witness)
    })
  }
  it('rejects non-monotone activity (skipping a level then hashing again)', () => {
    const proof = merkleProof({ leaves, leaf: 505n }) // one sibling: active = [1, 0, 0]
    const { r1cs, witness } = build((b) => leanImtMembership(b, { leaf: lcWire(input(b, 505n, 0n, P1, 'leaf')), depth: 3, proof: () => proof, label: 'm' }))
    const active = (i: number) => [...r1cs.labels!].find(([, l]) => l === `m.active[${i}].bit0`)![0]
    const forged = [...witness]
    forged[active(0)] = 0n
    forged[active(1)] = 1n
    expect(failingConstraints(r1cs, forged).length).toBeGreaterThan(0)
  })
})
