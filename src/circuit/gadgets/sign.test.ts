import { describe, expect, it } from 'vitest'
import { build, expectSatisfied, input } from '../../../test/helpers/mutation.js'
import { FIELD_PRIME } from '../field.js'
import { failingConstraints } from '../check.js'
import { lcDot, lcWire } from '../lc.js'
import { signBit } from './sign.js'
import { WitnessGenerationError } from '../../errors/prove.js'

describe('signBit', () => {
  const cases: [bigint, bigint, bigint][] = [
    [0n, -100n, 100n], [-1n, -100n, 100n], [1n, -100n, 100n], [100n, -100n, 100n], [-100n, -100n, 100n],
    [-128n, -128n, 127n], [127n, -128n, 127n], [5n, -1n, 1_000_000n], [-3n, -3n, 0n], [0n, -3n, 0n],
  ]
  for (const [v, lo, hi] of cases) {
    it(`x=${v} in [${lo}, ${hi}]`, () => {
      const { r1cs, witness, out, b } = build((b) => signBit(b, lcWire(input(b, v, lo, hi)), 's'))
      expect(b.value(out)).toBe(v >= 0n ? 1n : 0n)
      expectSatisfied(r1cs, witness)
    })
  }

  it('costs B + 1 constraints, B the least with 2^(B−1) ≥ −lo and 2^(B−1) > hi', () => {
    const { b } = build((b) => signBit(b, lcWire(input(b, 3n, -128n, 127n)), 's'))
    expect(b.nConstraints).toBe(9) // 2^7 ≥ 128 and 2^7 > 127: B = 8
    const { b: b2 } = build((b) => signBit(b, lcWire(input(b, 3n, -129n, 127n)), 's'))
    expect(b2.nConstraints).toBe(10)
  })

  it('works on a linear combination (a filter response) and is free for constant-sign intervals', () => {
    const { r1cs, witness, out, b } = build((b) => {
      const xs = [10n, 200n, 37n].map((v) => lcWire(input(b, v, 0n, 255n)))
      return signBit(b, lcDot([3n, -1n, 2n], xs), 'resp')
    })
    expect(b.value(out)).toBe(3n * 10n - 200n + 74n >= 0n ? 1n : 0n)
    expectSatisfied(r1cs, witness)
    const pos = build((b) => signBit(b, lcWire(input(b, 4n, 0n, 9n)), 'p'))
    expect(pos.b.nConstraints).toBe(0)
    expect(pos.b.value(pos.out)).toBe(1n)
    const neg = build((b) => signBit(b, lcWire(input(b, -4n, -9n, -1n)), 'n'))
    expect(neg.b.nConstraints).toBe(0)
    expect(neg.b.value(neg.out)).toBe(0n)
  })

  it('a prover cannot flip the sign bit', () => {
    for (const v of [-5n, 0n, 5n]) {
      const { r1cs, witness, b } = build((b) => signBit(b, lcWire(input(b, v, -64n, 63n)), 's'))
      const top = [...r1cs.labels!].find(([, l]) => l === 's.bit6')![0]
      const forged = [...witness]
      forged[top] = 1n - forged[top]!
      expect(failingConstraints(r1cs, forged).length).toBeGreaterThan(0)
      // Also flip it together with compensating low bits: the recomposition still fails (u would leave [0, 2^B)).
      const forged2 = forged.map((w, i) => (i > top - 7 && i < top ? (w + FIELD_PRIME - 1n) % FIELD_PRIME : w))
      expect(failingConstraints(r1cs, forged2).length).toBeGreaterThan(0)
      expect(b.nConstraints).toBe(8)
    }
  })

  it('refuses a value outside its interval at witness time', () => {
    // A caller that broke its interval promise (the value is overwritten after allocation).
    for (const v of [64n, -65n]) {
      expect(() =>
        build((b) => {
          const w = input(b, 0n, -64n, 63n)
          b.values[w] = v
          return signBit(b, lcWire(w), 'resp')
        }),
      ).toThrow(WitnessGenerationError)
    }
  })
})
