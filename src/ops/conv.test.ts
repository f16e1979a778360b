import { describe, expect, it } from 'vitest'
import { ShapeMismatchError, UnsupportedOpError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { canonicalContext, f32, info, maxAbsDiff, node, quantizeOne, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { conv } from './conv.js'

describe('Conv', () => {
  it('canonicalize: resolves SAME_UPPER into pads and fills the defaults', () => {
    const ctx = canonicalContext({ infos: { x: info([1, 1, 5, 5]) }, constants: { w: f32([2, 1, 3, 3], seeded(18)) } })
    const [n] = canonicalizeNode(node('Conv', ['x', 'w'], { auto_pad: attr.string('SAME_UPPER') }), ctx).nodes
    expect(n!.attributes).toEqual({
      kernel_shape: attr.ints([3, 3]),
      strides: attr.ints([1, 1]),
      dilations: attr.ints([1, 1]),
      pads: attr.ints([1, 1, 1, 1]),
      group: attr.int(1),
    })
  })

  it('canonicalize: accepts 3-D, refuses 4-D convolution and ambiguous SAME padding', () => {
    const ctx3d = canonicalContext({ infos: { x: info([1, 1, 4, 4, 4]) }, constants: { w: f32([1, 1, 2, 2, 2], seeded(8)) } })
    expect(canonicalizeNode(node('Conv', ['x', 'w']), ctx3d).nodes[0]!.attributes['pads']).toEqual(attr.ints([0, 0, 0, 0, 0, 0]))
    const ctx4d = canonicalContext({ infos: { x: info([1, 1, 3, 3, 3, 3]) }, constants: { w: f32([1, 1, 2, 2, 2, 2], seeded(16)) } })
    expect(() => canonicalizeNode(node('Conv', ['x', 'w']), ctx4d)).toThrow(UnsupportedOpError)
    const ctx = canonicalContext({ infos: { x: info([1, 1, 5, 5]) }, constants: { w: f32([1, 1, 3, 3], seeded(9)) } })
    expect(() => canonicalizeNode(node('Conv', ['x', 'w'], { auto_pad: attr.string('SAME_LOWER'), dilations: attr.ints([2, 2]) }), ctx)).toThrow(/ambiguous/)
  })

  it('inferShape: output size from pads, strides and dilations; checks channels', () => {
    const n = node('Conv', ['x', 'w'], { kernel_shape: attr.ints([3, 3]), strides: attr.ints([2, 2]), dilations: attr.ints([1, 1]), pads: attr.ints([1, 1, 1, 1]), group: attr.int(1) })
    expect(conv.inferShape(n, [info([1, 2, 7, 7]), info([4, 2, 3, 3])], () => undefined)).toEqual([info([1, 4, 4, 4])])
    expect(() => conv.inferShape(n, [info([1, 3, 7, 7]), info([4, 2, 3, 3])], () => undefined)).toThrow(ShapeMismatchError)
  })

  it('floatKernel: a 2×2 box filter with bias', () => {
    const n = node('Conv', ['x', 'w', 'b'], { kernel_shape: attr.ints([2, 2]), strides: attr.ints([1, 1]), dilations: attr.ints([1, 1]), pads: attr.ints([0, 0, 0, 0]), group: attr.int(1) })
    const [y] = conv.floatKernel(n, [f32([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]), f32([1, 1, 2, 2], [1, 1, 1, 1]), f32([1], [0.5])], 13)
    expect(y!.dims).toEqual([1, 1, 2, 2])
    expect(Array.from(y!.data)).toEqual([12.5, 16.5, 24.5, 28.5])
  })

  it('quantize: a 1-D convolution is one N-D Conv node with 1-D geometry', () => {
    const { state } = quantizeOne({ node: node('Conv', ['x', 'w'], { pads: attr.ints([1, 0]) }), inputs: { x: [1, 2, 6] }, constants: { w: f32([3, 2, 2], seeded(12, 2)) } })
    expect(state.nodes.map((q) => q.op)).toEqual(['Conv'])
    const c = state.nodes[0]!
    if (c.op !== 'Conv') throw new Error('expected Conv')
    expect([c.pads, c.strides, c.dilations, c.group]).toEqual([[1, 0], [1], [1], 1])
    expect(state.constants[c.weight]!.dims).toEqual([3, 2, 2])
    expect(state.tensors['y']!.shape).toEqual([1, 3, 6])
  })

  it('floatKernel: 1-D and 3-D agree with a direct sum', () => {
    const x1 = f32([1, 1, 5], [1, 2, 3, 4, 5])
    const n1 = node('Conv', ['x', 'w'], { kernel_shape: attr.ints([2]), strides: attr.ints([2]), dilations: attr.ints([2]), pads: attr.ints([1, 1]), group: attr.int(1) })
    // Padded input [0, 1, 2, 3, 4, 5, 0]; taps at p and p + 2, p = 0, 2, 4.
    expect(Array.from(conv.floatKernel(n1, [x1, f32([1, 1, 2], [1, 10])], 13)[0]!.data)).toEqual([0 + 20, 2 + 40, 4 + 0])
    const x3 = f32([1, 1, 2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8])
    const n3 = node('Conv', ['x', 'w'], { kernel_shape: attr.ints([2, 2, 2]), strides: attr.ints([1, 1, 1]), dilations: attr.ints([1, 1, 1]), pads: attr.ints([0, 0, 0, 1, 0, 0]), group: attr.int(1) })
    const [y] = conv.floatKernel(n3, [x3, f32([1, 1, 2, 2, 2], [1, 1, 1, 1, 1, 1, 1, 1])], 13)
    expect(y!.dims).toEqual([1, 1, 2, 1, 1])
    expect(Array.from(y!.data)).toEqual([36, 26])
  })

  it('integer executor ≈ float kernel (1-D dilated, 3-D strided and grouped)', () => {
    const one = runOp({
      node: node('Conv', ['x', 'w'], { dilations: attr.ints([2]), pads: attr.ints([2, 1]) }),
      inputs: { x: f32([2, 2, 9], seeded(36, 21)) },
      constants: { w: f32([3, 2, 3], seeded(18, 22)) },
    })
    expect(maxAbsDiff(one.integer['y']!, one.float['y']!.data)).toBeLessThan(5e-3)
    const three = runOp({
      node: node('Conv', ['x', 'w', 'b'], { group: attr.int(2), strides: attr.ints([2, 1, 2]), pads: attr.ints([1, 0, 1, 0, 1, 1]) }),
      inputs: { x: f32([1, 4, 4, 3, 5], seeded(240, 23)) },
      constants: { w: f32([2, 2, 3, 2, 3], seeded(72, 24)), b: f32([2], [0.25, -0.5]) },
    })
    expect(three.model.nodes.map((q) => q.op)).toEqual(['Conv'])
    expect(maxAbsDiff(three.integer['y']!, three.float['y']!.data)).toBeLessThan(5e-3)
  })

  it('integer executor ≈ float kernel (grouped, padded, strided)', () => {
    const { float, integer } = runOp({
      node: node('Conv', ['x', 'w', 'b'], { group: attr.int(2), pads: attr.ints([1, 0, 1, 2]), strides: attr.ints([2, 1]) }),
      inputs: { x: f32([1, 4, 5, 5], seeded(100, 11)) },
      constants: { w: f32([4, 2, 3, 3], seeded(72, 12)), b: f32([4], seeded(4, 13)) },
    })
    expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThan(5e-3)
  })
})
