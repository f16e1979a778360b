import { describe, expect, it } from 'vitest'
import { ShapeMismatchError, UnsupportedOpError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { canonicalContext, f32, i64, info, maxAbsDiff, node, quantizeOne, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { reduceMean, reduceSum, reduceSumSquare } from './reduce.js'

const x = f32([2, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])

describe('ReduceSum, ReduceMean, ReduceSumSquare', () => {
  it('canonicalize: axes sorted and non-negative, as an input from the axes-input opset on, else an attribute', () => {
    const ctx = (opset: number) => canonicalContext({ opset, infos: { x: info([2, 3, 2]) }, constants: { axes: i64([2], [-1, 0]) } })
    const sum11 = canonicalizeNode(node('ReduceSum', ['x'], { axes: attr.ints([2, -3]) }), ctx(11))
    expect(sum11.nodes[0]!.attributes).toEqual({ keepdims: attr.int(1) })
    expect(Array.from(sum11.initializers[0]![1].data)).toEqual([0, 2])
    const mean13 = canonicalizeNode(node('ReduceMean', ['x'], { keepdims: attr.int(0) }), ctx(13)).nodes[0]!
    expect(mean13.attributes).toEqual({ axes: attr.ints([0, 1, 2]), keepdims: attr.int(0) })
    const mean18 = canonicalizeNode(node('ReduceMean', ['x', 'axes']), ctx(18))
    expect(Array.from(mean18.initializers[0]![1].data)).toEqual([0, 2])
    const noop = canonicalizeNode(node('ReduceSumSquare', ['x'], { noop_with_empty_axes: attr.int(1) }), ctx(18))
    expect(noop.nodes[0]!.attributes).toEqual({ keepdims: attr.int(1), noop_with_empty_axes: attr.int(1) })
    expect(() => canonicalizeNode(node('ReduceSum', ['x', 'axes']), canonicalContext({ infos: { x: info([2, 3, 2]) }, constants: { axes: i64([2], [1, -2]) } }))).toThrow(ShapeMismatchError)
  })

  it('inferShape: keepdims and the no-op', () => {
    const axes = i64([1], [1])
    const constant = (n: string) => (n === 'axes' ? axes : n === 'none' ? i64([0], []) : undefined)
    expect(reduceSum.inferShape(node('ReduceSum', ['x', 'axes'], { keepdims: attr.int(0) }), [info([2, 3, 2])], constant)).toEqual([info([2, 2])])
    expect(reduceSum.inferShape(node('ReduceSum', ['x', 'axes'], { keepdims: attr.int(1) }), [info([2, 3, 2])], constant)).toEqual([info([2, 1, 2])])
    expect(reduceSum.inferShape(node('ReduceSum', ['x', 'none'], { noop_with_empty_axes: attr.int(1) }), [info([2, 3, 2])], constant)).toEqual([info([2, 3, 2])])
  })

  it('floatKernel: sum, mean and sum of squares over the given axes', () => {
    const axes = i64([2], [0, 2])
    const run = (op: typeof reduceSum, type: string) => Array.from(op.floatKernel(node(type, ['x', 'axes'], { keepdims: attr.int(0) }), [x, axes], 18)[0]!.data)
    expect(run(reduceSum, 'ReduceSum')).toEqual([1 + 2 + 7 + 8, 3 + 4 + 9 + 10, 5 + 6 + 11 + 12])
    expect(run(reduceMean, 'ReduceMean')).toEqual([18 / 4, 26 / 4, 34 / 4])
    expect(run(reduceSumSquare, 'ReduceSumSquare')).toEqual([1 + 4 + 49 + 64, 9 + 16 + 81 + 100, 25 + 36 + 121 + 144])
  })

  it('quantize: one ReduceSum; a mean over 4 folds into the scale, over 3 multiplies by round(2^10 / 3); the sum of squares squares first', () => {
    const q = (type: string, axes: number[]) => quantizeOne({ node: node(type, ['x', 'axes']), inputs: { x: [2, 3, 2] }, constants: { axes: i64([axes.length], axes) }, opset: 18 }).state
    const mean4 = q('ReduceMean', [0, 2])
    expect(mean4.nodes).toEqual([{ op: 'ReduceSum', name: 'reducemean0', inputs: ['x'], outputs: ['y'], axes: [0, 2], mul: 1 }])
    expect(mean4.tensors['y']!.scale).toBe(8 + 2)
    const mean3 = q('ReduceMean', [1])
    expect(mean3.nodes).toMatchObject([{ op: 'ReduceSum', axes: [1], mul: Math.round(2 ** 10 / 3) }])
    expect(mean3.tensors['y']!.scale).toBe(8 + 10)
    expect(q('ReduceSumSquare', [1]).nodes.map((n) => n.op)).toEqual(['Mul', 'ReduceSum'])
    expect(() => quantizeOne({ node: node('ReduceSum', ['x', 'axes']), inputs: { x: [2, 0] }, constants: { axes: i64([1], [1]) } })).toThrow(UnsupportedOpError)
  })

  it('integer executor ≈ float kernel (every axis, middle axis without keepdims, no-op)', () => {
    const data = f32([2, 5, 3], seeded(30, 31))
    for (const type of ['ReduceSum', 'ReduceMean', 'ReduceSumSquare'])
      for (const [axes, attrs] of [
        [[], {}],
        [[1], { keepdims: attr.int(0) }],
        [[-1, 0], {}],
        [[], { noop_with_empty_axes: attr.int(1) }],
      ] as const) {
        const { float, integer } = runOp({ node: node(type, ['x', 'axes'], attrs), inputs: { x: data }, constants: { axes: i64([axes.length], axes) }, opset: 18 })
        expect(maxAbsDiff(integer['y']!, float['y']!.data), `${type} [${axes}]`).toBeLessThan(5e-3)
      }
  })
})
