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

  it('canonicalize: refuses 3-D convolution and ambiguous SAME padding', () => {
    const ctx3d = canonicalContext({ infos: { x: info([1, 1, 4, 4, 4]) }, constants: { w: f32([1, 1, 2, 2, 2], seeded(8)) } })
    expect(() => canonicalizeNode(node('Conv', ['x', 'w']), ctx3d)).toThrow(UnsupportedOpError)
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

  it('quantize: a 1-D convolution runs as 2-D between two Reshapes', () => {
    const { state } = quantizeOne({ node: node('Conv', ['x', 'w']), inputs: { x: [1, 2, 6] }, constants: { w: f32([3, 2, 2], seeded(12, 2)) } })
    expect(state.nodes.map((q) => q.op)).toEqual(['Reshape', 'Conv', 'Reshape'])
    expect(state.tensors['x@2d']!.shape).toEqual([1, 2, 1, 6])
    expect(state.tensors['y@2d']!.shape).toEqual([1, 3, 1, 5])
    const c = state.nodes[1]!
    if (c.op !== 'Conv') throw new Error('expected Conv')
    expect([c.pads, c.strides, c.dilations, c.group]).toEqual([[0, 0, 0, 0], [1, 1], [1, 1], 1])
    expect(state.constants[c.weight]!.dims).toEqual([3, 2, 1, 2])
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
