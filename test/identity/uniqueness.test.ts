/**
 * Exhaustive small-domain uniqueness of the identity circuit's gadgets (see test/helpers/uniqueness.ts).
 * The Merkle path lets the prover choose part of the witness (the path length and direction), so its
 * tests state the exact set of outputs that must be provable, and check that nothing else is.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkR1csDetermined, checkUniqueness, expectUnique, fieldValues, interval } from '../helpers/uniqueness.js'
import { poseidon } from '../../src/circuit/poseidon/index.js'
import { FIELD_PRIME } from '../../src/circuit/field.js'
import { codeBit, codeBitWidth } from '../../src/identity/gadgets/codeBit.js'
import { hammingWithin } from '../../src/identity/gadgets/hammingWithin.js'
import { leanImtMembership } from '../../src/identity/gadgets/leanImtMembership.js'
import { merkleProof, merkleRoot } from '../../src/identity/merkle.js'
import { IRIS_THRESHOLD, MERKLE_DEPTH } from '../../src/identity/config.js'
import { irisStrip } from '../../src/identity/iris.js'
import { quantizeIrisModel } from '../../src/identity/model.js'
import { buildIdentityCircuit } from '../../src/identity/statement.js'

describe('hammingWithin: the provable distances are exactly those ≤ τ', () => {
  const distance = (code: readonly bigint[], template: readonly bigint[]) => code.reduce((d, c, i) => d + (c === template[i] ? 0n : 1n), 0n)
  for (const [n, threshold] of [[4, 1], [4, 2], [5, 3], [3, 4]] as const)
    it(`${n} bits, τ = ${threshold}, every code and template`, () => {
      const report = expectUnique({
        inputs: Array.from({ length: 2 * n }, () => interval(0n, 1n)),
        build: (b, xs) => hammingWithin(b, { code: xs.slice(0, n), template: xs.slice(n), threshold, label: 'match' }),
        reference: (xs) => {
          const d = distance(xs.slice(0, n), xs.slice(n))
          return d <= BigInt(threshold) ? d : undefined
        },
      })
      expect(report.cases).toBe(2 ** (2 * n))
    })

  it('control: without one product constraint, a distance other than the true one is provable', () => {
    const report = checkUniqueness({
      name: 'no product',
      inputs: Array.from({ length: 6 }, () => interval(0n, 1n)),
      build: (b, xs) => {
        const out = hammingWithin(b, { code: xs.slice(0, 3), template: xs.slice(3), threshold: 3, label: 'match' })
        const product = b.constraints.findIndex((k) => [...k.c.keys()].some((w) => b.labels.get(w) === 'match.agree[0]'))
        b.constraints.splice(product, 1)
        return out
      },
      reference: (xs) => distance(xs.slice(0, 3), xs.slice(3)),
    })
    expect(report.failures.length).toBeGreaterThan(0)
  })
})

describe('codeBit: exactly [x ≥ 0] for x in [−2^(B−1), 2^(B−1)), nothing outside, whatever the promise', () => {
  const sign = ([x]: readonly bigint[]) => (x! >= 0n ? 1n : 0n)
  const values = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => BigInt(from + i))
  const extremes = [1n << 100n, -(1n << 100n), FIELD_PRIME / 2n, FIELD_PRIME - 1n]
  for (const [lo, hi] of [[-5n, 5n], [-8n, 7n], [-1n, 0n], [-2n, 9n], [-17n, 3n]] as const)
    it(`honest interval [${lo}, ${hi}]`, () => {
      const half = 1n << BigInt(codeBitWidth([lo, hi]) - 1)
      // Values far beyond the honest interval (the pixels are not range-checked): inside the
      // decomposition's range they prove their sign, outside it nothing.
      const report = expectUnique({
        inputs: [{ lo, hi, values: [...values(-70, 70), ...extremes] }],
        build: (b, [x]) => codeBit(b, x!, 's'),
        reference: ([x]) => {
          const v = x! > FIELD_PRIME / 2n ? x! - FIELD_PRIME : x! // the field element as a signed integer
          return v >= -half && v < half ? sign([v]) : undefined
        },
      })
      expect(report.cases).toBe(141 + extremes.length)
    })

  it('control: without the row that makes bit 0 boolean (the recomposition), any sign is provable', () => {
    const report = checkUniqueness({
      name: 'no bit-0 row',
      inputs: [interval(-8n, 7n)],
      build: (b, [x]) => {
        const out = codeBit(b, x!, 's')
        b.constraints.pop()
        return out
      },
      reference: sign,
    })
    expect(report.failures.length).toBeGreaterThan(0)
  })
})

describe('leanImtMembership: the provable roots are exactly the LeanIMT paths from the leaf', () => {
  const leaves = [11n, 22n]
  const siblings = [33n, 44n, 555n]

  /** Every root of a compacted path of length ≤ depth with these siblings: @zk-kit/lean-imt's verification. */
  const paths = (leaf: bigint, sibs: readonly bigint[]) => {
    const roots: bigint[] = []
    for (let len = 0; len <= sibs.length; len++)
      for (let index = 0; index < 2 ** len; index++) {
        let node = leaf
        for (let i = 0; i < len; i++) node = (index >> i) & 1 ? poseidon([sibs[i]!, node]) : poseidon([node, sibs[i]!])
        roots.push(node)
      }
    return roots
  }

  it('depth 2: active levels hash, inactive ones carry the node; monotone activity', () => {
    const report = expectUnique({
      inputs: [fieldValues(leaves)],
      free: [{ label: /^merkle\.sibling\[\d\]$/, values: siblings }],
      build: (b, [leaf]) => leanImtMembership(b, { leaf: leaf!, depth: 2, proof: () => ({ index: 0, siblings: [] }), label: 'merkle' }),
      provable: ([leaf], sibs) => paths(leaf!, sibs),
    })
    expect(report.cases).toBe(leaves.length * siblings.length ** 2)
    expect(report.branchWires.filter((l) => /active|right/.test(l))).toHaveLength(4)
  })

  it('a real tree: the root of a 3-leaf tree is provable from each leaf’s own proof, and a missing monotonicity check would be caught', () => {
    const tree = [101n, 202n, 303n]
    const root = merkleRoot({ leaves: tree })
    for (const leaf of tree) {
      const proof = merkleProof({ leaves: tree, leaf })
      const sibs = [...proof.siblings, ...Array.from({ length: 2 - proof.siblings.length }, () => 7n)]
      const roots = paths(leaf, sibs)
      expect(roots).toContain(root)
      expectUnique({
        name: `leaf ${leaf}`,
        inputs: [fieldValues([leaf])],
        free: [
          { label: /^m\.sibling\[0\]$/, values: [sibs[0]!] },
          { label: /^m\.sibling\[1\]$/, values: [sibs[1]!] },
        ],
        build: (b, [x]) => leanImtMembership(b, { leaf: x!, depth: 2, proof: () => proof, label: 'm' }),
        provable: ([x], s) => paths(x!, s),
      })
    }
    // Control: the same gadget without the monotonicity constraint lets an inactive level 0 be followed
    // by a hash at level 1, i.e. H(leaf, sibling₁): a root outside the LeanIMT semantics.
    const report = checkUniqueness({
      name: 'no monotonicity',
      inputs: [fieldValues([101n])],
      free: [{ label: /^m\.sibling\[\d\]$/, values: [5n] }],
      build: (b, [x]) => {
        const root = leanImtMembership(b, { leaf: x!, depth: 2, proof: () => ({ index: 0, siblings: [] }), label: 'm' })
        const monotone = b.constraints.findIndex((k) => k.c.size === 0 && [...k.a.keys()].some((w) => b.labels.get(w) === 'm.active[1].bit0') && k.b.size === 2)
        b.constraints.splice(monotone, 1)
        return root
      },
      provable: ([x], s) => paths(x!, s),
    })
    expect(report.failures).toHaveLength(1)
    expect(report.failures[0]).toContain('no monotonicity: in=(101)')
  })
})

describe('the whole identity circuit', () => {
  it('every wire but the booleans and the field-valued secrets is determined by them', () => {
    const model = quantizeIrisModel({ onnx: readFileSync(join(import.meta.dirname, '..', '..', 'models', 'iriscode.onnx')), calibration: [irisStrip({ seed: 'uniqueness' })] })
    const { r1cs } = buildIdentityCircuit({ model, threshold: IRIS_THRESHOLD, mode: { constraints: true, witness: false } })
    // Free: the prover's field inputs (the scope and message are public, the rest private) and, through
    // `booleans`, every boolean wire (pixels, template, code and decomposition bits, path bits).
    // The pixels are free field inputs too (no range check, see statement.ts).
    const secrets = /^(scope|message|salt|secret|merkle\.sibling\[\d+\]|pixel\[\d+\])$/
    let matched = 0
    const report = checkR1csDetermined({ r1cs, free: (_, label) => secrets.test(label) && ++matched > 0 })
    expect(matched).toBe(4 + MERKLE_DEPTH + 1024)
    expect(report.unresolved).toEqual([])
    expect(report.determined).toBeGreaterThan(0)
  })
})
