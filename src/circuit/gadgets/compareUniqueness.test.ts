/**
 * Exhaustive small-domain uniqueness of the comparison and selection gadgets and of the Domain
 * kernels built on them (see `test/helpers/uniqueness.ts`): for every input in the domain exactly
 * one assignment of every other wire satisfies the constraints, and its output is the integer
 * executor's (hence the reference's). Ties and equal values are inside every domain.
 */
import { describe, expect, it } from 'vitest'
import { checkR1csDetermined, checkUniqueness, expectUnique, expectUniqueOp, interval } from '../../../test/helpers/uniqueness.js'
import { node, runOp } from '../../../test/helpers/ops.js'
import { createTensor } from '../../onnx/ir.js'
import { lowerModel } from '../lowerModel.js'
import type { CircuitBuilder } from '../builder.js'
import { FIELD_PRIME } from '../field.js'
import { type Lc, lcConst, lcDot, lcWire } from '../lc.js'
import { isZero } from './isZero.js'
import { signBit } from './sign.js'
import { topK } from './topK.js'
import { type Comparison, compareTensor, compareToZero, logic, roundShift, where } from '../../ir/lower/compare.js'
import { hardmax, reduceExtremum, topKTensor } from '../../ir/lower/select.js'

const bit = interval(0n, 1n)
const floorDiv = (a: bigint, d: bigint) => (a >= 0n ? a / d : -((-a + d - 1n) / d))

describe('uniqueness: isZero and the sign bit', () => {
  it('isZero on [−6, 6], on a one-sided interval and beyond its interval', () => {
    const report = expectUnique({ inputs: [interval(-6n, 6n)], build: (b, [x]) => isZero(b, x!, 'z'), reference: ([x]) => (x === 0n ? 1n : 0n) })
    expect(report.cases).toBe(13)
    expect(report.constraints).toBe(3)
    expectUnique({ inputs: [interval(0n, 5n)], build: (b, [x]) => isZero(b, lcDot([2n], [x!], -4n), 'z'), reference: ([x]) => (x === 2n ? 1n : 0n) })
    // x outside its promise (a field element far from 0) still proves only [x = 0].
    expectUnique({ inputs: [{ lo: -2n, hi: 2n, values: [-2n, 0n, 2n, 1n << 200n, FIELD_PRIME - 7n] }], build: (b, [x]) => isZero(b, x!, 'z'), reference: ([x]) => (x === 0n ? 1n : 0n) })
  })

  it('control: without z(z − 1) = 0 a prover picks any z ≠ 0 at x = 0 (flagged)', () => {
    const weak = (b: CircuitBuilder, x: Lc): Lc => {
      const v = b.alloc(0n, FIELD_PRIME - 1n, () => 0n, 'inv')
      const z = b.alloc(0n, 1n, () => (b.value(x) === 0n ? 1n : 0n), 'isZero')
      b.enforce(x, lcWire(z), lcConst(0n))
      b.enforce(lcDot([1n, 1n], [x, lcWire(z)]), lcDot([1n, 1n], [lcWire(v), lcWire(z)]), lcConst(1n))
      return lcWire(z)
    }
    const report = checkUniqueness({ name: 'weak', inputs: [interval(-1n, 1n)], build: (b, [x]) => weak(b, x!), reference: ([x]) => (x === 0n ? 1n : 0n), witness: false })
    expect(report.failures).toEqual(['weak: in=(0) leaves wires unresolved: inv, isZero (no constraint determines them)'])
  })

  it('signBit on skewed intervals (the nonNegative primitive)', () => {
    for (const [lo, hi] of [[-8n, 7n], [-3n, 12n], [-9n, 0n]] as const) {
      expectUnique({ inputs: [interval(lo, hi)], build: (b, [x]) => signBit(b, x!, 's'), reference: ([x]) => (x! >= 0n ? 1n : 0n) })
    }
  })
})

