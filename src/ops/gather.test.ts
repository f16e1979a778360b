import { describe, expect, it } from 'vitest'
import { ShapeMismatchError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { canonicalContext, f32, i64, info, maxAbsDiff, node, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { gather, gatherElements } from './gather.js'

const x = f32([2, 3], [1, 2, 3, 4, 5, 6])

describe('Gather and GatherElements', () => {
  it('canonicalize: axis explicit and non-negative', () => {
    const ctx = canonicalContext({ infos: { x: info([2, 3]) }, constants: { i: i64([1], [0]) } })
    expect(canonicalizeNode(node('Gather', ['x', 'i'], { axis: attr.int(-1) }), ctx).nodes[0]!.attributes).toEqual({ axis: attr.int(1) })
    expect(canonicalizeNode(node('GatherElements', ['x', 'i']), ctx).nodes[0]!.attributes).toEqual({ axis: attr.int(0) })
  })

  it('floatKernel: negative, scalar and 2-D indices; out-of-range indices are shape errors', () => {
    const g = (axis: number, idx: ReturnType<typeof i64>) => gather.floatKernel(node('Gather', ['x', 'i'], { axis: attr.int(axis) }), [x, idx], 13)[0]!
    expect(Array.from(g(1, i64([1], [-1])).data)).toEqual([3, 6])
    expect(g(0, i64([], [1]))).toMatchObject({ dims: [3] })
    expect(Array.from(g(1, i64([2, 2], [0, 2, 2, 1])).data)).toEqual([1, 3, 3, 2, 4, 6, 6, 5])
    expect(g(1, i64([2, 2], [0, 2, 2, 1])).dims).toEqual([2, 2, 2])
    expect(() => g(0, i64([1], [2]))).toThrow(ShapeMismatchError)
    const ge = gatherElements.floatKernel(node('GatherElements', ['x', 'i'], { axis: attr.int(1) }), [x, i64([2, 2], [2, -3, 1, 1])], 13)[0]!
    expect([ge.dims, Array.from(ge.data)]).toEqual([[2, 2], [3, 1, 5, 5]])
    expect(() => gatherElements.floatKernel(node('GatherElements', ['x', 'i'], { axis: attr.int(0) }), [x, i64([3], [0, 1, 0])], 13)).toThrow(ShapeMismatchError)
  })

  it('quantize: one IndexMap each, exact', () => {
    for (const [n, constants] of [
      [node('Gather', ['x', 'i'], { axis: attr.int(1) }), { i: i64([3], [3, -4, 0]) }],
      [node('GatherElements', ['x', 'i'], { axis: attr.int(0) }), { i: i64([1, 4], [1, 0, -1, 1]) }],
    ] as const) {
      const { model, float, integer } = runOp({ node: n, inputs: { x: f32([2, 4], seeded(8, 111)) }, constants })
      expect(model.nodes.map((q) => q.op)).toEqual(['IndexMap'])
      expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThanOrEqual(2 ** -model.inputs[0]!.scale / 2)
    }
  })
})
