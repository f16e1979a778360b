import { describe, expect, it } from 'vitest'
import { ShapeMismatchError, UnsupportedOpError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { canonicalContext, f32, i64, info, maxAbsDiff, node, quantizeOne, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { pad, padSource } from './pad.js'

const x = f32([2, 3], [1, 2, 3, 4, 5, 6])
const padded = (mode: string, pads: number[], value?: number) => {
  const n = node('Pad', value === undefined ? ['x', 'p'] : ['x', 'p', 'v'], { mode: attr.string(mode) })
  const t = pad.floatKernel(n, [x, i64([pads.length], pads), value === undefined ? undefined : f32([], [value])], 13)[0]!
  return { dims: t.dims, data: Array.from(t.data) }
}

describe('Pad', () => {
  it('canonicalize: attribute form (opset < 11) and axes (opset 18) become full pads; wrap needs opset 19', () => {
    const old = canonicalizeNode(node('Pad', ['x'], { pads: attr.ints([0, 1, 0, 1]), value: attr.float(2) }), canonicalContext({ opset: 9, infos: { x: info([2, 3]) } }))
    expect(old.nodes[0]!.attributes).toEqual({ mode: attr.string('constant') })
    expect(old.initializers.map(([, t]) => Array.from(t.data))).toEqual([[0, 1, 0, 1], [2]])
    const ctx18 = canonicalContext({ opset: 18, infos: { x: info([2, 3]) }, constants: { p: i64([2], [1, 2]), a: i64([1], [-1]) } })
    const axes = canonicalizeNode(node('Pad', ['x', 'p', '', 'a']), ctx18)
    expect(axes.nodes[0]!.inputs).toHaveLength(2)
    expect(Array.from(axes.initializers[0]![1].data)).toEqual([0, 1, 0, 2])
    const ctx13 = canonicalContext({ opset: 13, infos: { x: info([2, 3]) }, constants: { p: i64([4], [0, 0, 0, 0]) } })
    expect(() => canonicalizeNode(node('Pad', ['x', 'p'], { mode: attr.string('wrap') }), ctx13)).toThrow(UnsupportedOpError)
  })

  it('floatKernel: constant (with a value), edge, reflect, wrap, and negative pads that crop first', () => {
    expect(padded('constant', [0, 1, 0, 0], 9)).toEqual({ dims: [2, 4], data: [9, 1, 2, 3, 9, 4, 5, 6] })
    expect(padded('edge', [1, 0, 0, 1]).data).toEqual([1, 2, 3, 3, 1, 2, 3, 3, 4, 5, 6, 6])
    expect(padded('reflect', [0, 2, 0, 2]).data).toEqual([3, 2, 1, 2, 3, 2, 1, 6, 5, 4, 5, 6, 5, 4])
    expect(padded('wrap', [0, 1, 0, 2]).data).toEqual([3, 1, 2, 3, 1, 2, 6, 4, 5, 6, 4, 5])
    expect(padded('edge', [0, -1, 0, 1])).toEqual({ dims: [2, 3], data: [2, 3, 3, 5, 6, 6] })
    // Reflection wider than the axis repeats (period 2·(n − 1)).
    expect([-4, -3, -2, -1, 3, 4, 5, 6].map((o) => padSource('reflect', o + 4, 4, 3))).toEqual([0, 1, 2, 1, 1, 0, 1, 2])
    expect(() => padded('edge', [0, -3, 0, 1])).toThrow(ShapeMismatchError)
    expect(() => padded('constant', [0, -4, 0, 0])).toThrow(ShapeMismatchError)
  })

  it('quantize: constant value is a fill constant at the input scale; a runtime value is a second source', () => {
    const { state } = quantizeOne({ node: node('Pad', ['x', 'p', 'v']), inputs: { x: [1, 2] }, constants: { p: i64([4], [0, 1, 0, 0]), v: f32([], [0.5]) }, inputScale: 4 })
    const q = state.nodes[0]!
    if (q.op !== 'IndexMap') throw new Error('expected IndexMap')
    expect(state.constants[q.index]!.data).toEqual([-2, 0, 1])
    expect(state.constants[q.fill!]!.data).toEqual([8])
    const { model, float, integer } = runOp({
      node: node('Pad', ['x', 'p', 'v']),
      inputs: { x: f32([1, 2, 3], seeded(6, 91)), v: f32([], [1.5]) },
      constants: { p: i64([6], [0, 1, 2, 0, 0, 1]) },
    })
    const m = model.nodes[0]!
    expect(m.op === 'IndexMap' && m.inputs).toEqual(['x', 'v'])
    expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThan(1e-3)
  })

  it('quantize: reflect padding is exact in the integer executor', () => {
    const { model, float, integer } = runOp({ node: node('Pad', ['x', 'p'], { mode: attr.string('reflect') }), inputs: { x: f32([1, 1, 3, 3], seeded(9, 92)) }, constants: { p: i64([8], [0, 0, 2, 2, 0, 0, 2, 2]) } })
    expect(model.nodes.map((q) => q.op)).toEqual(['IndexMap'])
    expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThanOrEqual(2 ** -model.inputs[0]!.scale / 2)
  })
})
