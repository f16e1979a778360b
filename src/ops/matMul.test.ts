import { describe, expect, it } from 'vitest'
import { ShapeMismatchError } from '../errors/compile.js'
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

  it('quantize: a Linear node with the constant transposed to [N, K]', () => {
    const { state } = quantizeOne({ node: node('MatMul', ['x', 'w']), inputs: { x: [1, 2] }, constants: { w: f32([2, 3], [1, 2, 3, 4, 5, 6]) } })
    expect(state.nodes.map((q) => q.op)).toEqual(['Linear'])
    const w = state.constants[(state.nodes[0] as { weight: string }).weight]!
    expect(w.dims).toEqual([3, 2])
    expect(w.data.map((v) => v / w.data[0]!)).toEqual([1, 4, 2, 5, 3, 6])
  })

  it('quantize: batched constant, constant left side, and two runtime operands (each requantized to its target)', () => {
    const batched = quantizeOne({ node: node('MatMul', ['x', 'w']), inputs: { x: [2, 1, 2] }, constants: { w: f32([2, 2, 3], seeded(12)) } }).state
    expect(batched.nodes).toMatchObject([{ op: 'MatMul', inputs: ['x'], outputs: ['y'] }])
    const left = quantizeOne({ node: node('MatMul', ['w', 'x']), inputs: { x: [3, 2] }, constants: { w: f32([4, 3], seeded(12)) } }).state
    expect(left.nodes).toMatchObject([{ op: 'MatMul', inputs: ['x'], weightLeft: true }])
    const data = quantizeOne({ node: node('MatMul', ['a', 'b']), inputs: { a: [2, 3], b: [3] }, inputScale: 20, ranges: { a: { min: -1, max: 1 }, b: { min: -1, max: 1 } } }).state
    expect(data.nodes.map((q) => [q.op, q.name])).toEqual([
      ['Requant', 'matmul0.requantA'],
      ['Requant', 'matmul0.requantB'],
      ['Reshape', 'matmul0.promoteB'],
      ['MatMul', 'matmul0'],
      ['Reshape', 'matmul0.squeeze'],
    ])
    expect(data.tensors['y']!).toEqual({ shape: [2], scale: 2 * 14 })
  })

  it('integer executor ≈ float kernel: constant 2-D, batched constant, constant left, data × data with broadcast and 1-D', () => {
    const close = (r: ReturnType<typeof runOp>, tol = 2e-3) => expect(maxAbsDiff(r.integer['y']!, r.float['y']!.data)).toBeLessThan(tol)
    close(runOp({ node: node('MatMul', ['x', 'w']), inputs: { x: f32([3, 6], seeded(18, 7)) }, constants: { w: f32([6, 4], seeded(24, 8)) } }))
    close(runOp({ node: node('MatMul', ['x', 'w']), inputs: { x: f32([2, 1, 3, 6], seeded(36, 7)) }, constants: { w: f32([3, 6, 4], seeded(72, 8)) } }))
    close(runOp({ node: node('MatMul', ['w', 'x']), inputs: { x: f32([2, 5, 3], seeded(30, 9)) }, constants: { w: f32([4, 5], seeded(20, 10)) } }))
    close(runOp({ node: node('MatMul', ['w', 'x']), inputs: { x: f32([5], seeded(5, 9)) }, constants: { w: f32([2, 4, 5], seeded(40, 10)) } }))
    const both = runOp({ node: node('MatMul', ['a', 'b']), inputs: { a: f32([3, 1, 2, 4], seeded(24, 11)), b: f32([2, 4, 5], seeded(40, 12)) } })
    expect(both.model.nodes.find((q) => q.op === 'MatMul')!.inputs).toHaveLength(2)
    close(both)
    close(runOp({ node: node('MatMul', ['a', 'b']), inputs: { a: f32([4], seeded(4, 13)), b: f32([4], seeded(4, 14)) } }))
  })
})
