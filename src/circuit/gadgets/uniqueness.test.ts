/**
 * Exhaustive small-domain uniqueness of every arithmetic gadget (see test/helpers/uniqueness.ts): for
 * every input in the domain, exactly one assignment of all wires satisfies the constraints, and its
 * output is the reference value. Values outside a gadget's declared interval must prove the reference
 * or nothing.
 */
import { describe, expect, it } from 'vitest'
import { checkUniqueness, expectStraightLine, expectUnique, interval, type InputDomain } from '../../../test/helpers/uniqueness.js'
import { FIELD_PRIME } from '../field.js'
import { lcConst, lcDot, lcWire } from '../lc.js'
import { allocBitsInput, toBits } from './bits.js'
import { requantize } from './requantize.js'
import * as compose from '../../ir/lower/compose.js'
import type { CircuitBuilder } from '../builder.js'
import { circuitDomain } from '../circuitDomain.js'
import type { Lc } from '../lc.js'
import { argmax } from './argmax.js'
import { div } from './div.js'
import { signBit } from './sign.js'
import { mul } from './mul.js'

// max is the circuit domain's `max` (gadgets/max.ts), min is composed from requantize (src/ir/lower/compose.ts): the production path.
const max2 = (b: CircuitBuilder, x: Lc, y: Lc, label: string) => compose.max2(circuitDomain(b), x, y, label)
const min2 = (b: CircuitBuilder, x: Lc, y: Lc, label: string) => compose.min2(circuitDomain(b), x, y, label)
const maxOf = (b: CircuitBuilder, xs: readonly Lc[], label: string) => compose.maxOf(circuitDomain(b), xs, label)

const floorDiv = (a: bigint, d: bigint) => (a >= 0n ? a / d : -((-a + d - 1n) / d))
/** floor((x + 2^(k−1)) / 2^k): round half up (x itself for k = 0). */
const roundShift = (x: bigint, k: number) => (k === 0 ? x : floorDiv(x + (1n << BigInt(k - 1)), 1n << BigInt(k)))
const maxOfList = (xs: readonly bigint[]) => xs.reduce((a, c) => (c > a ? c : a))
const minOfList = (xs: readonly bigint[]) => xs.reduce((a, c) => (c < a ? c : a))
const values = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, i) => BigInt(lo + i))
/** The interval [lo, hi] promised to the gadget, with test values from a wider range. */
const beyond = (lo: bigint, hi: bigint, from: number, to: number): InputDomain => ({ lo, hi, values: [...values(from, to), 1n << 100n, -(1n << 100n), FIELD_PRIME / 2n] })
const boxes = (n: number, lo: bigint, hi: bigint) => Array.from({ length: n }, () => interval(lo, hi))

describe('toBits / allocBitsInput', () => {
  it('toBits: x ∈ [0, 8) has exactly its binary digits; anything else (negatives, 8.., p − 1) has none', () => {
    expectUnique({
      inputs: [{ lo: 0n, hi: 7n, values: [...values(-3, 11), FIELD_PRIME - 1n, 1n << 200n] }],
      build: (b, [x]) => toBits(b, x!, 3, 'x').map((w) => lcWire(w)),
      reference: ([x]) => (x! >= 0n && x! < 8n ? [0, 1, 2].map((i) => (x! >> BigInt(i)) & 1n) : undefined),
    })
  })

  it('allocBitsInput: each value of [offset, offset + 2^n) has exactly one bit pattern, nothing else is reachable', () => {
    for (const offset of [0n, -4n, 5n]) {
      expectUnique({
        inputs: [{ lo: offset, hi: offset + 7n, values: values(Number(offset) - 3, Number(offset) + 10) }],
        build: (b, [x]) => {
          const v = allocBitsInput(b, () => b.value(x!), 3, offset, 'v')
          b.enforce(v, lcConst(1n), x!) // tie the bits to the given value
          return v
        },
        reference: ([x]) => (x! >= offset && x! < offset + 8n ? x : undefined),
      })
    }
  })
})

