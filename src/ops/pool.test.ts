import { describe, expect, it } from 'vitest'
import { ShapeMismatchError, UnsupportedOpError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { canonicalContext, f32, info, maxAbsDiff, node, quantizeOne, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { averagePool, globalAveragePool, maxPool } from './pool.js'

const x9 = f32([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9])

describe('MaxPool, AveragePool, GlobalAveragePool', () => {
  it('canonicalize: explicit attributes; MaxPool dilations, AveragePool count_include_pad; Indices refused', () => {
    const ctx = canonicalContext({ infos: { x: info([1, 1, 4, 4]) } })
    const [m] = canonicalizeNode(node('MaxPool', ['x'], { kernel_shape: attr.ints([2, 2]) }), ctx).nodes
    expect(m!.attributes).toEqual({ kernel_shape: attr.ints([2, 2]), strides: attr.ints([1, 1]), pads: attr.ints([0, 0, 0, 0]), ceil_mode: attr.int(0), dilations: attr.ints([1, 1]) })
    const [a] = canonicalizeNode(node('AveragePool', ['x'], { kernel_shape: attr.ints([2, 2]), auto_pad: attr.string('SAME_UPPER') }), ctx).nodes
    expect(a!.attributes).toEqual({ kernel_shape: attr.ints([2, 2]), strides: attr.ints([1, 1]), pads: attr.ints([0, 0, 1, 1]), ceil_mode: attr.int(0), count_include_pad: attr.int(0) })
    expect(() => canonicalizeNode(node('MaxPool', ['x'], { kernel_shape: attr.ints([2, 2]) }, ['y', 'idx']), ctx)).toThrow(UnsupportedOpError)
  })

  it('inferShape: ceil mode, and a kernel larger than the input', () => {
    const n = node('MaxPool', ['x'], { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]), ceil_mode: attr.int(1) })
    expect(maxPool.inferShape(n, [info([1, 3, 5, 5])], () => undefined)).toEqual([info([1, 3, 3, 3])])
    expect(() => averagePool.inferShape(node('AveragePool', ['x'], { kernel_shape: attr.ints([4, 4]) }), [info([1, 1, 3, 3])], () => undefined)).toThrow(ShapeMismatchError)
    expect(globalAveragePool.inferShape(node('GlobalAveragePool', ['x']), [info([2, 3, 4, 5])], () => undefined)).toEqual([info([2, 3, 1, 1])])
  })

  it('floatKernel: max, average with and without padding counted, global average', () => {
    const k2 = { kernel_shape: attr.ints([2, 2]), strides: attr.ints([1, 1]), pads: attr.ints([0, 0, 1, 1]) }
    expect(Array.from(maxPool.floatKernel(node('MaxPool', ['x'], k2), [x9], 13)[0]!.data)).toEqual([5, 6, 6, 8, 9, 9, 8, 9, 9])
    const avg = averagePool.floatKernel(node('AveragePool', ['x'], { ...k2, count_include_pad: attr.int(1) }), [x9], 13)[0]!
    expect(avg.data[8]).toBe(9 / 4)
    expect(averagePool.floatKernel(node('AveragePool', ['x'], k2), [x9], 13)[0]!.data[8]).toBe(9)
    expect(Array.from(globalAveragePool.floatKernel(node('GlobalAveragePool', ['x']), [x9], 13)[0]!.data)).toEqual([5])
  })

  it('quantize: MaxPool requantizes to the target first; a 3×3 average folds round(2^12 / 9) into the scale', () => {
    const m = quantizeOne({ node: node('MaxPool', ['x'], { kernel_shape: attr.ints([2, 2]) }), inputs: { x: [1, 1, 3, 3] }, inputScale: 20, ranges: { x: { min: 0, max: 1 } } }).state
    expect(m.nodes.map((q) => q.op)).toEqual(['Requant', 'MaxPool'])
    const a = quantizeOne({ node: node('GlobalAveragePool', ['x']), inputs: { x: [1, 1, 3, 3] } }).state
    expect(a.nodes).toEqual([
      { name: 'globalaveragepool0', inputs: ['x'], outputs: ['y'], op: 'SumPool', kernel: [3, 3], pads: [0, 0, 0, 0], strides: [1, 1], dilations: [1, 1], average: { shift: 12, countIncludePad: false } },
    ])
    expect(a.tensors['y']!.scale).toBe(8 + 12)
  })

  it('integer executor ≈ float kernel (2-D and 1-D)', () => {
    const cases = [
      node('MaxPool', ['x'], { kernel_shape: attr.ints([3, 3]), strides: attr.ints([2, 2]), pads: attr.ints([1, 1, 1, 1]) }),
      node('AveragePool', ['x'], { kernel_shape: attr.ints([3, 3]), pads: attr.ints([1, 1, 1, 1]), count_include_pad: attr.int(1) }),
      node('GlobalAveragePool', ['x']),
    ]
    for (const n of cases) {
      const { float, integer } = runOp({ node: n, inputs: { x: f32([1, 2, 5, 5], seeded(50, 41)) } })
      expect(maxAbsDiff(integer['y']!, float['y']!.data), n.opType).toBeLessThan(2e-3)
    }
    const oneD = runOp({ node: node('AveragePool', ['x'], { kernel_shape: attr.ints([3]) }), inputs: { x: f32([1, 2, 7], seeded(14, 42)) } })
    expect(oneD.model.nodes.map((q) => q.op)).toEqual(['SumPool'])
    expect(maxAbsDiff(oneD.integer['y']!, oneD.float['y']!.data)).toBeLessThan(2e-3)
  })

  it('3-D pools: max (dilated, ceil mode), average (count_include_pad), global average', () => {
    const x = f32([1, 2, 4, 5, 3], seeded(120, 43))
    const cases = [
      node('MaxPool', ['x'], { kernel_shape: attr.ints([2, 2, 2]), dilations: attr.ints([2, 1, 1]), strides: attr.ints([1, 2, 2]), ceil_mode: attr.int(1) }),
      node('AveragePool', ['x'], { kernel_shape: attr.ints([3, 3, 2]), pads: attr.ints([1, 1, 0, 1, 1, 1]), count_include_pad: attr.int(1) }),
      node('AveragePool', ['x'], { kernel_shape: attr.ints([2, 2, 2]), pads: attr.ints([1, 0, 1, 0, 1, 0]) }),
      node('GlobalAveragePool', ['x']),
    ]
    for (const n of cases) {
      const { float, integer, model } = runOp({ node: n, inputs: { x } })
      expect(model.nodes.every((q) => q.op !== 'Reshape'), n.opType).toBe(true)
      expect(maxAbsDiff(integer['y']!, float['y']!.data), n.opType).toBeLessThan(2e-3)
    }
  })

  it('floatKernel: a 3-D average counts only the taps inside the padded input', () => {
    const x = f32([1, 1, 2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8])
    const k = { kernel_shape: attr.ints([2, 2, 2]), strides: attr.ints([2, 2, 2]), pads: attr.ints([1, 1, 1, 0, 0, 0]), ceil_mode: attr.int(0) }
    // One window: the corner element 1 and seven padded taps.
    expect(Array.from(averagePool.floatKernel(node('AveragePool', ['x'], { ...k, count_include_pad: attr.int(1) }), [x], 13)[0]!.data)).toEqual([1 / 8])
    expect(Array.from(averagePool.floatKernel(node('AveragePool', ['x'], { ...k, count_include_pad: attr.int(0) }), [x], 13)[0]!.data)).toEqual([1])
  })
})
