import { describe, expect, it } from 'vitest'
import { ShapeMismatchError, UnsupportedOpError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { canonicalContext, f32, i64, info, maxAbsDiff, node, quantizeOne, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { add, div, mul, sub } from './binary.js'

describe('Add, Sub, Mul, Div', () => {
  it('canonicalize: opset-6 broadcast reshapes a constant B, and inserts a Reshape for a runtime B', () => {
    const legacy = { broadcast: attr.int(1), axis: attr.int(1) }
    const constB = canonicalContext({ opset: 6, infos: { a: info([2, 3, 4]) }, constants: { b: f32([3], [1, 2, 3]) } })
    const r = canonicalizeNode(node('Add', ['a', 'b'], legacy), constB)
    expect(r.nodes).toEqual([{ opType: 'Add', name: 'add0', inputs: ['a', 'b_bcast'], outputs: ['y'], attributes: {} }])
    expect(r.initializers[0]![1].dims).toEqual([3, 1])
    const runtimeB = canonicalContext({ opset: 6, infos: { a: info([2, 3, 4]), b: info([3]) } })
    const r2 = canonicalizeNode(node('Mul', ['a', 'b'], legacy), runtimeB)
    expect(r2.nodes.map((n) => n.opType)).toEqual(['Reshape', 'Mul'])
    expect(Array.from(r2.initializers[0]![1].data)).toEqual([3, 1])
    expect(() => canonicalizeNode(node('Sub', ['a', 'b']), canonicalContext({ opset: 6, infos: { a: info([2, 3]), b: info([3]) } }))).toThrow(ShapeMismatchError)
  })

  it('inferShape: numpy broadcasting', () => {
    expect(add.inferShape(node('Add', ['a', 'b']), [info([2, 1, 4]), info([3, 1])], () => undefined)).toEqual([info([2, 3, 4])])
    expect(() => add.inferShape(node('Add', ['a', 'b']), [info([2, 3]), info([4])], () => undefined)).toThrow(ShapeMismatchError)
  })

  it('floatKernel: broadcasting, and integer Div truncating toward zero', () => {
    const a = f32([2, 2], [1, 2, 3, 4])
    const b = f32([2], [10, 20])
    expect(Array.from(sub.floatKernel(node('Sub', ['a', 'b']), [a, b], 13)[0]!.data)).toEqual([-9, -18, -7, -16])
    expect(Array.from(mul.floatKernel(node('Mul', ['a', 'b']), [a, b], 13)[0]!.data)).toEqual([10, 40, 30, 80])
    expect(Array.from(div.floatKernel(node('Div', ['a', 'b']), [i64([2], [-7, 7]), i64([1], [2])], 13)[0]!.data)).toEqual([-3, 3])
  })

  it('quantize: a constant operand becomes an Affine node (c − x negates x)', () => {
    const { state } = quantizeOne({ node: node('Sub', ['c', 'x']), inputs: { x: [1, 3] }, constants: { c: f32([3], [1, 2, 3]) } })
    expect(state.nodes.map((q) => q.op)).toEqual(['Affine'])
    const affine = state.nodes[0] as { mul: string; add: string }
    expect(state.constants[affine.mul]!.data).toEqual([-1])
    expect(state.constants[affine.add]!.data).toEqual([1, 2, 3].map((v) => v * 2 ** 8))
    expect(() => quantizeOne({ node: node('Div', ['c', 'x']), inputs: { x: [1, 3] }, constants: { c: f32([3], [1, 2, 3]) } })).toThrow(UnsupportedOpError)
    expect(() => quantizeOne({ node: node('Div', ['x', 'c']), inputs: { x: [1, 3] }, constants: { c: f32([1], [0]) } })).toThrow(/zero constant/)
  })

  it('quantize: two activations; Add aligns scales, Mul requantizes to the target scales first', () => {
    const { state } = quantizeOne({ node: node('Add', ['a', 'b']), inputs: { a: [4], b: [4] }, inputScale: 8 })
    expect(state.nodes).toEqual([{ name: 'add0', inputs: ['a', 'b'], outputs: ['y'], op: 'Add', shifts: [0, 0], subtract: false }])
    const ranges = { a: { min: -1, max: 1 }, b: { min: -1, max: 1 } }
    const m = quantizeOne({ node: node('Mul', ['a', 'b']), inputs: { a: [4], b: [4] }, inputScale: 20, ranges }).state
    expect(m.nodes.map((q) => q.op)).toEqual(['Requant', 'Requant', 'Mul'])
    expect(m.tensors['y']!.scale).toBe(2 * 14) // the 16-bit target scale of a value in [-1, 1] is 14 (1 · 2^14 ≤ 2^15 − 1)
  })

  for (const op of ['Add', 'Sub', 'Mul', 'Div'] as const) {
    it(`${op}: integer executor ≈ float kernel (two activations, and one constant)`, () => {
      const a = f32([2, 3], seeded(6, 21))
      const b = f32([3], seeded(3, 22, 0.5, 2))
      const both = runOp({ node: node(op, ['a', 'b']), inputs: { a, b } })
      expect(maxAbsDiff(both.integer['y']!, both.float['y']!.data)).toBeLessThan(2e-3)
      const one = runOp({ node: node(op, ['a', 'b']), inputs: { a }, constants: { b } })
      expect(maxAbsDiff(one.integer['y']!, one.float['y']!.data)).toBeLessThan(2e-3)
    })
  }
})
