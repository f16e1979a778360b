import { describe, expect, it } from 'vitest'
import { ShapeMismatchError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { canonicalContext, f32, info, maxAbsDiff, node, quantizeOne, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { concat } from './concat.js'

describe('Concat', () => {
  it('canonicalize: axis non-negative (opset < 4 defaults to 1)', () => {
    const ctx = canonicalContext({ opset: 3, infos: { a: info([2, 3]), b: info([2, 1]) } })
    expect(canonicalizeNode(node('Concat', ['a', 'b']), ctx).nodes[0]!.attributes).toEqual({ axis: attr.int(1) })
  })

  it('inferShape and floatKernel', () => {
    const n = node('Concat', ['a', 'b'], { axis: attr.int(1) })
    expect(concat.inferShape(n, [info([2, 3]), info([2, 1])], () => undefined)).toEqual([info([2, 4])])
    expect(() => concat.inferShape(n, [info([2, 3]), info([3, 1])], () => undefined)).toThrow(ShapeMismatchError)
    expect(Array.from(concat.floatKernel(n, [f32([2, 1], [1, 2]), f32([2, 2], [3, 4, 5, 6])], 13)[0]!.data)).toEqual([1, 3, 4, 2, 5, 6])
  })

  it('quantize: inputs shifted to the largest scale', () => {
    const a = f32([1, 2], seeded(2, 71))
    const b = f32([1, 3], seeded(3, 72, -8, 8))
    const { model, float, integer } = runOp({ node: node('Concat', ['a', 'b'], { axis: attr.int(-1) }), inputs: { a, b } })
    const c = model.nodes[0]!
    if (c.op !== 'Concat') throw new Error('expected Concat')
    const [sa, sb] = [model.tensors['a']!.scale, model.tensors['b']!.scale]
    expect(c.shifts).toEqual([Math.max(sa, sb) - sa, Math.max(sa, sb) - sb])
    expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThan(1e-2)
  })

  it('quantize: constant operands become fill constants of one IndexMap at the runtime scale', () => {
    const { state } = quantizeOne({ node: node('Concat', ['a', 'k'], { axis: attr.int(1) }), inputs: { a: [1, 2] }, constants: { k: f32([1, 2], [0.5, -0.25]) }, inputScale: 6 })
    const q = state.nodes[0]!
    if (q.op !== 'IndexMap') throw new Error('expected IndexMap')
    expect(q.inputs).toEqual(['a'])
    expect(state.constants[q.index]!.data).toEqual([0, 1, -2, -3])
    expect(state.constants[q.fill!]!.data).toEqual([32, -16])
    expect(state.tensors['y']!.scale).toBe(6)
    const k = f32([2, 1], [3, -3])
    const { model, float, integer } = runOp({ node: node('Concat', ['k', 'a'], { axis: attr.int(0) }), inputs: { a: f32([1, 1], [0.7]) }, constants: { k } })
    expect(model.nodes.map((n) => n.op)).toEqual(['IndexMap'])
    expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThan(1e-2)
  })
})
