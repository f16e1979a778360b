import { describe, expect, it } from 'vitest'
import { UnsupportedOpError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { canonicalContext, f32, info, maxAbsDiff, node, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { lpPool } from './lpPool.js'

describe('LpPool', () => {
  it('canonicalize: p explicit; dilations and ceil_mode only from opset 18', () => {
    const ctx = (opset: number) => canonicalContext({ opset, infos: { x: info([1, 1, 4, 4]) } })
    const [a] = canonicalizeNode(node('LpPool', ['x'], { kernel_shape: attr.ints([2, 2]) }), ctx(11)).nodes
    expect(a!.attributes).toEqual({ kernel_shape: attr.ints([2, 2]), strides: attr.ints([1, 1]), pads: attr.ints([0, 0, 0, 0]), p: attr.int(2) })
    const [b] = canonicalizeNode(node('LpPool', ['x'], { kernel_shape: attr.ints([2, 2]), p: attr.int(1), auto_pad: attr.string('SAME_UPPER') }), ctx(18)).nodes
    expect(b!.attributes).toEqual({ kernel_shape: attr.ints([2, 2]), strides: attr.ints([1, 1]), pads: attr.ints([0, 0, 1, 1]), ceil_mode: attr.int(0), dilations: attr.ints([1, 1]), p: attr.int(1) })
  })

  it('floatKernel: (Σ |x|^p)^(1/p) with zero padding', () => {
    const x = f32([1, 1, 3], [3, -4, 1])
    const k = { kernel_shape: attr.ints([2]), strides: attr.ints([1]), pads: attr.ints([0, 1]) }
    expect(Array.from(lpPool.floatKernel(node('LpPool', ['x'], { ...k, p: attr.int(2) }), [x], 18)[0]!.data)).toEqual([5, Math.sqrt(17), 1])
    expect(Array.from(lpPool.floatKernel(node('LpPool', ['x'], { ...k, p: attr.int(1) }), [x], 18)[0]!.data)).toEqual([7, 5, 1])
  })

  it('quantize p = 1: |x| = 2·relu(x) − x then a window sum; integer ≈ float in 1-D, 2-D and 3-D', () => {
    const cases: [number[], Record<string, ReturnType<typeof attr.ints>>][] = [
      [[1, 2, 9], { kernel_shape: attr.ints([3]), strides: attr.ints([2]), pads: attr.ints([1, 1]) }],
      [[1, 2, 5, 5], { kernel_shape: attr.ints([2, 3]), dilations: attr.ints([2, 1]) }],
      [[1, 1, 3, 4, 4], { kernel_shape: attr.ints([2, 2, 2]), strides: attr.ints([1, 2, 2]) }],
    ]
    for (const [shape, attrs] of cases) {
      const size = shape.reduce((a, d) => a * d, 1)
      const { model, float, integer } = runOp({ node: node('LpPool', ['x'], { ...attrs, p: attr.int(1) }), inputs: { x: f32(shape, seeded(size, shape.length)) }, opset: 18 })
      expect(model.nodes.map((q) => q.op)).toEqual(['Requant', 'Add', 'SumPool'])
      expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThan(1e-2)
    }
  })

  it('quantize p = 2: squares, window sums, square roots (integer ≈ float)', () => {
    const cases: [number[], Record<string, ReturnType<typeof attr.ints>>][] = [
      [[1, 2, 6], { kernel_shape: attr.ints([2]), strides: attr.ints([2]) }],
      [[1, 1, 4, 5], { kernel_shape: attr.ints([2, 2]), pads: attr.ints([1, 0, 0, 1]) }],
    ]
    for (const [shape, attrs] of cases) {
      const size = shape.reduce((a, d) => a * d, 1)
      const { model, float, integer } = runOp({ node: node('LpPool', ['x'], { ...attrs, p: attr.int(2) }), inputs: { x: f32([...shape], seeded(size, 7)) }, opset: 18 })
      expect(model.nodes.map((q) => q.op)).toEqual(['Mul', 'SumPool', 'Sqrt'])
      expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThan(1e-3)
    }
  })

  it('quantize: refuses p ∉ {1, 2} with the reason', () => {
    const n = node('LpPool', ['x'], { kernel_shape: attr.ints([2]), p: attr.int(3) })
    expect(() => runOp({ node: n, inputs: { x: f32([1, 1, 4], [1, 2, 3, 4]) }, opset: 18 })).toThrow(UnsupportedOpError)
    expect(() => runOp({ node: n, inputs: { x: f32([1, 1, 4], [1, 2, 3, 4]) }, opset: 18 })).toThrow(/degree-3 root/)
  })
})
