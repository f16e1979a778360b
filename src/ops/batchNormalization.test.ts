import { describe, expect, it } from 'vitest'
import { ShapeMismatchError, UnsupportedOpError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { canonicalContext, f32, info, maxAbsDiff, node, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { batchNormalization } from './batchNormalization.js'

const params = { s: f32([2], [1, 2]), b: f32([2], [0.5, -1]), m: f32([2], [1, 0]), v: f32([2], [4, 0.25]) }

describe('BatchNormalization', () => {
  it('canonicalize: keeps epsilon only; refuses training mode and runtime parameters', () => {
    const ctx = canonicalContext({ opset: 15, infos: { x: info([1, 2, 3]) }, constants: params })
    const [n] = canonicalizeNode(node('BatchNormalization', ['x', 's', 'b', 'm', 'v'], { momentum: attr.float(0.9) }), ctx).nodes
    expect(n!.attributes).toEqual({ epsilon: attr.float(1e-5) })
    expect(() => canonicalizeNode(node('BatchNormalization', ['x', 's', 'b', 'm', 'v'], { training_mode: attr.int(1) }), ctx)).toThrow(/training mode/)
    const runtime = canonicalContext({ infos: { x: info([1, 2, 3]), s: info([2]) }, constants: { b: params.b, m: params.m, v: params.v } })
    expect(() => canonicalizeNode(node('BatchNormalization', ['x', 's', 'b', 'm', 'v']), runtime)).toThrow(UnsupportedOpError)
  })

  it('inferShape: parameters must be 1-D of size C', () => {
    const n = node('BatchNormalization', ['x', 's', 'b', 'm', 'v'])
    expect(batchNormalization.inferShape(n, [info([1, 2, 3]), info([2]), info([2]), info([2]), info([2])], () => undefined)).toEqual([info([1, 2, 3])])
    expect(() => batchNormalization.inferShape(n, [info([1, 2, 3]), info([3]), info([2]), info([2]), info([2])], () => undefined)).toThrow(ShapeMismatchError)
  })

  it('floatKernel: (x − mean) / sqrt(var + ε) · scale + bias per channel', () => {
    const [y] = batchNormalization.floatKernel(node('BatchNormalization', ['x', 's', 'b', 'm', 'v'], { epsilon: attr.float(0) }), [f32([1, 2, 1], [3, 1]), params.s, params.b, params.m, params.v], 13)
    expect(Array.from(y!.data)).toEqual([(3 - 1) / 2 + 0.5, (1 / 0.5) * 2 - 1])
  })

  it('quantize (one Affine) and integer executor ≈ float kernel', () => {
    const { model, float, integer } = runOp({ node: node('BatchNormalization', ['x', 's', 'b', 'm', 'v']), inputs: { x: f32([1, 2, 2, 2], seeded(8, 5)) }, constants: params })
    expect(model.nodes.map((q) => q.op)).toEqual(['Affine'])
    expect(model.constants[(model.nodes[0] as { mul: string }).mul]!.dims).toEqual([2, 1, 1])
    expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThan(5e-3)
  })

  it('opset 6–8 forms: is_test, consumed_inputs, spatial = 1 is one Affine; spatial = 0 (per-activation parameters) becomes Mul + Add', () => {
    const legacy = runOp({ node: node('BatchNormalization', ['x', 's', 'b', 'm', 'v'], { is_test: attr.int(1), consumed_inputs: attr.ints([0, 0, 0, 1, 1]), spatial: attr.int(1) }), inputs: { x: f32([1, 2, 2, 2], seeded(8, 5)) }, constants: params, opset: 6 })
    expect(legacy.model.nodes.map((q) => q.op)).toEqual(['Affine'])
    expect(maxAbsDiff(legacy.integer['y']!, legacy.float['y']!.data)).toBeLessThan(5e-3)
    const per = { s: f32([2, 3], seeded(6, 1, 0.5, 2)), b: f32([2, 3], seeded(6, 2)), m: f32([2, 3], seeded(6, 3)), v: f32([2, 3], seeded(6, 4, 0.1, 1)) }
    const x = f32([2, 2, 3], seeded(12, 6))
    const spatial0 = runOp({ node: node('BatchNormalization', ['x', 's', 'b', 'm', 'v'], { is_test: attr.int(1), spatial: attr.int(0), epsilon: attr.float(0.01) }), inputs: { x }, constants: per, opset: 6 })
    expect(spatial0.prepared.nodes.map((n) => n.opType)).toEqual(['Mul', 'Add'])
    expect(spatial0.model.nodes.map((q) => q.op)).toEqual(['Affine', 'Affine'])
    for (let i = 0; i < 12; i++) {
      const c = i % 6
      const expected = ((x.data[i]! - per.m.data[c]!) / Math.sqrt(per.v.data[c]! + 0.01)) * per.s.data[c]! + per.b.data[c]!
      expect(spatial0.float['y']!.data[i]).toBeCloseTo(expected, 5)
    }
    expect(maxAbsDiff(spatial0.integer['y']!, spatial0.float['y']!.data)).toBeLessThan(5e-3)
    expect(() => runOp({ node: node('BatchNormalization', ['x', 's', 'b', 'm', 'v']), inputs: { x: f32([1, 2, 2], seeded(4)) }, constants: params, opset: 6 })).toThrow(/training mode/)
  })

  it('opset 14–15: training_mode = 0 with only Y is inference', () => {
    const { model } = runOp({ node: node('BatchNormalization', ['x', 's', 'b', 'm', 'v'], { training_mode: attr.int(0), momentum: attr.float(0.9) }), inputs: { x: f32([1, 2, 3], seeded(6, 5)) }, constants: params, opset: 15 })
    expect(model.nodes.map((q) => q.op)).toEqual(['Affine'])
  })
})
