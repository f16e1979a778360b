/**
 * Uniqueness of the hashing gadgets (see test/helpers/uniqueness.ts).
 *
 * Poseidon's inputs are field elements, so they cannot be enumerated. The argument instead is
 * structural: every S-box is `x·x = x2, x2·x2 = x4, x4·x = y`, each constraint has its new wire alone
 * in C and its A, B already determined, and round constants and MDS mixing are linear (no wires).
 * So each wire is a fixed polynomial of the inputs, for every input value in the field: at most one
 * satisfying assignment. And since every constraint defines a wire (none is a pure check), every input
 * has exactly one. `expectStraightLine` verifies exactly this on the recorded constraints; a numeric
 * run on sample inputs then checks the determined output is the native hash.
 *
 * Packing is linear, so its soundness rests on the caller's range checks: with each value decomposed
 * into `bits` booleans, a packed element opens to exactly one tuple (and to none if it is too large).
 */
import { describe, expect, it } from 'vitest'
import { expectStraightLine, expectUnique, fieldValues } from '../../../test/helpers/uniqueness.js'
import { FIELD_PRIME } from '../field.js'
import { lcConst } from '../lc.js'
import { allocBitsInput } from '../gadgets/bits.js'
import { poseidonGadget } from './gadget.js'
import { poseidonManyGadget, packGadget } from './manyGadget.js'
import { poseidon } from './hash.js'
import { packValues, poseidonMany } from './many.js'

const samples = [0n, 1n, FIELD_PRIME - 1n, 0x2b6f3d1c9e8a4f7b5d3c1a9e7f5b3d1c9e8a4f7b5d3c1a9e7f5b3d1c9e8a4fn]

describe('poseidonGadget', () => {
  for (const n of [1, 2, 3, 5, 16])
    it(`Poseidon(${n}): every wire is determined by the inputs and every constraint defines one`, () => {
      const report = expectStraightLine({ inputs: n, build: (b, xs) => poseidonGadget(b, xs, 'h') })
      expect(report.checks).toBe(0)
      expect(report.determined).toBeGreaterThan(0)
    })

  it('with some constant inputs (their S-boxes are folded at compile time)', () => {
    const report = expectStraightLine({ inputs: 2, build: (b, [x, y]) => poseidonGadget(b, [x!, lcConst(7n), y!], 'h') })
    expect(report.checks).toBe(0)
  })

  it('numerically: the one satisfying assignment outputs the native hash', () => {
    expectUnique({ inputs: [fieldValues(samples), fieldValues(samples.slice(0, 2))], build: (b, xs) => poseidonGadget(b, xs, 'h'), reference: (xs) => poseidon(xs) })
  })
})

describe('poseidonManyGadget', () => {
  it('20 values (two blocks): determined by the inputs, no check constraint', () => {
    const report = expectStraightLine({ inputs: 20, build: (b, xs) => poseidonManyGadget(b, xs, 'm') })
    expect(report.checks).toBe(0)
  })
  it('numerically equal to poseidonMany', () => {
    expectUnique({ inputs: [fieldValues(samples), fieldValues([5n])], build: (b, xs) => poseidonManyGadget(b, xs, 'm'), reference: (xs) => poseidonMany(xs) })
  })
})

describe('packGadget with range-checked values: a packed element opens to exactly one tuple', () => {
  for (const [bits, count] of [[2, 3], [1, 5], [3, 2]] as const)
    it(`${count} values of ${bits} bits`, () => {
      const size = 1n << BigInt(bits * count)
      const mask = (1n << BigInt(bits)) - 1n
      expectUnique({
        // The packed element is the input (as a verifier would see a commitment's preimage element);
        // the values are the prover's, decomposed into bits. Elements ≥ 2^(bits·count) open to nothing.
        inputs: [{ lo: 0n, hi: FIELD_PRIME - 1n, values: [...Array.from({ length: Number(size) + 3 }, (_, i) => BigInt(i)), FIELD_PRIME - 1n, 1n << 200n] }],
        build: (b, [packed]) => {
          const vs = Array.from({ length: count }, (_, i) => allocBitsInput(b, () => (b.value(packed!) >> BigInt(i * bits)) & mask, bits, 0n, `v${i}`))
          const [element] = packGadget(b, { values: vs, bits, label: 'pack' })
          b.enforce(element!, lcConst(1n), packed!)
          return vs
        },
        reference: ([p]) => {
          if (p! >= size) return undefined
          const vs = Array.from({ length: count }, (_, i) => (p! >> BigInt(i * bits)) & mask)
          expect(packValues({ values: vs, bits })).toEqual([p])
          return vs
        },
      })
    })
})
