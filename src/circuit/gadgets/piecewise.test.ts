import { describe, expect, it } from 'vitest'
import { expectUnique, expectUniqueOp, interval } from '../../../test/helpers/uniqueness.js'
import { CircuitBuilder } from '../builder.js'
import { lcDot, lcWire } from '../lc.js'
import { piecewise } from './piecewise.js'
import type { PiecewiseTable } from '../../ir/piecewise.js'
import { evalPiecewise } from '../../ir/piecewise.js'
import { argumentRange, evalArgumentBig, planPiecewise, segmentExtrema } from '../../ir/piecewisePlan.js'
import { fitFunction } from '../../quantize/fitFunction.js'
import { logistic } from '../../ops/special.js'

/** The table's semantics written out independently (bigints), as in the module doc of `src/ir/piecewise.ts`. */
function reference(t: PiecewiseTable, x: bigint): bigint {
  const q = x >> BigInt(t.shift)
  const m = BigInt(t.lowBits)
  const lo = BigInt(t.lo)
  let p: bigint
  if (q < lo) p = BigInt(t.below.mul) * q + BigInt(t.below.add)
  else if (q >= lo + (BigInt(t.coeffs.length) << m)) p = BigInt(t.above.mul) * q + BigInt(t.above.add)
  else {
    const s = (q - lo) >> m
    const r = q - lo - (s << m) - (m > 0n ? 1n << (m - 1n) : 0n)
    p = t.coeffs[Number(s)]!.reduceRight((acc, c) => acc * r + BigInt(c), 0n)
  }
  if (t.fracBits === 0) return p
  const F = BigInt(t.fracBits)
  const v = p + (1n << (F - 1n))
  return v >= 0n ? v >> F : -((-v + (1n << F) - 1n) >> F)
}

// Three quadratic segments of 4 arguments each (shift 1), a linear tail below and a constant above.
const TABLE: PiecewiseTable = {
  shift: 1,
  lo: -4,
  lowBits: 2,
  coeffs: [
    [-9, 5, 1],
    [3, -2, 2],
    [17, 4, -1],
  ],
  fracBits: 2,
  below: { mul: 3, add: 1 },
  above: { mul: 0, add: 30 },
}

describe('piecewise gadget', () => {
  it('the executor follows the documented semantics', () => {
    for (let x = -60; x <= 60; x++) expect(BigInt(evalPiecewise(TABLE, x)), `x=${x}`).toBe(reference(TABLE, BigInt(x)))
  })

  it('is unique, with arguments below and past the block (flags, OR chain, linear tail)', () => {
    const plan = planPiecewise(TABLE, -100n, 100n)
    expect(plan.below && plan.above && plan.high > 1).toBe(true)
    expectUnique({
      inputs: [interval(-100n, 100n)],
      build: (b, [x]) => piecewise(b, x!, TABLE, 'pw'),
      reference: ([x]) => reference(TABLE, x!),
    })
  })

  it('is unique with constant tails on both sides (one mixing multiplication)', () => {
    const t = { ...TABLE, below: { mul: 0, add: -7 }, above: { mul: 0, add: 11 }, fracBits: 1 }
    const plan = planPiecewise(t, -40n, 40n)
    expect(plan.below && plan.above).toBe(true)
    expectUnique({ inputs: [interval(-40n, 40n)], build: (b, [x]) => piecewise(b, x!, t, 'pw'), reference: ([x]) => reference(t, x!) })
  })

  it('is unique inside the block (no flags) and with a signed rounding', () => {
    const t = { ...TABLE, coeffs: TABLE.coeffs.map((c) => c.map((v) => v - 20)), fracBits: 3 }
    const plan = planPiecewise(t, -8n, 15n)
    expect(plan.below || plan.above).toBe(false)
    expectUnique({ inputs: [interval(-8n, 15n)], build: (b, [x]) => piecewise(b, x!, t, 'pw'), reference: ([x]) => reference(t, x!) })
  })

  it('reuses the bits of an input that is already a bit recomposition, and stays unique', () => {
    // x = −16 + Σ 2^i b_i (a signed 5-bit model input): no new decomposition.
    const t = { ...TABLE, shift: 0, lo: -16, coeffs: [...TABLE.coeffs, [5, 1, 0], [2, 0, 1], [0, 3, -1], [1, 1, 1], [4, -3, 0]] }
    const build = (b: CircuitBuilder, bits: readonly ReturnType<typeof lcWire>[]) =>
      piecewise(b, lcDot(bits.map((_, i) => 1n << BigInt(i)), bits, -16n), t, 'pw')
    const inputs = Array.from({ length: 5 }, () => interval(0n, 1n))
    const value = (bs: readonly bigint[]) => bs.reduce((a, v, i) => a + (v << BigInt(i)), 0n) - 16n
    expectUnique({ inputs, build, reference: (bs) => reference(t, value(bs)) })
    const b = new CircuitBuilder({ constraints: true, witness: false })
    const wires = Array.from({ length: 5 }, (_, i) => lcWire(b.alloc(0n, 1n, () => 0n, `in${i}`)))
    const before = b.nConstraints
    build(b, wires)
    const plan = planPiecewise(t, -16n, 15n, { n: 5, c: -16n })
    expect(plan.reuse).toBe(true)
    // Monomials + Horner + the rounding's decomposition only.
    expect(b.nConstraints - before).toBeLessThan(20)
  })

  it('a fitted Sigmoid table: executor and circuit agree and the circuit is unique on a small grid', () => {
    const { table, error } = fitFunction({
      spec: { name: 'Sigmoid', f: logistic, left: { slope: 0, intercept: 0 }, right: { slope: 0, intercept: 1 } },
      inScale: 2,
      outScale: 4,
      range: { min: -3, max: 3 },
      outBits: 6,
    })
    expect(error).toBeLessThanOrEqual(1.5)
    for (let x = -40; x <= 40; x++) expect(Math.abs(evalPiecewise(table, x) / 16 - logistic(x / 4))).toBeLessThanOrEqual(1.5 / 16 + 1e-12)
    expectUniqueOp({ inputs: [interval(-40n, 40n)], op: (D, [x]) => D.piecewise(x!, table, 'sig') })
  })

  it('argumentRange: the segment-extrema cache gives the enumerated range on every interval', () => {
    const extrema = segmentExtrema(TABLE)
    for (let qlo = -8; qlo <= 12; qlo++) {
      for (let qhi = qlo; qhi <= 12; qhi++) {
        const direct = argumentRange(TABLE, BigInt(qlo), BigInt(qhi))
        let lo = evalArgumentBig(TABLE, BigInt(qlo))
        let hi = lo
        for (let q = qlo; q <= qhi; q++) {
          const v = evalArgumentBig(TABLE, BigInt(q))
          if (v < lo) lo = v
          if (v > hi) hi = v
        }
        expect(direct).toEqual([lo, hi])
        expect(argumentRange(TABLE, BigInt(qlo), BigInt(qhi), extrema)).toEqual([lo, hi])
      }
    }
  })
})
