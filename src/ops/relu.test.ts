import { describe, expect, it } from 'vitest'
import { f32, info, maxAbsDiff, node, quantizeOne, runOp, seeded } from '../../test/helpers/ops.js'
import { relu } from './relu.js'

describe('Relu', () => {
  it('inferShape and floatKernel', () => {
    expect(relu.inferShape(node('Relu', ['x']), [info([2, 3])], () => undefined)).toEqual([info([2, 3])])
    expect(Array.from(relu.floatKernel(node('Relu', ['x']), [f32([3], [-1, 0, 2])], 13)[0]!.data)).toEqual([0, 0, 2])
  })

  it('quantize: one Requant with relu, down to the target scale', () => {
    const { state } = quantizeOne({ node: node('Relu', ['x']), inputs: { x: [4] }, inputScale: 20, ranges: { y: { min: 0, max: 1 } } })
    expect(state.nodes).toEqual([{ name: 'relu0', inputs: ['x'], outputs: ['y'], op: 'Requant', shift: 6, relu: true }])
    expect(state.tensors['y']!.scale).toBe(14)
  })

  it('integer executor ≈ float kernel', () => {
    const { float, integer } = runOp({ node: node('Relu', ['x']), inputs: { x: f32([10], seeded(10, 31)) } })
    expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThan(1e-3)
  })
})
