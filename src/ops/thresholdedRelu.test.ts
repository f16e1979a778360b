import { describe, expect, it } from 'vitest'
import { attr } from '../onnx/builders.js'
import { canonicalContext, expectCircuitMatches, f32, info, node, runOp } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { thresholdedRelu } from './thresholdedRelu.js'

describe('ThresholdedRelu', () => {
  it('canonicalize: explicit alpha (default 1)', () => {
    const r = canonicalizeNode(node('ThresholdedRelu', ['x']), canonicalContext({ infos: { x: info([3]) } }))
    expect(r.nodes[0]!.attributes).toEqual({ alpha: attr.float(1) })
  })

  it('floatKernel: strictly above alpha', () => {
    const [y] = thresholdedRelu.floatKernel(node('ThresholdedRelu', ['x'], { alpha: attr.float(2) }), [f32([4], [-1.5, 2, 2.2, 3])], 13)
    expect(Array.from(y!.data)).toEqual([0, 0, 2.2, 3])
  })

  it('quantize: exact threshold test, then a product; integer = float (on the grid) = circuit', () => {
    const x = f32([8], [-1, 0, 0.5, 1.25, 1.5, 1.5625, 2, 3])
    const r = runOp({ node: node('ThresholdedRelu', ['x'], { alpha: attr.float(1.5) }), inputs: { x } })
    expect(r.model.nodes.map((q) => q.op)).toEqual(['Affine', 'Compare', 'Mul'])
    expect(r.integer['y']).toEqual([0, 0, 0, 0, 0, 1.5625, 2, 3])
    expectCircuitMatches(r)
  })
})
