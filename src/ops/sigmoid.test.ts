import { describe, expect, it } from 'vitest'
import { f32, maxAbsDiff, node, quantizeOne, runOp, seeded } from '../../test/helpers/ops.js'
import { sigmoid } from './sigmoid.js'

describe('Sigmoid', () => {
  it('floatKernel: stable on both signs', () => {
    const [y] = sigmoid.floatKernel(node('Sigmoid', ['x']), [f32([3], [-800, 0, 800])], 13)
    expect(Array.from(y!.data)).toEqual([0, 0.5, 1])
  })

  it('quantize: output scale min(input scale, activationBits − 1)', () => {
    expect(quantizeOne({ node: node('Sigmoid', ['x']), inputs: { x: [3] }, inputScale: 20 }).state.tensors['y']!.scale).toBe(15)
    expect(quantizeOne({ node: node('Sigmoid', ['x']), inputs: { x: [3] }, inputScale: 9 }).state.nodes).toEqual([
      { name: 'sigmoid0', inputs: ['x'], outputs: ['y'], op: 'Sigmoid', shift: 0 },
    ])
  })

  it('integer executor ≈ float kernel within the PLAN approximation (0.019)', () => {
    const { float, integer } = runOp({ node: node('Sigmoid', ['x']), inputs: { x: f32([40], seeded(40, 33, -8, 8)) } })
    expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThan(0.02)
  })
})