describe('requantize (+ReLU)', () => {
  const cases: [string, bigint, bigint][] = [
    ['signed', -20n, 20n],
    ['signed, skewed up', -3n, 30n],
    ['signed, skewed down', -30n, 3n],
    ['unsigned', 0n, 40n],
    ['unsigned from 5', 5n, 37n],
    ['always negative', -10n, -2n],
  ]
  for (const [what, lo, hi] of cases)
    for (const relu of [false, true])
      for (const shift of [0, 1, 2, 3, 4])
        it(`${what} [${lo}, ${hi}], shift ${shift}, relu ${relu}`, () => {
          expectUnique({
            inputs: [interval(lo, hi)],
            build: (b, [x]) => requantize(b, x!, { shift, relu, label: 'rq' }),
            reference: ([x]) => {
              const q = roundShift(x!, shift)
              return relu && q < 0n ? 0n : q
            },
          })
        })

  it('a value outside the promised interval proves the right result or nothing (never another)', () => {
    for (const relu of [false, true])
      for (const shift of [0, 2, 3])
        expectUnique({
          name: `shift ${shift} relu ${relu}`,
          inputs: [beyond(-8n, 8n, -60, 60)],
          build: (b, [x]) => requantize(b, x!, { shift, relu, label: 'rq' }),
          reference: ([x]) => {
            const q = roundShift(x!, shift)
            return relu && q < 0n ? 0n : q
          },
        })
  })
})

describe('max / min', () => {
  it('max2 and min2 over [−3, 3]²', () => {
    expectUnique({ inputs: boxes(2, -3n, 3n), build: (b, [x, y]) => max2(b, x!, y!, 'mx'), reference: maxOfList })
    expectUnique({ inputs: boxes(2, -3n, 3n), build: (b, [x, y]) => min2(b, x!, y!, 'mn'), reference: minOfList })
  })

  it('max2 on intervals of different widths, and an unsigned pair', () => {
    expectUnique({ inputs: [interval(-4n, 1n), interval(0n, 6n)], build: (b, [x, y]) => max2(b, x!, y!, 'mx'), reference: maxOfList })
    expectUnique({ inputs: [interval(0n, 5n), interval(0n, 5n)], build: (b, [x, y]) => min2(b, x!, y!, 'mn'), reference: minOfList })
  })

  it('max2 beyond its promise: a value outside the intervals proves the true max or nothing', () => {
    expectUnique({ inputs: [beyond(-3n, 3n, -12, 12), interval(-3n, 3n)], build: (b, [x, y]) => max2(b, x!, y!, 'mx'), reference: maxOfList })
  })

  it('max2 with operands sharing wires (a linear combination of the same inputs, as neighbouring conv outputs are)', () => {
    // a = 2x − y, b = x + y over x, y ∈ [−2, 2]: a − b = x − 2y, interval [−6, 6].
    const a = (x: Lc, y: Lc) => lcDot([2n, -1n], [x, y])
    const c = (x: Lc, y: Lc) => lcDot([1n, 1n], [x, y])
    expectUnique({ inputs: boxes(2, -2n, 2n), build: (b, [x, y]) => max2(b, a(x!, y!), c(x!, y!), 'mx'), reference: ([x, y]) => maxOfList([2n * x! - y!, x! + y!]) })
  })

  it('max2 is free when the intervals decide it, and its output carries [max lo, max hi]', () => {
    const r = expectUnique({ inputs: [interval(2n, 5n), interval(-3n, 2n)], build: (b, [x, y]) => max2(b, x!, y!, 'mx'), reference: maxOfList })
    expect(r.constraints).toBe(0)
    expectUnique({
      inputs: [interval(-4n, 3n), interval(-1n, 2n)],
      build: (b, [x, y]) => {
        const m = max2(b, x!, y!, 'mx')
        expect(b.interval(m)).toEqual([-1n, 3n])
        return m
      },
      reference: maxOfList,
    })
  })

  it('control: without the selection constraint the maximum is unconstrained (flagged)', () => {
    const weak = (b: CircuitBuilder, x: Lc, y: Lc): Lc => {
      const bits = toBits(b, lcDot([1n, -1n], [x, y], 4n), 3, 'd')
      const m = b.alloc(-3n, 3n, () => (b.values[bits[2]!] === 1n ? b.value(x) : b.value(y)), 'mx.max')
      return lcWire(m)
    }
    const report = checkUniqueness({ name: 'weak', inputs: boxes(2, -2n, 2n), build: (b, [x, y]) => weak(b, x!, y!), reference: maxOfList, witness: false })
    expect(report.failures.length).toBeGreaterThan(0)
  })

  it('maxOf over 1, 3 and 4 values', () => {
    expectUnique({ inputs: boxes(1, -3n, 3n), build: (b, xs) => maxOf(b, xs, 'mp'), reference: maxOfList })
    expectUnique({ inputs: boxes(3, -2n, 2n), build: (b, xs) => maxOf(b, xs, 'mp'), reference: maxOfList })
    expectUnique({ inputs: boxes(4, -1n, 1n), build: (b, xs) => maxOf(b, xs, 'mp'), reference: maxOfList })
  })
})

