import { describe, expect, it } from 'vitest'
import { ShapeMismatchError, UnsupportedOpError } from '../errors/compile.js'
import { f32, info, maxAbsDiff, node, quantizeOne, runOp, seeded } from '../../test/helpers/ops.js'
import { matMul } from './matMul.js'

describe('MatMul', () => {
  it('inferShape: numpy promotion of 1-D operands and batch broadcasting', () => {
    const n = node('MatMul', ['a', 'b'])
    expect(matMul.inferShape(n, [info([3]), info([3, 4])], () => undefined)).toEqual([info([4])])
    expect(matMul.inferShape(n, [info([2, 1, 5, 3]), info([6, 3, 4])], () => undefined)).toEqual([info([2, 6, 5, 4])])
    expect(() => matMul.inferShape(n, [info([2, 3]), info([2, 4])], () => undefined)).toThrow(ShapeMismatchError)
  })

  it('floatKernel: batched product with a broadcast right side', () => {
    const a = f32([2, 1, 2], [1, 2, 3, 4])
    const b = f32([2, 1], [10, 1])
    const [y] = matMul.floatKernel(node('MatMul', ['a', 'b']), [a, b], 13)
    expect(y!.dims).toEqual([2, 1, 1])
    expect(Array.from(y!.data)).toEqual([12, 34])
  })

  it('quantize: a Linear node with the constant transposed to [N, K]; runtime right side refused', () => {
    const { state } = quantizeOne({ node: node('MatMul', ['x', 'w']), inputs: { x: [1, 2] }, constants: { w: f32([2, 3], [1, 2, 3, 4, 5, 6]) } })
    expect(state.nodes.map((q) => q.op)).toEqual(['Linear'])
    const w = state.constants[(state.nodes[0] as { weight: string }).weight]!
    expect(w.dims).toEqual([3, 2])
    expect(w.data.map((v) => v / w.data[0]!)).toEqual([1, 4, 2, 5, 3, 6])
    expect(() => quantizeOne({ node: node('MatMul', ['x', 'w']), inputs: { x: [1, 2], w: [2, 3] } })).toThrow(UnsupportedOpError)
    expect(() => quantizeOne({ node: node('MatMul', ['x', 'w']), inputs: { x: [2, 1, 2] }, constants: { w: f32([2, 2, 3], seeded(12)) } })).toThrow(/3-D constant/)
  })

  it('integer executor ≈ float kernel', () => {
    const { float, integer } = runOp({ node: node('MatMul', ['x', 'w']), inputs: { x: f32([3, 6], seeded(18, 7)) }, constants: { w: f32([6, 4], seeded(24, 8)) } })
    expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThan(2e-3)
  })
})
