import { describe, expect, it } from 'vitest'
import { createTensor } from '../onnx/ir.js'
import { expectCircuitMatches, f32, info, maxAbsDiff, node, runOp, seeded } from '../../test/helpers/ops.js'
import { abs } from './abs.js'

describe('Abs', () => {
  it('inferShape and floatKernel', () => {
    expect(abs.inferShape(node('Abs', ['x']), [info([2, 3])], () => undefined)).toEqual([info([2, 3])])
    expect(Array.from(abs.floatKernel(node('Abs', ['x']), [f32([3], [-1.5, 0, 2])], 13)[0]!.data)).toEqual([1.5, 0, 2])
  })

  it('quantize: relu then 2·r − x at the input scale; integer = float = circuit', () => {
    const r = runOp({ node: node('Abs', ['x']), inputs: { x: f32([12], seeded(12, 5, -3, 3)) } })
    expect(r.model.nodes).toMatchObject([{ op: 'Requant', shift: 0, relu: true }, { op: 'Add', shifts: [1, 0], subtract: true }])
    expect(r.model.tensors['y']!.scale).toBe(r.model.inputs[0]!.scale)
    expect(maxAbsDiff(r.integer['y']!, r.float['y']!.data)).toBeLessThan(1e-3)
    expectCircuitMatches(r)
  })

  it('int inputs', () => {
    const r = runOp({ node: node('Abs', ['x']), inputs: { x: createTensor({ dtype: 'int32', dims: [3], data: [-7, 0, 5] }) } })
    expect(r.integer['y']).toEqual([7, 0, 5])
  })
})
