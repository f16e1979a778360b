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
import { codeBit, codeBitWidth } from '../../src/identity/gadgets/codeBit.js'
import { hammingWithin } from '../../src/identity/gadgets/hammingWithin.js'
import { leanImtMembership } from '../../src/identity/gadgets/leanImtMembership.js'
import { merkleProof, merkleRoot } from '../../src/identity/merkle.js'

const P1 = FIELD_PRIME - 1n

function hammingCase(code: number[], template: number[], threshold: number) {
  return build((b) => {
    const c = code.map((v, i) => allocBitsInput(b, () => BigInt(v), 1, 0n, `c${i}`))
    const t = template.map((v, i) => allocBitsInput(b, () => BigInt(v), 1, 0n, `t${i}`))
    return hammingWithin(b, { code: c, template: t, threshold, label: 'match' })
  })
}
const code = [1, 0, 0, 1, 1, 1, 0, 0]

describe('hammingWithin', () => {
  for (const flips of [0, 1, 2]) {
    it(`proves distance ${flips} ≤ τ = 2 (n + bitLength(τ) + 1 constraints)`, () => {
      const template = code.map((v, i) => (i < flips ? 1 - v : v))
      const { r1cs, witness, out, b } = hammingCase(code, template, 2)
      expect(b.value(out)).toBe(BigInt(flips))
      expectSatisfied(r1cs, witness)
      expect(r1cs.constraints.length).toBe(2 * 8 + 8 + 2 + 1) // booleanity of c and t, products, 2 bits + recomposition
    })
  }

  it('has no witness when the distance exceeds τ, and an agreement bit cannot be forged', () => {
    const far = code.map((v) => 1 - v) // distance 8
    expect(() => hammingCase(code, far, 2)).toThrow(WitnessGenerationError)
    expect(() => hammingCase(code, far, 2)).toThrow(/match/)
    // Forge: claim agreement where the bits differ (distance 3 → 1) by setting a product wire.
    const template = code.map((v, i) => (i < 1 ? 1 - v : v))
    const { r1cs, witness } = hammingCase(code, template, 2)
    const agree = [...r1cs.labels!].find(([, l]) => l === 'match.agree[0]')![0]
    const forged = [...witness]
    forged[agree] = 1n - forged[agree]!
    expect(failingConstraints(r1cs, forged).length).toBeGreaterThan(0)
  })
})

describe('codeBit', () => {
  it('is [x ≥ 0] for every x of its honest interval and beyond it up to the width, in B constraints', () => {
    for (const [lo, hi] of [[-5n, 5n], [-8n, 7n], [-1n, 0n], [-300n, 20n]] as const) {
      const B = codeBitWidth([lo, hi])
      for (const v of [lo, -1n, 0n, hi]) {
        const { r1cs, witness, out, b } = build((b) => codeBit(b, lcWire(input(b, v, lo, hi)), 's'))
        expect(b.value(out)).toBe(v >= 0n ? 1n : 0n)
        expectSatisfied(r1cs, witness)
        expect(r1cs.constraints.length).toBe(B)
      }
    }
    expect(codeBitWidth([-382_500n, 382_500n])).toBe(20) // the iris responses: 2^19 = 524,288 > 382,500
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
