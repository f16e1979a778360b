import { describe, expect, it } from 'vitest'
import { ShapeMismatchError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { canonicalContext, f32, i64, info, maxAbsDiff, node, quantizeOne, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { cumSum } from './cumSum.js'

const scalar = (v: number) => ({ ...i64([1], [v]), dims: [] })

describe('CumSum', () => {
  it('canonicalize: a non-negative scalar axis; exclusive and reverse explicit; a non-scalar axis is refused', () => {
    const ctx = canonicalContext({ infos: { x: info([2, 3]) }, constants: { axis: scalar(-1), bad: i64([2], [0, 1]) } })
    const r = canonicalizeNode(node('CumSum', ['x', 'axis']), ctx)
    expect(r.nodes[0]!.attributes).toEqual({ exclusive: attr.int(0), reverse: attr.int(0) })
    expect(Array.from(r.initializers[0]![1].data)).toEqual([1])
    expect(() => canonicalizeNode(node('CumSum', ['x', 'bad']), ctx)).toThrow(ShapeMismatchError)
  })

  it('floatKernel: inclusive, exclusive, reverse, along an inner axis', () => {
    const x = f32([5], [1, 2, 3, 4, 5])
    const run = (attrs: Record<string, ReturnType<typeof attr.int>>, t = x, axis = 0) => Array.from(cumSum.floatKernel(node('CumSum', ['x', 'axis'], attrs), [t, scalar(axis)], 14)[0]!.data)
    expect(run({})).toEqual([1, 3, 6, 10, 15])
    expect(run({ exclusive: attr.int(1) })).toEqual([0, 1, 3, 6, 10])
    expect(run({ reverse: attr.int(1) })).toEqual([15, 14, 12, 9, 5])
    expect(run({ exclusive: attr.int(1), reverse: attr.int(1) })).toEqual([14, 12, 9, 5, 0])
    expect(run({}, f32([2, 3], [1, 2, 3, 4, 5, 6]), 1)).toEqual([1, 3, 6, 4, 9, 15])
  })

  it('quantize: one CumSum node at the input scale; integer ≈ float', () => {
    const { state } = quantizeOne({ node: node('CumSum', ['x', 'axis'], { reverse: attr.int(1) }), inputs: { x: [2, 3] }, constants: { axis: scalar(0) } })
    expect(state.nodes).toEqual([{ op: 'CumSum', name: 'cumsum0', inputs: ['x'], outputs: ['y'], axis: 0, exclusive: false, reverse: true }])
    for (const [axis, attrs] of [[1, {}], [0, { exclusive: attr.int(1), reverse: attr.int(1) }], [2, { exclusive: attr.int(1) }]] as const) {
      const { float, integer } = runOp({ node: node('CumSum', ['x', 'axis'], attrs), inputs: { x: f32([2, 3, 40], seeded(240, axis)) }, constants: { axis: scalar(axis) } })
      expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThan(5e-3)
    }
  })
})
