import { describe, expect, it } from 'vitest'
import { numberDomain } from '../quantize/numberDomain.js'
import { cnnModel, mlpModel, rng } from '../../test/helpers/randomModel.js'
import type { Domain } from './domain.js'
import { executorBits, inputIntervals, intervalDomain, magnitudeBits, type Interval } from './interval.js'
import { runModel } from './run.js'

const iv = (lo: number, hi: number): Interval => ({ lo: BigInt(lo), hi: BigInt(hi) })
const range = (v: Interval) => Array.from({ length: Number(v.hi - v.lo) + 1 }, (_, i) => Number(v.lo) + i)

describe('intervalDomain', () => {
  it('each primitive’s interval is exactly the range of the executor over the input boxes', () => {
    const D = intervalDomain(() => {})
    const a = iv(-5, 3)
    const b = iv(2, 6)
    const exact = (f: (x: number, y: number) => number, x: Interval, y: Interval) => {
      const vals = range(x).flatMap((p) => range(y).map((q) => f(p, q)))
      return iv(Math.min(...vals), Math.max(...vals))
    }
    expect(D.dot([3, -2], [a, b], 7)).toEqual(exact((x, y) => numberDomain.dot([3, -2], [x, y], 7), a, b))
    expect(D.mul(a, b, 'm')).toEqual(exact((x, y) => x * y, a, b))
    expect(D.div(a, b, 'd')).toEqual(exact((x, y) => numberDomain.div(x, y, 'd'), a, b))
    for (const shift of [0, 1, 3])
      for (const relu of [false, true]) expect(D.requantize(iv(-9, 13), shift, relu, 'r')).toEqual(exact((x) => numberDomain.requantize(x, shift, relu, 'r'), iv(-9, 13), iv(0, 0)))
    expect(D.max(a, b, 'mx')).toEqual(exact((x, y) => numberDomain.max(x, y, 'mx'), a, b))
    expect(D.argmax([a, b, a], 'am')).toEqual(iv(0, 2))
    expect([D.nonNegative(a, 'n'), D.nonNegative(b, 'n'), D.nonNegative(iv(-3, -1), 'n')]).toEqual([iv(0, 1), iv(1, 1), iv(0, 0)])
    expect([D.isZero(a, 'z'), D.isZero(b, 'z'), D.isZero(iv(0, 0), 'z')]).toEqual([iv(0, 1), iv(0, 0), iv(1, 1)])
    // The j-th largest of three values over their boxes.
    const c = iv(-1, 4)
    const top = D.topK([a, b, c], 2, 't').values
    const sorted = range(a).flatMap((p) => range(b).flatMap((q) => range(c).map((r) => [p, q, r].sort((u, v) => v - u))))
    for (let j = 0; j < 2; j++) expect(top[j]).toEqual(iv(Math.min(...sorted.map((v) => v[j]!)), Math.max(...sorted.map((v) => v[j]!))))
  })

  it('records the bound of every partial sum, not only of the result', () => {
    const seen: bigint[] = []
    const D = intervalDomain((m) => seen.push(m))
    // 2^40 − 2^40: the result is 0, but the executor holds 2^40 after the first term.
    D.dot([1, -1], [iv(2 ** 40, 2 ** 40), iv(2 ** 40, 2 ** 40)], 0)
    expect(seen).toEqual([2n ** 41n])
    expect(magnitudeBits(2n ** 41n)).toBe(42)
    expect([magnitudeBits(0n), magnitudeBits(-1n), magnitudeBits(255n)]).toEqual([0, 1, 8])
  })

  it('every value the executor computes on random models lies in its interval and within executorBits', () => {
    for (const model of [mlpModel(12, 6, 3), cnnModel()]) {
      const bits = executorBits(model)
      const bound = 2 ** bits
      let worst = 0
      // The executor, watching every value it produces.
      const watched: Domain<number> = {
        ...numberDomain,
        dot: (c, xs, b) => {
          const v = numberDomain.dot(c, xs, b)
          worst = Math.max(worst, Math.abs(v))
          return v
        },
        mul: (x, y, l) => {
          const v = numberDomain.mul(x, y, l)
          worst = Math.max(worst, Math.abs(v))
          return v
        },
      }
      const intervals = runModel(intervalDomain(() => {}), model, Object.fromEntries(model.inputs.map((i) => [i.name, inputIntervals(i)])))
      const r = rng(4)
      for (let trial = 0; trial < 5; trial++) {
        const inputs = Object.fromEntries(
          model.inputs.map((i) => {
            const lo = i.signed ? -(2 ** (i.bits - 1)) : 0
            const hi = i.signed ? 2 ** (i.bits - 1) - 1 : 2 ** i.bits - 1
            return [i.name, { shape: i.shape, data: Array.from({ length: i.shape.reduce((a, d) => a * d, 1) }, () => r(lo, hi)) }]
          }),
        )
        const out = runModel(watched, model, inputs)
        for (const o of model.outputs)
          out[o.name]!.data.forEach((v, k) => {
            const box = intervals[o.name]!.data[k]!
            expect(BigInt(v) >= box.lo && BigInt(v) <= box.hi, `${o.name}[${k}] = ${v} in [${box.lo}, ${box.hi}]`).toBe(true)
          })
      }
      expect(worst).toBeLessThan(bound)
      expect(bits).toBeLessThanOrEqual(52)
    }
  })
})
