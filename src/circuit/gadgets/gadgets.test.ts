import { describe, expect, it } from 'vitest'
import { build, expectSatisfied, input } from '../../../test/helpers/mutation.js'
import { lcWire } from '../lc.js'
import { bitLength, toBits } from './bits.js'
import { requantize } from './requantize.js'
import * as compose from '../../ir/lower/compose.js'
import type { CircuitBuilder } from '../builder.js'
import { circuitDomain } from '../circuitDomain.js'
import type { Lc } from '../lc.js'
import { argmax } from './argmax.js'
import { mul } from './mul.js'
import { div } from './div.js'
import { WitnessGenerationError } from '../../errors/prove.js'

// max / min are composed from requantize on the circuit domain (src/ir/lower/compose.ts): the production path.
const min2 = (b: CircuitBuilder, x: Lc, y: Lc, label: string) => compose.min2(circuitDomain(b), x, y, label)
const maxOf = (b: CircuitBuilder, xs: readonly Lc[], label: string) => compose.maxOf(circuitDomain(b), xs, label)

const floorDiv = (a: bigint, d: bigint) => (a >= 0n ? a / d : -((-a + d - 1n) / d))
const roundShift = (x: bigint, k: number) => (k === 0 ? x : floorDiv(x + (1n << BigInt(k - 1)), 1n << BigInt(k)))

describe('toBits', () => {
  it('decomposes', () => {
    const { r1cs, witness, b } = build((b) => toBits(b, lcWire(input(b, 200n, 0n, 255n)), 8, 'x'))
    expect(b.nConstraints).toBe(9)
    expectSatisfied(r1cs, witness)
  })
  it('refuses a value out of range at witness time', () => {
    expect(() => build((b) => toBits(b, lcWire(input(b, 256n, 0n, 255n)), 8, 'pixel'))).toThrow(WitnessGenerationError)
    expect(() => build((b) => toBits(b, lcWire(input(b, -1n, -1n, 255n)), 8, 'pixel'))).toThrow(/pixel/)
  })
})

describe('requantize', () => {
  const cases: [bigint, number, boolean][] = [
    [1000n, 4, false], [-1000n, 4, false], [1000n, 4, true], [-1000n, 4, true], [-8n, 4, true],
    [-9n, 4, true], [7n, 4, true], [8n, 4, false], [-8n, 4, false], [0n, 0, true], [-5n, 0, true], [5n, 0, true],
    [12345n, 7, true], [-1n, 1, false],
  ]
  for (const [v, k, relu] of cases) {
    it(`x=${v} k=${k} relu=${relu}`, () => {
      const { r1cs, witness, out, b } = build((b) => requantize(b, lcWire(input(b, v, -20000n, 20000n)), { shift: k, relu, label: 'rq' }))
      const q = roundShift(v, k)
      expect(b.value(out)).toBe(relu && q < 0n ? 0n : q)
      expectSatisfied(r1cs, witness)
    })
  }
  it('unsigned inputs skip the sign bit and relu is free', () => {
    const { r1cs, witness, out, b } = build((b) => requantize(b, lcWire(input(b, 77n, 0n, 255n)), { shift: 3, relu: true, label: 'u' }))
    expect(b.value(out)).toBe(10n)
    expect(b.nConstraints).toBe(10) // t = x + 4 ∈ [4, 259]: 9 bits + recomposition
    expectSatisfied(r1cs, witness)
  })
  it('an always-negative relu is the constant 0', () => {
    const { out, b } = build((b) => requantize(b, lcWire(input(b, -7n, -10n, -2n)), { shift: 0, relu: true, label: 'n' }))
    expect(b.nConstraints).toBe(0)
    expect(out.size).toBe(0)
  })
  it('a cheating prover cannot claim a different quotient', () => {
    // Build honestly for x = 100, then overwrite the relu output with 7 (true: 6): must fail.
    const { r1cs, witness } = build((b) => requantize(b, lcWire(input(b, 100n, -200n, 200n)), { shift: 4, relu: true, label: 'rq' }))
    const y = [...r1cs.labels!].find(([, l]) => l === 'rq.relu')![0]
    expect(witness[y]).toBe(6n)
    const forged = [...witness]
    forged[y] = 7n
    expect(() => expectSatisfied(r1cs, forged)).toThrow()
  })
})

