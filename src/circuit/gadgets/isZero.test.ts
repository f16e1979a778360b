import { describe, expect, it } from 'vitest'
import { build, expectEveryMutationFails, expectSatisfied, input } from '../../../test/helpers/mutation.js'
import { failingConstraints } from '../check.js'
import { FIELD_PRIME } from '../field.js'
import { lcDot, lcWire } from '../lc.js'
import { isZero } from './isZero.js'

describe('isZero', () => {
  for (const v of [-5n, -1n, 0n, 1n, 7n]) {
    it(`x = ${v}: [x = 0], 3 constraints, every tampered wire breaks one`, () => {
      const { r1cs, witness, out, b } = build((b) => isZero(b, lcWire(input(b, v, -8n, 8n)), 'z'))
      expect(b.value(out)).toBe(v === 0n ? 1n : 0n)
      expect(b.nConstraints).toBe(3)
      expectSatisfied(r1cs, witness)
      expectEveryMutationFails(r1cs, witness)
    })
  }

  it('the output cannot be flipped, with any inverse wire', () => {
    for (const v of [0n, 3n]) {
      const { r1cs, witness } = build((b) => isZero(b, lcWire(input(b, v, -8n, 8n)), 'z'))
      const wire = (l: string) => [...r1cs.labels!].find(([, x]) => x === l)![0]
      for (const inv of [0n, 1n, 5n, FIELD_PRIME - 1n, 7295861261811758611n]) {
        const forged = [...witness]
        forged[wire('z.isZero')] = 1n - forged[wire('z.isZero')]!
        forged[wire('z.inv')] = inv
        expect(failingConstraints(r1cs, forged).length).toBeGreaterThan(0)
      }
    }
  })

  it('free for constants and for intervals without 0', () => {
    const c = build((b) => isZero(b, lcDot([], [], 0n), 'c'))
    expect([c.b.nConstraints, c.b.value(c.out)]).toEqual([0, 1n])
    const pos = build((b) => isZero(b, lcWire(input(b, 3n, 1n, 9n)), 'p'))
    expect([pos.b.nConstraints, pos.b.value(pos.out)]).toEqual([0, 0n])
  })
})