describe('argmax (ties → lowest index)', () => {
  const lowestArgmax = (xs: readonly bigint[]) => BigInt(xs.indexOf(maxOfList(xs)))
  for (const [what, inputs] of [
    ['2 values in [−3, 3]', boxes(2, -3n, 3n)],
    ['3 values in [−1, 1] (every tie pattern)', boxes(3, -1n, 1n)],
    ['4 values in [−1, 1]', boxes(4, -1n, 1n)],
    ['mixed intervals', [interval(0n, 2n), interval(-2n, 0n), interval(-1n, 2n)]],
  ] as const)
    it(what, () => {
      expectUnique({ inputs, build: (b, xs) => argmax(b, xs, 'am'), reference: lowestArgmax })
    })

  it('one value: the constant 0', () => {
    expectUnique({ inputs: boxes(1, -3n, 3n), build: (b, xs) => argmax(b, xs, 'am'), reference: () => 0n })
  })
})

describe('div (rounded num / den, den ≥ 1)', () => {
  const rounded = ([n, d]: readonly bigint[]) => (d! >= 1n ? floorDiv(2n * n! + d!, 2n * d!) : undefined)
  it('num ∈ [−6, 6], den ∈ [−1, 3]: den ≤ 0 is not provable', () => {
    expectUnique({ inputs: [interval(-6n, 6n), interval(-1n, 3n)], build: (b, [n, d]) => div(b, n!, d!, 'dv'), reference: rounded })
  })
  it('num ∈ [−10, 10], den ∈ [1, 4]', () => {
    expectUnique({ inputs: [interval(-10n, 10n), interval(1n, 4n)], build: (b, [n, d]) => div(b, n!, d!, 'dv'), reference: rounded })
  })
  it('num ∈ [0, 9], den ∈ [2, 5]', () => {
    expectUnique({ inputs: [interval(0n, 9n), interval(2n, 5n)], build: (b, [n, d]) => div(b, n!, d!, 'dv'), reference: rounded })
  })
})

describe('signBit', () => {
  const sign = ([x]: readonly bigint[]) => (x! >= 0n ? 1n : 0n)
  for (const [lo, hi] of [[-5n, 4n], [-8n, 7n], [-1n, 0n], [-4n, 9n], [0n, 3n], [-3n, -1n]] as const)
    it(`x ∈ [${lo}, ${hi}]`, () => {
      expectUnique({ inputs: [interval(lo, hi)], build: (b, [x]) => signBit(b, x!, 's'), reference: sign })
    })
  it('a value outside the promised interval proves the right bit or nothing', () => {
    expectUnique({ inputs: [beyond(-4n, 3n, -20, 20)], build: (b, [x]) => signBit(b, x!, 's'), reference: sign })
  })
})

describe('mul', () => {
  it('x · y over a small box, and with a constant side (free)', () => {
    expectUnique({ inputs: [interval(-3n, 3n), interval(-2n, 2n)], build: (b, [x, y]) => mul(b, x!, y!, 'm'), reference: ([x, y]) => x! * y! })
    expectUnique({ inputs: [interval(-3n, 3n)], build: (b, [x]) => mul(b, x!, lcConst(-5n), 'm'), reference: ([x]) => -5n * x! })
  })
  it('the product wire is determined by its factors for every field value (one constraint, z in C)', () => {
    expect(expectStraightLine({ inputs: [interval(-1000n, 1000n), interval(-1000n, 1000n)], build: (b, [x, y]) => mul(b, x!, y!, 'm') })).toEqual({ determined: 1, checks: 0, unresolved: [] })
  })
})