describe('max / min', () => {
  it('maxOf over a window, ties and negatives', () => {
    for (const vals of [[3n, -2n, 9n, 9n], [-5n, -7n], [4n], [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n]]) {
      const { r1cs, witness, out, b } = build((b) => maxOf(b, vals.map((v, i) => lcWire(input(b, v, -10n, 10n, `x${i}`))), 'mp'))
      expect(b.value(out)).toBe(vals.reduce((a, c) => (c > a ? c : a)))
      expectSatisfied(r1cs, witness)
    }
  })
  it('min2', () => {
    const { r1cs, witness, out, b } = build((b) => min2(b, lcWire(input(b, 3n, -10n, 10n)), lcWire(input(b, -4n, -10n, 10n)), 'mn'))
    expect(b.value(out)).toBe(-4n)
    expectSatisfied(r1cs, witness)
  })
})

describe('argmax', () => {
  for (const vals of [[1n, 5n, 3n], [5n, 5n, 2n], [-3n, -1n, -1n, -9n], [0n, 0n, 0n, 0n]]) {
    it(`argmax ${vals}`, () => {
      const { r1cs, witness, out, b } = build((b) => argmax(b, vals.map((v, i) => lcWire(input(b, v, -10n, 10n, `x${i}`))), 'am'))
      const max = vals.reduce((a, c) => (c > a ? c : a))
      expect(b.value(out)).toBe(BigInt(vals.indexOf(max)))
      expectSatisfied(r1cs, witness)
    })
  }
  it('a later index of a tie cannot be proven', () => {
    // Honest witness for [5, 5]: index 0. Forge index 1 by swapping selectors.
    const { r1cs, witness } = build((b) => argmax(b, [5n, 5n].map((v, i) => lcWire(input(b, v, -10n, 10n, `x${i}`))), 'am'))
    const idx = (l: string) => [...r1cs.labels!].find(([, x]) => x === l)![0]
    const forged = [...witness]
    forged[idx('am.sel0')] = 0n
    forged[idx('am.sel1')] = 1n
    expect(() => expectSatisfied(r1cs, forged)).toThrow()
  })
})

describe('mul and div', () => {
  it('mul', () => {
    const { r1cs, witness, out, b } = build((b) => mul(b, lcWire(input(b, -7n, -10n, 10n)), lcWire(input(b, 6n, 0n, 10n)), 'm'))
    expect(b.value(out)).toBe(-42n)
    expectSatisfied(r1cs, witness)
  })
  for (const [n, d] of [[7n, 2n], [-7n, 2n], [100n, 7n], [-100n, 7n], [0n, 3n], [5n, 10n]] as const) {
    it(`div ${n}/${d}`, () => {
      const { r1cs, witness, out, b } = build((b) => div(b, lcWire(input(b, n, -100n, 100n)), lcWire(input(b, d, -10n, 10n)), 'dv'))
      expect(b.value(out)).toBe(floorDiv(2n * n + d, 2n * d))
      expectSatisfied(r1cs, witness)
    })
  }
  it('div by zero is not provable', () => {
    expect(() => build((b) => div(b, lcWire(input(b, 3n, -10n, 10n)), lcWire(input(b, 0n, -10n, 10n)), 'dv'))).toThrow(/divisor 0/)
  })
})

describe('bitLength', () => {
  it('is the number of binary digits on both sides of 2^32 (0 for x ≤ 0)', () => {
    const digits = (x: bigint) => (x <= 0n ? 0 : x.toString(2).length)
    for (let k = 0; k < 80; k++) for (const d of [-1n, 0n, 1n]) expect(bitLength((1n << BigInt(k)) + d)).toBe(digits((1n << BigInt(k)) + d))
    expect(bitLength(-7n)).toBe(0)
    expect(bitLength(0xffffffffn)).toBe(32)
    expect(bitLength(0x100000000n)).toBe(33)
  })
})
