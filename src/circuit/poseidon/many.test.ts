import { describe, expect, it } from 'vitest'
import { build, expectSatisfied, input } from '../../../test/helpers/mutation.js'
import { toBits, bitsToLc } from '../gadgets/bits.js'
import { FIELD_PRIME, toField } from '../field.js'
import { lcConst, lcWire } from '../lc.js'
import { PoseidonInputError } from '../../errors/poseidon.js'
import { poseidon } from './hash.js'
import { packValues, poseidonMany, unpackValues, valuesPerElement } from './many.js'
import { packGadget, poseidonManyGadget } from './manyGadget.js'

const seq = (n: number, f: (i: number) => bigint = (i) => BigInt(i * 7 + 1)) => Array.from({ length: n }, (_, i) => f(i))

describe('poseidonMany', () => {
  it('follows the documented chain: h = L, then h = Poseidon([h, ...block of ≤ 15])', () => {
    expect(poseidonMany([])).toBe(poseidon([0n]))
    expect(poseidonMany([5n])).toBe(poseidon([1n, 5n]))
    const v15 = seq(15)
    expect(poseidonMany(v15)).toBe(poseidon([15n, ...v15]))
    const v16 = seq(16)
    expect(poseidonMany(v16)).toBe(poseidon([poseidon([16n, ...v16.slice(0, 15)]), v16[15]!]))
    const v31 = seq(31)
    const h1 = poseidon([31n, ...v31.slice(0, 15)])
    const h2 = poseidon([h1, ...v31.slice(15, 30)])
    expect(poseidonMany(v31)).toBe(poseidon([h2, v31[30]!]))
  })

  it('separates lengths and trailing zeros', () => {
    const seen = new Set([poseidonMany([]), poseidonMany([0n]), poseidonMany([0n, 0n]), poseidonMany(seq(15, () => 0n)), poseidonMany(seq(16, () => 0n))])
    expect(seen.size).toBe(5)
  })

  it('reduces values mod p and refuses non-bigints', () => {
    expect(poseidonMany([-1n])).toBe(poseidonMany([FIELD_PRIME - 1n]))
    expect(() => poseidonMany([1n, 2 as unknown as bigint])).toThrow(PoseidonInputError)
  })
})

describe('packValues / unpackValues', () => {
  it('packs floor(253 / bits) values per element, little-endian', () => {
    expect(valuesPerElement(8)).toBe(31)
    expect(valuesPerElement(1)).toBe(253)
    expect(valuesPerElement(253)).toBe(1)
    expect(packValues({ values: [1n, 2n], bits: 8 })).toEqual([0x0201n])
    expect(packValues({ values: [], bits: 8 })).toEqual([])
    expect(packValues({ values: seq(32, () => 255n), bits: 8 })).toEqual([(1n << 248n) - 1n, 255n])
  })

  it('round-trips random values for several widths, and every element is < 2^253 < p', () => {
    let s = 12345
    const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31)
    for (const bits of [1, 3, 8, 16, 30, 64, 126, 127, 253]) {
      for (const length of [0, 1, valuesPerElement(bits), valuesPerElement(bits) + 1, 100]) {
        const values = seq(length, () => {
          let v = 0n
          for (let k = 0; k < bits; k += 16) v = (v << 16n) | BigInt(rnd() & 0xffff)
          return v & ((1n << BigInt(bits)) - 1n)
        })
        const packed = packValues({ values, bits })
        expect(packed).toHaveLength(Math.ceil(length / valuesPerElement(bits)))
        for (const e of packed) expect(e < 1n << 253n && e < FIELD_PRIME).toBe(true)
        expect(unpackValues({ packed, bits, length })).toEqual(values)
      }
    }
  })

  it('refuses bad widths, out-of-range values and a wrong packed length', () => {
    expect(() => packValues({ values: [256n], bits: 8 })).toThrow(PoseidonInputError)
    expect(() => packValues({ values: [-1n], bits: 8 })).toThrow(/not an integer in \[0, 2\^8\)/)
    expect(() => packValues({ values: [1n], bits: 0 })).toThrow(PoseidonInputError)
    expect(() => packValues({ values: [1n], bits: 254 })).toThrow(PoseidonInputError)
    expect(() => packValues({ values: [1n], bits: 2.5 })).toThrow(PoseidonInputError)
    expect(() => unpackValues({ packed: [1n, 2n], bits: 8, length: 3 })).toThrow(PoseidonInputError)
  })
})

describe('poseidonManyGadget / packGadget', () => {
  for (const length of [0, 1, 15, 16, 31]) {
    it(`poseidonManyGadget equals poseidonMany for ${length} values`, () => {
      const values = seq(length, (i) => FIELD_PRIME - BigInt(i + 1))
      const { r1cs, witness, out, b } = build((b) => poseidonManyGadget(b, values.map((v) => lcWire(input(b, v, 0n, FIELD_PRIME - 1n))), 'm'))
      expect(toField(b.value(out))).toBe(poseidonMany(values))
      expectSatisfied(r1cs, witness)
    })
  }

  it('poseidonManyGadget of constants is a constant (no constraints)', () => {
    const { out, b } = build((b) => poseidonManyGadget(b, [lcConst(3n), lcConst(4n)], 'm'))
    expect(b.nConstraints).toBe(0)
    expect(out).toEqual(lcConst(poseidonMany([3n, 4n])))
  })

  it('packGadget is linear (free) and equals packValues', () => {
    const values = seq(40, (i) => BigInt((i * 37) % 256))
    const { out, b } = build((b) => packGadget(b, { values: values.map((v) => lcWire(input(b, v, 0n, 255n))), bits: 8, label: 'px' }))
    expect(b.nConstraints).toBe(0)
    expect(out.map((lc) => b.value(lc))).toEqual(packValues({ values, bits: 8 }))
  })

  it('packGadget refuses values whose interval exceeds the width (the caller forgot the range check)', () => {
    expect(() => build((b) => packGadget(b, { values: [lcWire(input(b, 3n, 0n, 256n))], bits: 8, label: 'px' }))).toThrow(PoseidonInputError)
    expect(() => build((b) => packGadget(b, { values: [lcWire(input(b, 3n, -1n, 255n))], bits: 8, label: 'px' }))).toThrow(/px/)
    expect(() => build((b) => packGadget(b, { values: [], bits: 0, label: 'px' }))).toThrow(PoseidonInputError)
  })

  it('range-checked pixels → pack → hash: matches native (binding: see uniqueness.test.ts)', () => {
    const pixels = [0n, 255n, 17n, 200n]
    const { r1cs, witness, out, b } = build((b) => {
      const px = pixels.map((v, i) => bitsToLc(toBits(b, lcWire(input(b, v, 0n, 255n, `px${i}`)), 8, `px${i}`)))
      return poseidonManyGadget(b, packGadget(b, { values: px, bits: 8, label: 'px' }), 'commit')
    })
    expect(toField(b.value(out))).toBe(poseidonMany(packValues({ values: pixels, bits: 8 })))
    expectSatisfied(r1cs, witness)
  })
})
