import { describe, expect, it } from 'vitest'
import { build, expectEveryMutationFails, expectSatisfied, input } from '../../../test/helpers/mutation.js'
import { failingConstraints } from '../check.js'
import { lcWire } from '../lc.js'
import { topK } from './topK.js'

/** The reference: indices sorted by (value desc, index asc). */
const reference = (vals: bigint[], k: number) =>
  vals
    .map((_, i) => i)
    .sort((p, q) => (vals[p]! > vals[q]! ? -1 : vals[p]! < vals[q]! ? 1 : p - q))
    .slice(0, k)

describe('topK', () => {
  const cases: [bigint[], number][] = [
    [[1n, 5n, 3n], 2],
    [[5n, 5n, 2n, 5n], 2],
    [[-3n, -1n, -1n, -9n], 3],
    [[0n, 0n, 0n], 3],
    [[4n, -2n, 7n, 7n, 1n], 1],
    [[2n, 9n], 2],
  ]
  for (const [vals, k] of cases) {
    it(`top ${k} of [${vals}]: values, one-hot rows, lower index first on ties; mutations break it`, () => {
      const { r1cs, witness, out, b } = build((b) => topK(b, vals.map((v, i) => lcWire(input(b, v, -10n, 10n, `x${i}`))), k, 'tk'))
      const idx = reference(vals, k)
      expect(out.values.map((v) => b.value(v))).toEqual(idx.map((i) => vals[i]!))
      expect(out.selectors.map((row) => row.map((s) => b.value(s)).indexOf(1n))).toEqual(idx)
      expectSatisfied(r1cs, witness)
      expectEveryMutationFails(r1cs, witness)
    })
  }

  it('a swapped or shifted selection cannot be proven', () => {
    // [5, 5, 2]: honest top-2 picks indices 0 then 1. Forge 1 then 0 (tie order), and 0 then 2 (skipping 1).
    const { r1cs, witness } = build((b) => topK(b, [5n, 5n, 2n].map((v, i) => lcWire(input(b, v, -10n, 10n, `x${i}`))), 2, 'tk'))
    const wire = (l: string) => [...r1cs.labels!].find(([, x]) => x === l)![0]
    const forge = (rows: number[][]) => {
      const w = [...witness]
      rows.forEach((row, j) => row.forEach((s, i) => (w[wire(`tk.sel${j}_${i}`)] = BigInt(s))))
      return w
    }
    expect(failingConstraints(r1cs, forge([[0, 1, 0], [1, 0, 0]])).length).toBeGreaterThan(0)
    expect(failingConstraints(r1cs, forge([[1, 0, 0], [0, 0, 1]])).length).toBeGreaterThan(0)
  })

  it('costs 2kn + k + (k − 1)(B_K + 1) + n(B_g + 1), without the exclusion checks when k = n', () => {
    const run = (k: number) => build((b) => topK(b, [1n, 2n, 3n, 4n].map((v, i) => lcWire(input(b, v, -8n, 7n, `x${i}`))), k, 'tk')).b.nConstraints
    // [lo, hi] = [−8, 7]: B_K = bits(4·15 + 2) = 6, B_g = bits(15 + 16) = 5.
    expect(run(1)).toBe(2 * 4 + 1 + 4 * 6)
    expect(run(2)).toBe(2 * 2 * 4 + 2 + 7 + 4 * 6)
    expect(run(4)).toBe(2 * 4 * 4 + 4 + 3 * 7)
  })
})
