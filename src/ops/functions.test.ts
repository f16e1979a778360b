import { describe, expect, it } from 'vitest'
import { attr } from '../onnx/builders.js'
import { canonicalContext, f32, info, node } from '../../test/helpers/ops.js'
import { DEFAULT_BITS, sweepOp } from '../../test/helpers/sweep.js'
import { canonicalizeNode } from './canonicalize.js'
import { celu, elu, erfOp, exp, gelu, log, mish, selu, sigmoid, softplusOp, swish, tanh } from './functions.js'
import { erf } from './special.js'
import type { ComputeOp } from './types.js'

const run = (op: ComputeOp, xs: number[], attributes = {}) => Array.from(op.floatKernel(node(op.opType, ['x'], attributes), [f32([xs.length], xs)], 18)[0]!.data)

describe('function ops: float kernels and canonical form', () => {
  it('evaluate the ONNX definitions', () => {
    expect(run(sigmoid, [-800, 0, 800])).toEqual([0, 0.5, 1])
    expect(run(tanh, [0, 1])[1]).toBeCloseTo(Math.tanh(1), 15)
    expect(run(exp, [1])[0]).toBeCloseTo(Math.E, 15)
    expect(run(log, [Math.E])[0]).toBeCloseTo(1, 15)
    expect(run(erfOp, [0.5])[0]).toBeCloseTo(0.5204998778130465, 14)
    expect(erf(-2)).toBeCloseTo(-0.9953222650189527, 14)
    expect(run(gelu, [1])[0]).toBeCloseTo(0.8413447460685429, 14)
    expect(run(gelu, [1], { approximate: attr.string('tanh') })[0]).toBeCloseTo(0.8411919906082768, 14)
    expect(run(softplusOp, [-1000, 0, 1000])).toEqual([0, Math.LN2, 1000])
    expect(run(mish, [1])[0]).toBeCloseTo(0.8650983882673103, 14)
    expect(run(swish, [2], { alpha: attr.float(0.5) })[0]).toBeCloseTo(2 / (1 + Math.exp(-1)), 14)
    expect(run(elu, [-1, 2], { alpha: attr.float(2) })).toEqual([2 * Math.expm1(-1), 2])
    expect(run(selu, [-1, 2])[1]).toBeCloseTo(2.101401974710961, 14)
    expect(run(celu, [-1, 2], { alpha: attr.float(2) })).toEqual([2 * Math.expm1(-0.5), 2])
  })

  it('canonicalization makes the default attributes explicit', () => {
    const ctx = canonicalContext({ opset: 22, infos: { x: info([2]) } })
    expect(canonicalizeNode(node('Selu', ['x']), ctx).nodes[0]!.attributes).toEqual({ alpha: attr.float(1.6732632423543772), gamma: attr.float(1.0507009873554805) })
    expect(canonicalizeNode(node('Gelu', ['x']), ctx).nodes[0]!.attributes).toEqual({ approximate: attr.string('none') })
    expect(canonicalizeNode(node('Elu', ['x']), ctx).nodes[0]!.attributes).toEqual({ alpha: attr.float(1) })
  })
})

/**
 * Each function over its interval at the default bits (8-bit input: every input code is swept),
 * and at 12-bit inputs: max |circuit − float| ≤ 2 output quanta, the circuit's witness equal to
 * the executor. The constraint bounds pin the documented costs (README operator table).
 */
const CASES: { op: string; attributes?: Record<string, ReturnType<typeof attr.float>>; lo: number; hi: number; cost: [number, number] }[] = [
  { op: 'Sigmoid', lo: -8, hi: 8, cost: [16, 46] },
  { op: 'Tanh', lo: -4, hi: 4, cost: [32, 32] },
  { op: 'Exp', lo: -6, hi: 2, cost: [16, 60] },
  { op: 'Log', lo: 0.25, hi: 8, cost: [45, 150] },
  { op: 'Erf', lo: -3, hi: 3, cost: [20, 20] },
  { op: 'Gelu', lo: -4, hi: 4, cost: [20, 20] },
  { op: 'Gelu', attributes: { approximate: attr.string('tanh') }, lo: -4, hi: 4, cost: [20, 20] },
  { op: 'Softplus', lo: -6, hi: 6, cost: [20, 20] },
  { op: 'Mish', lo: -6, hi: 6, cost: [20, 20] },
  { op: 'Swish', lo: -6, hi: 6, cost: [20, 20] },
  { op: 'Elu', lo: -4, hi: 4, cost: [20, 20] },
  { op: 'Selu', lo: -4, hi: 4, cost: [20, 20] },
  { op: 'Celu', attributes: { alpha: attr.float(2) }, lo: -4, hi: 4, cost: [20, 20] },
]

describe('function ops: dense sweeps (integer executor and circuit)', () => {
  it('Log over 2.6 decades ([0.02, 8], 12-bit input): square-root range reduction, ≤ 2 output quanta', () => {
    const r = sweepOp({ opType: 'Log', lo: 0.02, hi: 8, n: 1024, bits: { ...DEFAULT_BITS, inputBits: 12 } })
    expect(r.model.nodes.map((q) => q.op)).toEqual(['Sqrt', 'Func'])
    expect(r.maxError).toBeLessThanOrEqual(2)
    expect(r.constraintsPerElement).toBeLessThanOrEqual(135)
  })

  for (const c of CASES) {
    const name = `${c.op}${c.attributes ? ` ${JSON.stringify(Object.fromEntries(Object.entries(c.attributes).map(([k, v]) => [k, 'value' in v ? v.value : undefined])))}` : ''} on [${c.lo}, ${c.hi}]`
    it(`${name}: ≤ 2 output quanta at 8- and 12-bit inputs`, () => {
      const small = sweepOp({ opType: c.op, attributes: c.attributes, lo: c.lo, hi: c.hi })
      expect(small.maxError).toBeLessThanOrEqual(2)
      expect(small.constraintsPerElement).toBeLessThanOrEqual(c.cost[0])
      const wide = sweepOp({ opType: c.op, attributes: c.attributes, lo: c.lo, hi: c.hi, n: 1024, bits: { ...DEFAULT_BITS, inputBits: 12 } })
      expect(wide.maxError).toBeLessThanOrEqual(2)
      expect(wide.constraintsPerElement).toBeLessThanOrEqual(c.cost[1])
    })
  }
})
