import { describe, expect, it } from 'vitest'
import { attr } from '../onnx/builders.js'
import { canonicalContext, f32, info, maxAbsDiff, node, quantizeOne, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { leakyRelu } from './leakyRelu.js'

describe('LeakyRelu', () => {
  it('canonicalize fills alpha; floatKernel', () => {
    const [n] = canonicalizeNode(node('LeakyRelu', ['x']), canonicalContext({ infos: { x: info([2]) } })).nodes
    expect(n!.attributes).toEqual({ alpha: attr.float(0.01) })
    expect(Array.from(leakyRelu.floatKernel(node('LeakyRelu', ['x'], { alpha: attr.float(0.5) }), [f32([2], [-2, 3])], 13)[0]!.data)).toEqual([-1, 3])
  })

  it('quantize: alpha as an 8-bit fixed-point multiplier', () => {
    const { state } = quantizeOne({ node: node('LeakyRelu', ['x'], { alpha: attr.float(0.1) }), inputs: { x: [4] }, ranges: { y: { min: -1, max: 1 } } })
    expect(state.nodes).toEqual([{ name: 'leakyrelu0', inputs: ['x'], outputs: ['y'], op: 'LeakyRelu', shift: 0, alpha: 26, alphaShift: 8 }])
  })

  it('integer executor ≈ float kernel (up to the rounding of alpha)', () => {
    const { float, integer } = runOp({ node: node('LeakyRelu', ['x'], { alpha: attr.float(0.25) }), inputs: { x: f32([10], seeded(10, 32)) } })
    expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThan(1e-3)
  })
})
