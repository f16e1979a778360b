import { describe, expect, it } from 'vitest'
import { createTensor } from '../onnx/ir.js'
import { expectCircuitMatches, f32, info, maxAbsDiff, node, runOp, seeded } from '../../test/helpers/ops.js'
import { max, min } from './minMax.js'

describe('Max, Min', () => {
  it('inferShape and floatKernel: variadic with broadcasting', () => {
    expect(max.inferShape(node('Max', ['a', 'b', 'c']), [info([2, 1]), info([3]), info([1, 3])], () => undefined)).toEqual([info([2, 3])])
    const [y] = min.floatKernel(node('Min', ['a', 'b', 'c']), [f32([3], [3, 2, 1]), f32([3], [1, 4, 4]), f32([1], [2])], 13)
    expect(Array.from(y!.data)).toEqual([1, 2, 1])
  })

  for (const op of ['Max', 'Min'] as const) {
    it(`${op}: three broadcast inputs on the largest scale, (n − 1) relu steps; integer ≈ float; circuit`, () => {
      const r = runOp({
        node: node(op, ['a', 'b', 'c']),
        inputs: { a: f32([2, 3], seeded(6, 1, -4, 4)), b: f32([3], seeded(3, 2, -0.5, 0.5)), c: f32([2, 1], seeded(2, 3)) },
      })
      expect(r.model.nodes.map((q) => q.op)).toEqual(['Add', 'Requant', 'Add', 'Add', 'Requant', 'Add'])
      expect(maxAbsDiff(r.integer['y']!, r.float['y']!.data)).toBeLessThan(1e-3)
      expectCircuitMatches(r)
    })
  }

  it('a constant input, one input (identity) and int inputs', () => {
    const c = runOp({ node: node('Max', ['a', 'k']), inputs: { a: f32([4], [-1, -0.25, 0.25, 1]) }, constants: { k: f32([], [0]) } })
    expect(c.integer['y']).toEqual([0, 0, 0.25, 1])
    expectCircuitMatches(c)
    expect(runOp({ node: node('Min', ['a']), inputs: { a: f32([2], [1, 2]) } }).model.nodes.map((q) => q.op)).toEqual(['Reshape'])
    const int = (data: number[]) => createTensor({ dtype: 'int32', dims: [3], data })
    const r = runOp({ node: node('Min', ['a', 'b']), inputs: { a: int([3, 2, 1]), b: int([1, 4, 4]) } })
    expect(r.integer['y']).toEqual([1, 2, 1])
    expect(r.model.tensors['y']).toMatchObject({ scale: 0, dtype: 'int' })
  })
})
