import { describe, expect, it } from 'vitest'
import { ShapeMismatchError, UnsupportedOpError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { canonicalContext, f32, info, maxAbsDiff, node, quantizeOne, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { convTranspose } from './convTranspose.js'

const canonical = (attrs: Record<string, ReturnType<typeof attr.int>>, x = [1, 1, 3, 3], w = [1, 2, 3, 3]) =>
  canonicalizeNode(node('ConvTranspose', ['x', 'w'], attrs), canonicalContext({ infos: { x: info(x) }, constants: { w: f32(w, seeded(w.reduce((a, d) => a * d, 1))) } })).nodes[0]!.attributes

describe('ConvTranspose', () => {
  it('canonicalize: defaults explicit; output_shape and SAME_UPPER resolved into pads and output_padding', () => {
    expect(canonical({})).toEqual({
      kernel_shape: attr.ints([3, 3]),
      strides: attr.ints([1, 1]),
      dilations: attr.ints([1, 1]),
      pads: attr.ints([0, 0, 0, 0]),
      output_padding: attr.ints([0, 0]),
      group: attr.int(1),
    })
    // Full output 9 × 7; output_shape 10 × 8 adds a zero row and column at the end.
    const shaped = canonical({ strides: attr.ints([3, 2]), output_shape: attr.ints([10, 8]) })
    expect([shaped['pads'], shaped['output_padding']]).toEqual([attr.ints([0, 0, 0, 0]), attr.ints([1, 1])])
    // Output 6 × 6 from 7 × 7: SAME_UPPER drops the extra unit at the end.
    const same = canonical({ strides: attr.ints([2, 2]), auto_pad: attr.string('SAME_UPPER') })
    expect(same['pads']).toEqual(attr.ints([0, 0, 1, 1]))
    const lower = canonical({ strides: attr.ints([2, 2]), auto_pad: attr.string('SAME_LOWER') })
    expect(lower['pads']).toEqual(attr.ints([1, 1, 0, 0]))
    // Output 4 × 4 from 5 × 5: the odd unit of padding goes to the beginning (the spec's split; explicit pads are ignored).
    expect(canonical({ output_shape: attr.ints([4, 4]), pads: attr.ints([2, 2, 2, 2]) })['pads']).toEqual(attr.ints([1, 1, 0, 0]))
    // 1 × 1 kernel, stride 2: SAME asks for output 6 from a full output of 5 (onnxruntime and the spec differ).
    expect(() => canonical({ strides: attr.ints([2, 2]), auto_pad: attr.string('SAME_UPPER') }, [1, 1, 3, 3], [1, 1, 1, 1])).toThrow(/negative padding/)
    // An output_shape two longer than the full output would need a negative begin pad.
    expect(() => canonical({ output_shape: attr.ints([7, 7]) })).toThrow(UnsupportedOpError)
  })

  it('inferShape: s·(in − 1) + output_padding + (k − 1)·d + 1 − pads; channels from W and group', () => {
    const n = node('ConvTranspose', ['x', 'w'], { strides: attr.ints([3, 2]), pads: attr.ints([1, 2, 1, 2]), output_padding: attr.ints([1, 0]), dilations: attr.ints([1, 2]), group: attr.int(2) })
    expect(convTranspose.inferShape(n, [info([1, 2, 3, 3]), info([2, 3, 3, 3])], () => undefined)).toEqual([info([1, 6, 8, 5])])
    expect(() => convTranspose.inferShape(n, [info([1, 3, 3, 3]), info([2, 3, 3, 3])], () => undefined)).toThrow(ShapeMismatchError)
  })

  it('floatKernel: the ONNX examples (2-D and 1-D, all-ones kernel)', () => {
    const n2 = node('ConvTranspose', ['x', 'w'])
    const [y] = convTranspose.floatKernel(n2, [f32([1, 1, 3, 3], [0, 1, 2, 3, 4, 5, 6, 7, 8]), f32([1, 2, 3, 3], new Array(18).fill(1))], 13)
    const plane = [0, 1, 3, 3, 2, 3, 8, 15, 12, 7, 9, 21, 36, 27, 15, 9, 20, 33, 24, 13, 6, 13, 21, 15, 8]
    expect(y!.dims).toEqual([1, 2, 5, 5])
    expect(Array.from(y!.data)).toEqual([...plane, ...plane])
    const [y1] = convTranspose.floatKernel(node('ConvTranspose', ['x', 'w']), [f32([1, 1, 3], [0, 1, 2]), f32([1, 2, 3], [1, 1, 1, 1, 1, 1])], 13)
    expect(Array.from(y1!.data)).toEqual([0, 1, 3, 3, 2, 0, 1, 3, 3, 2])
  })

  it('floatKernel: stride, pads and output_padding place each product at i·s + k·d − pad_begin', () => {
    const n = node('ConvTranspose', ['x', 'w'], { strides: attr.ints([2]), pads: attr.ints([1, 0]), output_padding: attr.ints([1]), dilations: attr.ints([2]) })
    // Full positions: x0 → 0, 2; x1 → 2, 4. After the begin crop of 1 and one padding zero at the end.
    const [y] = convTranspose.floatKernel(n, [f32([1, 1, 2], [1, 10]), f32([1, 1, 2], [2, 3])], 13)
    expect(Array.from(y!.data)).toEqual([0, 3 + 20, 0, 30, 0])
  })

  it('quantize: one Conv with input dilations, the weight flipped and its channel axes swapped', () => {
    const w = f32([2, 1, 2], [1, 2, 3, 4])
    const { state } = quantizeOne({ node: node('ConvTranspose', ['x', 'w'], { strides: attr.ints([2]), group: attr.int(2) }), inputs: { x: [1, 2, 3] }, constants: { w } })
    expect(state.nodes.map((q) => q.op)).toEqual(['Conv'])
    const c = state.nodes[0]!
    if (c.op !== 'Conv') throw new Error('expected Conv')
    expect([c.pads, c.strides, c.dilations, c.inputDilations, c.group]).toEqual([[1, 1], [1], [1], [2], 2])
    const q = state.constants[c.weight]!
    expect(q.dims).toEqual([2, 1, 2])
    expect(q.data.map((v) => v / q.data[1]!)).toEqual([2, 1, 4, 3])
    expect(() => quantizeOne({ node: node('ConvTranspose', ['x', 'w']), inputs: { x: [1, 2, 3], w: [2, 1, 2] } })).toThrow(UnsupportedOpError)
  })

  it('integer executor ≈ float kernel (1-D, 2-D grouped with output_padding, 3-D dilated)', () => {
    const cases: [number[], number[], number, Record<string, ReturnType<typeof attr.ints>>][] = [
      [[2, 2, 5], [2, 3, 3], 1, { strides: attr.ints([3]), pads: attr.ints([1, 2]) }],
      [[1, 4, 3, 4], [4, 1, 3, 2], 2, { strides: attr.ints([2, 3]), output_padding: attr.ints([1, 2]), pads: attr.ints([0, 1, 1, 0]) }],
      [[1, 1, 2, 3, 3], [1, 2, 2, 2, 2], 1, { dilations: attr.ints([2, 1, 2]), strides: attr.ints([1, 2, 1]) }],
    ]
    for (const [xs, ws, group, attrs] of cases) {
      const size = (d: number[]) => d.reduce((a, v) => a * v, 1)
      const { model, float, integer } = runOp({
        node: node('ConvTranspose', ['x', 'w', 'b'], { ...attrs, group: attr.int(group) }),
        inputs: { x: f32(xs, seeded(size(xs), xs.length)) },
        constants: { w: f32(ws, seeded(size(ws), 9)), b: f32([ws[1]! * group], seeded(ws[1]! * group, 3)) },
      })
      expect(model.nodes.map((q) => q.op)).toEqual(['Conv'])
      expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThan(5e-3)
    }
  })
})
