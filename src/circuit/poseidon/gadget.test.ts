import { describe, expect, it } from 'vitest'
import { build, expectSatisfied, input } from '../../../test/helpers/mutation.js'
import { CircuitBuilder } from '../builder.js'
import { FIELD_PRIME, toField } from '../field.js'
import { type Lc, lcConst, lcDot, lcWire } from '../lc.js'
import { PoseidonInputError } from '../../errors/poseidon.js'
import { poseidonGadget } from './gadget.js'
import { poseidon } from './hash.js'
import { POSEIDON_PARTIAL_ROUNDS } from './params.js'

/** circom's non-linear constraint count for circomlib Poseidon(n): 3 per S-box, minus the constant one. */
const circomCount = (n: number) => 3 * (8 * (n + 1) + POSEIDON_PARTIAL_ROUNDS[n - 1]!) - 3
const EXPECTED = [213, 240, 261, 297, 321, 354, 381, 402, 417, 459, 465, 504, 543, 537, 573, 609]

/** Pseudo-random field elements from a linear congruential walk (deterministic). */
const sample = (n: number, seed: bigint) =>
  Array.from({ length: n }, (_, i) => (seed * 0x9e3779b97f4a7c15n * BigInt(i + 1) ** 7n + BigInt(i)) % FIELD_PRIME)

function hashCircuit(values: bigint[]) {
  return build((b) => {
    const ins = values.map((v, i) => lcWire(input(b, v, 0n, FIELD_PRIME - 1n, `in${i}`)))
    return poseidonGadget(b, ins, 'h')
  })
}

describe('poseidonGadget', () => {
  it('the count table is 3·(8t + R_P) − 3 (Poseidon(2) = 240, as circom reports)', () => {
    expect(EXPECTED.map((_, i) => circomCount(i + 1))).toEqual(EXPECTED)
    expect(EXPECTED[1]).toBe(240)
  })

  for (let n = 1; n <= 16; n++) {
    it(`n = ${n}: output equals the native hash, constraints hold, ${EXPECTED[n - 1]} constraints`, () => {
      const values = sample(n, BigInt(n))
      const { r1cs, witness, out, b } = hashCircuit(values)
      expect(toField(b.value(out))).toBe(poseidon(values))
      expect(b.nConstraints).toBe(EXPECTED[n - 1])
      expect(r1cs.nWires).toBe(1 + n + EXPECTED[n - 1]!) // inputs + 3 wires per constraint-bearing S-box
      expectSatisfied(r1cs, witness)
    })
  }

  // Every wire is determined by the inputs for every input value: see uniqueness.test.ts.

  it('a forged output is caught: the hash LC of the last S-boxes equals the honest hash only', () => {
    // Bind the output to a wire with one extra constraint, then claim a different hash.
    const { r1cs, witness, out } = build((b) => {
      const ins = [lcWire(input(b, 5n, 0n, 10n)), lcWire(input(b, 6n, 0n, 10n))]
      const h = poseidonGadget(b, ins, 'h')
      const o = b.alloc(0n, FIELD_PRIME - 1n, () => toField(b.value(h)), 'out')
      b.enforce(h, lcConst(1n), lcWire(o))
      return o
    })
    expect(witness[out]).toBe(poseidon([5n, 6n]))
    expectSatisfied(r1cs, witness)
    const forged = [...witness]
    forged[out] = poseidon([5n, 7n])
    expect(() => expectSatisfied(r1cs, forged)).toThrow()
  })

  it('accepts signed values and general linear combinations (taken mod p)', () => {
    const { r1cs, witness, out, b } = build((b) => {
      const x = input(b, -7n, -100n, 100n)
      const y = input(b, 30n, 0n, 100n)
      return poseidonGadget(b, [lcDot([3n, -1n], [lcWire(x), lcWire(y)], 4n), lcWire(x)], 'h')
    })
    expect(toField(b.value(out))).toBe(poseidon([3n * -7n - 30n + 4n, -7n]))
    expectSatisfied(r1cs, witness)
  })

  it('constant inputs fold at compile time: fewer constraints, same hash', () => {
    const { r1cs, witness, out, b } = build((b) => poseidonGadget(b, [lcConst(1n), lcWire(input(b, 2n, 0n, 9n))], 'h'))
    expect(toField(b.value(out))).toBe(poseidon([1n, 2n]))
    expect(b.nConstraints).toBe(240 - 3)
    expectSatisfied(r1cs, witness)
    const all = build((b) => poseidonGadget(b, [lcConst(1n), lcConst(2n)], 'h'))
    expect(all.b.nConstraints).toBe(0)
    expect(all.out).toEqual(lcConst(poseidon([1n, 2n])))
  })

  it('witness-only and constraints-only modes allocate the same wires as the combined mode', () => {
    const values = sample(5, 7n)
    const run = (constraints: boolean, witness: boolean) => {
      const b = new CircuitBuilder({ constraints, witness })
      const ins: Lc[] = values.map((v, i) => lcWire(b.alloc(0n, FIELD_PRIME - 1n, () => v, `in${i}`)))
      const out = poseidonGadget(b, [ins[0]!, lcConst(9n), ...ins.slice(1)], 'h')
      return { b, out, built: b.finalize() }
    }
    const both = run(true, true)
    const wit = run(false, true)
    const con = run(true, false)
    expect(wit.b.nWires).toBe(both.b.nWires)
    expect(con.b.nWires).toBe(both.b.nWires)
    expect(wit.b.nConstraints).toBe(both.b.nConstraints)
    expect(con.built.r1cs.constraints).toEqual(both.built.r1cs.constraints)
    expect(wit.built.witness).toEqual(both.built.witness)
    expect(wit.out).toEqual(both.out)
    expect(con.out).toEqual(both.out)
    expectSatisfied(con.built.r1cs, wit.built.witness!)
  })

  it('refuses 0 or 17 inputs with a typed error', () => {
    const b = new CircuitBuilder({ constraints: true, witness: true })
    expect(() => poseidonGadget(b, [], 'h')).toThrow(PoseidonInputError)
    expect(() => poseidonGadget(b, Array(17).fill(lcConst(1n)), 'h')).toThrow(/1\.\.16 inputs, got 17/)
  })
})
