import { describe, expect, it } from 'vitest'
import { UnsupportedOpError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { canonicalContext, expectCircuitMatches, f32, i64, info, node, quantizeOne, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { globalMaxPool, reduceMax, reduceMin } from './reduceMax.js'

const X = f32([3, 2, 2], [5, 1, 20, 2, 30, 1, 40, 2, 55, 1, 60, 2])

describe('ReduceMax, ReduceMin, GlobalMaxPool', () => {
  it('canonicalize: sorted non-negative axes as an attribute before opset 18, an input from 18', () => {
    const old = canonicalizeNode(node('ReduceMax', ['x'], { axes: attr.ints([-1, 0]) }), canonicalContext({ infos: { x: info([3, 2, 2]) } }))
    expect(old.nodes[0]!.attributes).toEqual({ keepdims: attr.int(1), axes: attr.ints([0, 2]) })
    const ctx18 = canonicalContext({ opset: 18, infos: { x: info([3, 2, 2]) }, constants: { a: i64([1], [-2]) } })
    const r = canonicalizeNode(node('ReduceMin', ['x', 'a'], { keepdims: attr.int(0) }), ctx18)
    expect(r.nodes[0]!.attributes).toEqual({ keepdims: attr.int(0), noop_with_empty_axes: attr.int(0) })
    expect(Array.from(r.initializers[0]![1].data)).toEqual([1])
  })

  it('inferShape and floatKernel: keepdims, all axes, noop', () => {
    expect(reduceMax.inferShape(node('ReduceMax', ['x'], { axes: attr.ints([1]), keepdims: attr.int(0) }), [info([3, 2, 2])], () => undefined)).toEqual([info([3, 2])])
    expect(Array.from(reduceMax.floatKernel(node('ReduceMax', ['x'], { axes: attr.ints([1]) }), [X], 13)[0]!.data)).toEqual([20, 2, 40, 2, 60, 2])
    expect(Array.from(reduceMin.floatKernel(node('ReduceMin', ['x']), [X], 13)[0]!.data)).toEqual([1])
    expect(Array.from(reduceMin.floatKernel(node('ReduceMin', ['x'], { noop_with_empty_axes: attr.int(1) }), [X], 18)[0]!.data)).toEqual(Array.from(X.data))
    expect(globalMaxPool.inferShape(node('GlobalMaxPool', ['x']), [info([1, 3, 4, 5])], () => undefined)).toEqual([info([1, 3, 1, 1])])
  })

  for (const [op, attributes] of [
    ['ReduceMax', { axes: attr.ints([1]), keepdims: attr.int(0) }],
    ['ReduceMin', { axes: attr.ints([0, 2]) }],
    ['ReduceMax', {}],
    ['GlobalMaxPool', {}],
  ] as const) {
    it(`${op} ${JSON.stringify(attributes)}: one node, integer = float (on the grid) = circuit`, () => {
      const x = f32([2, 3, 2, 2], seeded(24, 7, -4, 4).map((v) => Math.round(v * 8) / 8))
      const r = runOp({ node: node(op, ['x'], attributes), inputs: { x } })
      expect(r.model.nodes.map((q) => q.op)).toEqual([op === 'ReduceMin' ? 'ReduceMin' : 'ReduceMax'])
      expect(r.integer['y']).toEqual(Array.from(r.float['y']!.data))
      expectCircuitMatches(r)
    })
  }

  it('an empty reduction (±infinity) is refused', () => {
    expect(() => quantizeOne({ node: node('ReduceMax', ['x'], { axes: attr.ints([1]) }), inputs: { x: [2, 0] } })).toThrow(UnsupportedOpError)
    expect(() => quantizeOne({ node: node('ReduceMin', ['x'], { axes: attr.ints([1]) }), inputs: { x: [2, 0] } })).toThrow(/empty reduction/)
  })
})
