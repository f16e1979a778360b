import { describe, expect, it } from 'vitest'
import { f32, info, maxAbsDiff, node, quantizeOne, runOp, seeded } from '../../test/helpers/ops.js'
import { neg } from './neg.js'

describe('Neg', () => {
  it('inferShape and floatKernel', () => {
    expect(neg.inferShape(node('Neg', ['x']), [info([2, 3])], () => undefined)).toEqual([info([2, 3])])
    expect(Array.from(neg.floatKernel(node('Neg', ['x']), [f32([3], [1, -2, 0])], 13)[0]!.data)).toEqual([-1, 2, -0])
  })

  it('quantize: an Affine multiply by −1 at the same scale; integer ≈ float', () => {
    const { state } = quantizeOne({ node: node('Neg', ['x']), inputs: { x: [4] } })
    expect(state.nodes).toMatchObject([{ op: 'Affine', inputs: ['x'], outputs: ['y'] }])
    expect(state.constants[(state.nodes[0] as { mul: string }).mul]!.data).toEqual([-1])
    expect(state.tensors['y']!.scale).toBe(8)
    const { float, integer } = runOp({ node: node('Neg', ['x']), inputs: { x: f32([3, 4], seeded(12, 3)) } })
    expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThan(1e-3)
  })
})
