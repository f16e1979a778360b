/**
 * The Cast kernels (`cast.ts`): exact semantics on the integer executor, and exhaustive
 * small-domain uniqueness in the circuit (exactly one satisfying assignment per input, whose output
 * is the executor's and the independent reference's; see test/helpers/uniqueness.ts), on every
 * structural branch of the requantize decompositions they compose: signed, unsigned, always
 * negative, shift 0 and negative shifts (free), and values beyond the declared interval.
 */
import { describe, expect, it } from 'vitest'
import { expectUniqueOp, interval } from '../../../test/helpers/uniqueness.js'
import { numberDomain } from '../../quantize/numberDomain.js'
import { nonZero, truncShift } from './cast.js'
import { indexMap, sources, sparseLinear } from './indexMap.js'

/** trunc(x / 2^k) toward zero (x · 2^−k for k ≤ 0). */
const trunc = (x: bigint, k: number) => (k <= 0 ? x << BigInt(-k) : x >= 0n ? x >> BigInt(k) : -(-x >> BigInt(k)))

describe('Cast to int: trunc(x / 2^k)', () => {
  it('executor: toward zero on both signs', () => {
    expect([-9, -8, -7, -1, 0, 1, 7, 8, 9].map((x) => truncShift(numberDomain, x, 3, 't'))).toEqual([-1, -1, 0, 0, 0, 0, 0, 1, 1])
    expect(truncShift(numberDomain, -3, -2, 't')).toBe(-12)
  })
  for (const [lo, hi, k] of [[-20n, 20n, 2], [-9n, 9n, 3], [-6n, 13n, 1], [0n, 15n, 2], [-15n, -1n, 2], [-4n, 4n, 0], [-4n, 4n, -2]] as const) {
    it(`x ∈ [${lo}, ${hi}], k = ${k}`, () => {
      const report = expectUniqueOp({ inputs: [interval(lo, hi)], op: (D, [x]) => truncShift(D, x!, k, 'cast'), reference: ([x]) => trunc(x!, k) })
      if (k <= 0) expect(report.constraints).toBe(0)
    })
  }
  it('values beyond the declared interval prove the reference or nothing', () => {
    expectUniqueOp({ inputs: [{ lo: -8n, hi: 8n, values: [-40n, -9n, -8n, 0n, 8n, 9n, 40n] }], op: (D, [x]) => truncShift(D, x!, 2, 'cast'), reference: ([x]) => trunc(x!, 2) })
  })
})

describe('Cast to bool: [x ≠ 0]', () => {
  for (const [lo, hi] of [[-5n, 5n], [0n, 6n], [-6n, 0n], [2n, 7n], [-7n, -2n]] as const) {
    it(`x ∈ [${lo}, ${hi}]`, () => {
      expectUniqueOp({ inputs: [interval(lo, hi)], op: (D, [x]) => nonZero(D, x!, 'bool'), reference: ([x]) => (x !== 0n ? 1n : 0n) })
    })
  }
  it('values beyond the declared interval prove the reference or nothing', () => {
    expectUniqueOp({ inputs: [{ lo: -3n, hi: 3n, values: [-9n, -4n, 0n, 4n, 9n] }], op: (D, [x]) => nonZero(D, x!, 'bool'), reference: ([x]) => (x !== 0n ? 1n : 0n) })
  })
})

describe('IndexMap and SparseLinear allocate no wire', () => {
  it('their outputs are determined by the inputs with zero constraints', () => {
    const t = (data: number[]) => ({ dims: [data.length], data })
    const moved = expectUniqueOp({
      inputs: [interval(-2n, 2n), interval(-2n, 2n)],
      op: (D, [a, b]) => indexMap(D, sources(D, [{ shape: [2], data: [a!, b!] }], [1]), t([1, -1, 0, -2]), t([5]), [4], 'm').data,
      reference: ([a, b]) => [2n * b!, 0n, 2n * a!, 5n],
    })
    expect(moved.constraints).toBe(0)
    const lin = expectUniqueOp({
      inputs: [interval(-2n, 2n), interval(-2n, 2n)],
      op: (D, xs) => sparseLinear(D, xs, { index: t([0, 1, 1, -1]), weight: t([3, 1, 4, 0]), terms: 2, bias: t([0, 7]) }, [2], 's').data,
      reference: ([a, b]) => [3n * a! + b!, 4n * b! + 7n],
    })
    expect(lin.constraints).toBe(0)
  })
})
