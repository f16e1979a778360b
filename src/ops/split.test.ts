import { describe, expect, it } from 'vitest'
import { ShapeMismatchError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { canonicalContext, f32, i64, info, maxAbsDiff, node, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { split } from './split.js'

const parts = (opset: number, n: ReturnType<typeof node>, constants = {}) =>
  Array.from(canonicalizeNode(n, canonicalContext({ opset, infos: { x: info([2, 7]) }, constants })).initializers[0]![1].data)

describe('Split', () => {
  it('canonicalize: attribute (opset < 13), input, equal parts, num_outputs (opset 18, smaller last part)', () => {
    expect(parts(11, node('Split', ['x'], { axis: attr.int(1), split: attr.ints([3, 4]) }, ['a', 'b']))).toEqual([3, 4])
    expect(parts(13, node('Split', ['x', 's'], { axis: attr.int(-1) }, ['a', 'b']), { s: i64([2], [5, 2]) })).toEqual([5, 2])
    expect(parts(13, node('Split', ['x'], {}, ['a', 'b']))).toEqual([1, 1])
    expect(parts(18, node('Split', ['x'], { axis: attr.int(1), num_outputs: attr.int(3) }, ['a', 'b', 'c']))).toEqual([3, 3, 1])
    expect(() => parts(13, node('Split', ['x'], { axis: attr.int(1) }, ['a', 'b']))).toThrow(ShapeMismatchError)
    expect(() => split.inferShape(node('Split', ['x', 's'], { axis: attr.int(1) }, ['a', 'b']), [info([2, 7])], () => i64([2], [3, 3]))).toThrow(ShapeMismatchError)
  })

  it('floatKernel and shape rule: one tensor per output', () => {
    const n = node('Split', ['x', 's'], { axis: attr.int(1) }, ['a', 'b'])
    const outs = split.floatKernel(n, [f32([2, 3], [1, 2, 3, 4, 5, 6]), i64([2], [1, 2])], 13)
    expect(outs.map((t) => [t.dims, Array.from(t.data)])).toEqual([[[2, 1], [1, 4]], [[2, 2], [2, 3, 5, 6]]])
    expect(split.inferShape(n, [info([2, 3])], () => i64([2], [1, 2]))).toEqual([info([2, 1]), info([2, 2])])
  })

  it('quantize: one IndexMap per output, each exact', () => {
    const { model, float, integer } = runOp({ node: node('Split', ['x', 's'], { axis: attr.int(0) }, ['a', 'b', 'c']), inputs: { x: f32([5, 2], seeded(10, 151)) }, constants: { s: i64([3], [2, 0, 3]) } })
    expect(model.nodes.map((q) => [q.op, q.outputs])).toEqual([['IndexMap', ['a']], ['IndexMap', ['b']], ['IndexMap', ['c']]])
    for (const o of ['a', 'b', 'c']) expect(maxAbsDiff(integer[o]!, float[o]!.data)).toBeLessThanOrEqual(2 ** -model.inputs[0]!.scale / 2)
  })
})