describe('uniqueness: comparisons, logic, Where (Domain kernels)', () => {
  const cmps: [Comparison, (d: bigint) => boolean][] = [
    ['less', (d) => d < 0n],
    ['lessOrEqual', (d) => d <= 0n],
    ['greater', (d) => d > 0n],
    ['greaterOrEqual', (d) => d >= 0n],
    ['equal', (d) => d === 0n],
  ]
  for (const [cmp, f] of cmps) {
    it(`${cmp}(a·2 − b, 0) on [−4, 4]² (every tie)`, () => {
      const report = expectUniqueOp({
        inputs: [interval(-4n, 4n), interval(-4n, 4n)],
        op: (D, [a, b]) => compareTensor(D, { shape: [1], data: [a!] }, { shape: [1], data: [b!] }, cmp, [1, 0], [1], 'c').data[0]!,
        reference: ([a, b]) => (f(2n * a! - b!) ? 1n : 0n),
      })
      expect(report.cases).toBe(81)
    })
  }
  it('compareToZero on a one-sided interval is a constant', () => {
    expectUniqueOp({ inputs: [interval(1n, 6n)], op: (D, [d]) => compareToZero(D, d!, 'greater', 'c'), reference: () => 1n })
  })

  for (const fn of ['and', 'or', 'xor'] as const) {
    it(`${fn} on bits`, () => {
      const ref = { and: (a: bigint, b: bigint) => a & b, or: (a: bigint, b: bigint) => a | b, xor: (a: bigint, b: bigint) => a ^ b }[fn]
      expectUniqueOp({ inputs: [bit, bit], op: (D, [a, b]) => logic(D, fn, a!, b!, 'l'), reference: ([a, b]) => ref(a!, b!) })
    })
  }

  it('Where: c ? 2x : y on c ∈ {0, 1}, x, y ∈ [−3, 3]', () => {
    expectUniqueOp({
      inputs: [bit, interval(-3n, 3n), interval(-3n, 3n)],
      op: (D, [c, x, y]) => where(D, { shape: [1], data: [c!] }, { shape: [1], data: [x!] }, { shape: [1], data: [y!] }, [1, 0], [1], 'w').data[0]!,
      reference: ([c, x, y]) => (c ? 2n * x! : y!),
    })
  })
})

describe('uniqueness: rounding', () => {
  const halfEven = (x: bigint, k: number) => {
    const d = 1n << BigInt(k)
    const q = floorDiv(x, d)
    const r = x - q * d
    return 2n * r > d || (2n * r === d && q % 2n !== 0n) ? q + 1n : q
  }
  const refs = {
    floor: (x: bigint, k: number) => floorDiv(x, 1n << BigInt(k)),
    ceil: (x: bigint, k: number) => -floorDiv(-x, 1n << BigInt(k)),
    halfEven,
  }
  for (const mode of ['floor', 'ceil', 'halfEven'] as const) {
    for (const k of [1, 2, 3]) {
      it(`${mode}(x / 2^${k}) on [−20, 20] (every tie)`, () => {
        expectUniqueOp({ inputs: [interval(-20n, 20n)], op: (D, [x]) => roundShift(D, x!, k, mode, 'r'), reference: ([x]) => refs[mode](x!, k) })
      })
    }
  }
})

