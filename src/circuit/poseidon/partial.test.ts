import { describe, expect, it } from 'vitest'
import { FIELD_PRIME } from '../field.js'
import { poseidonParams } from './params.js'
import { sparsePartialRounds } from './partial.js'

const P = FIELD_PRIME
const sbox = (x: bigint) => (((((x * x) % P) * ((x * x) % P)) % P) * x) % P
const mix = (M: readonly (readonly bigint[])[], s: readonly bigint[]) => M.map((r) => r.reduce((a, m, j) => a + m * s[j]!, 0n) % P)

/** Deterministic field elements. */
const sample = (t: number, seed: bigint) => Array.from({ length: t }, (_, i) => (seed * 0x9e3779b97f4a7c15n * BigInt(i + 3) ** 9n) % P)

describe('sparsePartialRounds', () => {
  for (const t of [2, 3, 6, 17])
    it(`t = ${t}: the sparse partial rounds see the plain S-box inputs and leave the plain state`, () => {
      const { roundsFull, roundsPartial, roundConstants: C, mds } = poseidonParams(t)
      const sp = sparsePartialRounds(t)
      const half = roundsFull / 2
      // The S-box outputs of the first half's last full round, arbitrary here.
      const y = sample(t, BigInt(t))
      let plain = mix(mds, y)
      let sparse = mix(sp.first, y)
      for (let i = 0; i < roundsPartial; i++) {
        plain = plain.map((v, j) => (v + C[(half + i) * t + j]!) % P)
        sparse = sparse.map((v, j) => (v + sp.constants[i]![j]!) % P)
        expect(sparse[0], `round ${i}: S-box input`).toBe(plain[0])
        plain[0] = sbox(plain[0]!)
        plain = mix(mds, plain)
        const y0 = sbox(sparse[0]!)
        const next = [(sp.corner[i]! * y0 + sp.row[i]!.reduce((a, v, j) => a + v * sparse[j + 1]!, 0n)) % P]
        for (let j = 1; j < t; j++) next.push((sp.column[i]![j - 1]! * y0 + sparse[j]!) % P)
        sparse = next
      }
      expect(sparse).toEqual(plain)
    })

  it('caches per width', () => {
    expect(sparsePartialRounds(3)).toBe(sparsePartialRounds(3))
  })
})
