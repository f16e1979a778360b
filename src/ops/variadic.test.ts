import { describe, expect, it } from 'vitest'
import { ShapeMismatchError } from '../errors/compile.js'
import { f32, info, maxAbsDiff, node, quantizeOne, runOp, seeded } from '../../test/helpers/ops.js'
import { mean, sum } from './variadic.js'

describe('Sum, Mean', () => {
  it('inferShape: broadcast over every input', () => {
    expect(sum.inferShape(node('Sum', ['a', 'b', 'c']), [info([3, 1]), info([4]), info([1, 1])], () => undefined)).toEqual([info([3, 4])])
    expect(() => mean.inferShape(node('Mean', ['a', 'b']), [info([3]), info([4])], () => undefined)).toThrow(ShapeMismatchError)
  })

  it('floatKernel: broadcast sum and mean', () => {
    const a = f32([2, 1], [1, 2])
    const b = f32([3], [10, 20, 30])
    expect(Array.from(sum.floatKernel(node('Sum', ['a', 'b']), [a, b], 13)[0]!.data)).toEqual([11, 21, 31, 12, 22, 32])
    expect(maxAbsDiff(mean.floatKernel(node('Mean', ['a', 'b', 'c']), [a, b, f32([1], [3])], 13)[0]!.data, [14 / 3, 8, 34 / 3, 5, 25 / 3, 35 / 3])).toBeLessThan(1e-12)
  })

  it('quantize: Adds align the scales; a mean of 4 folds into the scale; of 3 multiplies; constants add once; one input is a view', () => {
    const inputs = { a: [3], b: [3], c: [3], d: [3] }
    const four = quantizeOne({ node: node('Mean', ['a', 'b', 'c', 'd']), inputs }).state
    expect(four.nodes.map((n) => n.op)).toEqual(['Add', 'Add', 'Add'])
    expect(four.tensors['y']!.scale).toBe(8 + 2)
    const three = quantizeOne({ node: node('Mean', ['a', 'b', 'k']), inputs, constants: { k: f32([3], [1, 2, 3]) } }).state
    expect(three.nodes.map((n) => n.op)).toEqual(['Add', 'Affine', 'Affine'])
    expect(three.tensors['y']!.scale).toBe(8 + 10)
    const one = quantizeOne({ node: node('Sum', ['a']), inputs }).state
    expect(one.nodes.map((n) => n.op)).toEqual(['Reshape'])
  })

  it('integer executor ≈ float kernel (broadcast, constants, n = 1, 2, 3, 4)', () => {
    const xs = { a: f32([2, 3], seeded(6, 1)), b: f32([3], seeded(3, 2, -4, 4)), c: f32([2, 1], seeded(2, 3)), d: f32([2, 3], seeded(6, 4, 0, 0.01)) }
    for (const op of ['Sum', 'Mean'])
      for (const names of [['a'], ['a', 'b'], ['a', 'b', 'c'], ['a', 'b', 'c', 'd'], ['a', 'k', 'c']]) {
        const inputs = Object.fromEntries(names.filter((n) => n !== 'k').map((n) => [n, xs[n as keyof typeof xs]]))
        const { float, integer } = runOp({ node: node(op, names), inputs, constants: names.includes('k') ? { k: f32([3], [0.5, -1, 2]) } : {} })
        expect(maxAbsDiff(integer['y']!, float['y']!.data), `${op}(${names})`).toBeLessThan(5e-3)
      }
  })
})