describe('uniqueness: TopK, Hardmax, ReduceMax/Min', () => {
  const order = (vals: readonly bigint[]) =>
    vals
      .map((_, i) => i)
      .sort((p, q) => (vals[p]! > vals[q]! ? -1 : vals[p]! < vals[q]! ? 1 : p - q))
  for (const [n, k, lo, hi] of [[3, 1, -2n, 2n], [3, 2, -2n, 2n], [3, 3, -2n, 2n], [4, 2, -1n, 1n], [4, 3, -1n, 1n]] as const) {
    it(`topK gadget: top ${k} of ${n} on [${lo}, ${hi}]^${n}: values and selectors`, () => {
      expectUnique({
        inputs: Array.from({ length: n }, () => interval(lo, hi)),
        build: (b, xs) => {
          const { values, selectors } = topK(b, xs, k, 'tk')
          return [...values, ...selectors.flat()]
        },
        reference: (xs) => {
          const idx = order(xs).slice(0, k)
          return [...idx.map((i) => xs[i]!), ...idx.flatMap((c) => xs.map((_, i) => (i === c ? 1n : 0n)))]
        },
      })
    })
  }

  it('TopK kernel, smallest first, with indices', () => {
    expectUniqueOp({
      inputs: [interval(-2n, 2n), interval(-2n, 2n), interval(-2n, 2n)],
      op: (D, xs) => {
        const [v, i] = topKTensor(D, { shape: [3], data: [...xs] }, 0, 2, false, 't')
        return [...v.data, ...i.data]
      },
      reference: (xs) => {
        const idx = order(xs.map((x) => -x)).slice(0, 2)
        return [...idx.map((i) => xs[i]!), ...idx.map(BigInt)]
      },
    })
  })

  it('Hardmax kernel: one-hot of the first maximum', () => {
    expectUniqueOp({
      inputs: [interval(-2n, 2n), interval(-2n, 2n), interval(-2n, 2n)],
      op: (D, xs) => hardmax(D, { shape: [3], data: [...xs] }, 0, 'h').data,
      reference: (xs) => {
        const c = order(xs)[0]!
        return xs.map((_, i) => (i === c ? 1n : 0n))
      },
    })
  })

  it('ReduceMax / ReduceMin kernels over three values', () => {
    for (const min of [false, true]) {
      expectUniqueOp({
        inputs: [interval(-3n, 3n), interval(-3n, 3n), interval(-3n, 3n)],
        op: (D, xs) => reduceExtremum(D, { shape: [3], data: [...xs] }, [0], min, [1], 'r').data[0]!,
        reference: (xs) => xs.reduce((a, x) => (min ? (x < a ? x : a) : x > a ? x : a)),
      })
    }
  })
})

describe('whole lowered models with these ops: no wire outside the gadgets is free', () => {
  const f = (dims: number[], data: number[]) => createTensor({ dtype: 'float32', dims, data })
  const b = (dims: number[], data: number[]) => createTensor({ dtype: 'bool', dims, data })
  const x = f([1, 6], [0.5, -0.25, 1, 0.75, -1, 0.125])
  const models = {
    compare: runOp({ node: node('Less', ['x', 'c']), inputs: { x }, constants: { c: f([6], [0, 0, 0.5, 1, -1, 0]) } }).model,
    equalSign: runOp({ node: node('Sign', ['x']), inputs: { x } }).model,
    logicWhere: runOp({ node: node('Where', ['c', 'x', 'z']), inputs: { c: b([1, 6], [1, 0, 1, 0, 0, 1]), x, z: f([6], [1, 2, 3, 4, 5, 6]) } }).model,
    round: runOp({ node: node('Round', ['x']), inputs: { x } }).model,
    topK: runOp({ node: node('TopK', ['x', 'k'], {}, ['v', 'i']), inputs: { x }, constants: { k: createTensor({ dtype: 'int64', dims: [1], data: [3] }) } }).model,
    hardmax: runOp({ node: node('Hardmax', ['x']), inputs: { x } }).model,
    reduceMin: runOp({ node: node('ReduceMin', ['x']), inputs: { x } }).model,
  }
  for (const [name, model] of Object.entries(models)) {
    it(`${name}: every wire is determined by the booleans and the inputs`, () => {
      const { r1cs } = lowerModel({ model, visibility: { input: 'private', output: 'public' }, mode: { constraints: true, witness: false } })
      // Free: the booleans (as in checkR1csDetermined) and is-zero's inverse wires, which no linear
      // step determines but which the isZero test above shows are forced ((x + z)·(v + z) = 1).
      const report = checkR1csDetermined({ r1cs, free: (_, label) => label.endsWith('.inv') })
      expect(report.unresolved.slice(0, 5)).toEqual([])
    })
  }
})
