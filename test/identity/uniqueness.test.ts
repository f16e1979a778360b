/**
 * Exhaustive small-domain uniqueness of the identity circuit's gadgets (see test/helpers/uniqueness.ts).
 * Both let the prover choose part of the witness (the rotation; the path length and direction), so the
 * tests state the exact set of outputs that must be provable, and check that nothing else is.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkR1csDetermined, checkUniqueness, expectUnique, fieldValues, interval } from '../helpers/uniqueness.js'
import { poseidon } from '../../src/circuit/poseidon/index.js'
import { hammingMatch } from '../../src/identity/gadgets/hammingMatch.js'
import { leanImtMembership } from '../../src/identity/gadgets/leanImtMembership.js'
import { merkleProof, merkleRoot } from '../../src/identity/merkle.js'
import { IRIS_THRESHOLD, MERKLE_DEPTH } from '../../src/identity/config.js'
import { irisStrip } from '../../src/identity/iris.js'
import { quantizeIrisModel } from '../../src/identity/model.js'
import { buildIdentityCircuit } from '../../src/identity/statement.js'

const SHIFTS = [-1, 0, 1]

describe('hammingMatch: the provable distances are exactly those ≤ τ over the allowed rotations', () => {
  /** Hamming(rotate(code, k), template) for rows of `columns` bits. */
  const distance = (code: readonly bigint[], template: readonly bigint[], columns: number, k: number) =>
    template.reduce((d, t, i) => {
      const row = i - (i % columns)
      const c = code[row + ((((i % columns) - k) % columns) + columns) % columns]!
      return d + (c === t ? 0n : 1n)
    }, 0n)
  for (const [columns, rows, threshold] of [[4, 1, 1], [4, 1, 2], [2, 2, 1], [3, 1, 3]] as const)
    it(`${rows} row(s) of ${columns} bits, τ = ${threshold}, every code and template`, () => {
      const n = columns * rows
      const split = <T,>(xs: readonly T[]) => [xs.slice(0, n), xs.slice(n)] as const
      const report = expectUnique({
        inputs: Array.from({ length: 2 * n }, () => interval(0n, 1n)),
        build: (b, xs) => {
          const [code, template] = split(xs)
          // Witness mode: the honest prover takes the rotation with the smallest distance.
          const best = () => {
            const ds = SHIFTS.map((k) => distance(code.map((c) => b.value(c)), template.map((t) => b.value(t)), columns, k))
            return SHIFTS[ds.indexOf(ds.reduce((a, d) => (d < a ? d : a)))]!
          }
          return hammingMatch(b, { code, template, columns, shifts: SHIFTS, threshold, shift: best, label: 'match' })
        },
        provable: (xs) => {
          const [code, template] = split(xs)
          return SHIFTS.map((k) => distance(code, template, columns, k)).filter((d) => d <= BigInt(threshold))
        },
      })
      expect(report.cases).toBe(2 ** (2 * n))
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
    const secrets = /^(scope|message|salt|secret|merkle\.sibling\[\d+\])$/
    let matched = 0
    const report = checkR1csDetermined({ r1cs, free: (_, label) => secrets.test(label) && ++matched > 0 })
    expect(matched).toBe(4 + MERKLE_DEPTH)
    expect(report.unresolved).toEqual([])
    expect(report.determined).toBeGreaterThan(0)
  })
})
