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
})
