import { describe, expect, it } from 'vitest'
import { ShapeMismatchError, UnsupportedOpError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { createTensor } from '../onnx/ir.js'
import { canonicalContext, expectCircuitMatches, f32, info, node, quantizeOne, runOp } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { equal, exactShift, less } from './compare.js'

const grid = (n: number, seed: number) => Array.from({ length: n }, (_, i) => (((i * 7 + seed) % 17) - 8) / 8)
const OPS = ['Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual', 'Equal'] as const

describe('Less, LessOrEqual, Greater, GreaterOrEqual, Equal', () => {
  it('canonicalize: opset-6 legacy broadcasting reshapes B', () => {
    const ctx = canonicalContext({ opset: 6, infos: { a: info([2, 3, 4]), b: info([3]) } })
    const r = canonicalizeNode(node('Less', ['a', 'b'], { broadcast: attr.int(1), axis: attr.int(1) }), ctx)
    expect(r.nodes.map((n) => n.opType)).toEqual(['Reshape', 'Less'])
  })

  it('inferShape: broadcast, bool; incompatible shapes throw', () => {
    expect(less.inferShape(node('Less', ['a', 'b']), [info([3, 1]), info([4])], () => undefined)).toEqual([info([3, 4], 'bool')])
    expect(() => less.inferShape(node('Less', ['a', 'b']), [info([3]), info([4])], () => undefined)).toThrow(ShapeMismatchError)
  })

  it('floatKernel: broadcast comparisons, exact equality', () => {
    const a = f32([2, 2], [1, 2, 3, 4])
    const b = f32([2], [2, 3])
    expect(Array.from(less.floatKernel(node('Less', ['a', 'b']), [a, b], 13)[0]!.data)).toEqual([1, 1, 0, 0])
    expect(Array.from(equal.floatKernel(node('Equal', ['a', 'b']), [a, b], 13)[0]!.data)).toEqual([0, 0, 0, 0])
    expect(equal.floatKernel(node('Equal', ['a', 'b']), [a, b], 13)[0]!.dtype).toBe('bool')
  })

  it('quantize: two activations are shifted to the larger scale', () => {
    const { state } = quantizeOne({ node: node('Greater', ['a', 'b']), inputs: { a: [3], b: [3] }, inputScale: 8 })
    state.tensors['b']!.scale = 5
    expect(state.nodes).toEqual([{ op: 'Compare', name: 'greater0', inputs: ['a', 'b'], outputs: ['y'], cmp: 'greater', shifts: [0, 0] }])
    const other = quantizeOne({ node: node('LessOrEqual', ['a', 'b']), inputs: { a: [3], b: [3] }, inputScale: 8 })
    expect(other.state.tensors['y']).toMatchObject({ scale: 0 })
  })

  it('quantize: a constant operand is an exact integer threshold (ceil for <, floor for ≤, mirrored when first)', () => {
    const c = f32([2], [0.3, -0.3].map(Math.fround))
    const lt = quantizeOne({ node: node('Less', ['x', 'c']), inputs: { x: [2] }, constants: { c }, inputScale: 4 }).state
    expect(lt.nodes.map((q) => q.op)).toEqual(['Affine', 'Compare'])
    expect(lt.constants[(lt.nodes[0] as { add: string }).add]!.data).toEqual([-5, 4]) // ceil(4.8) = 5, ceil(−4.8) = −4
    const le = quantizeOne({ node: node('LessOrEqual', ['x', 'c']), inputs: { x: [2] }, constants: { c }, inputScale: 4 }).state
    expect(le.constants[(le.nodes[0] as { add: string }).add]!.data).toEqual([-4, 5])
    // c < x is x > c: floor.
    const gt = quantizeOne({ node: node('Less', ['c', 'x']), inputs: { x: [2] }, constants: { c }, inputScale: 4 }).state
    expect(gt.nodes[1]).toMatchObject({ op: 'Compare', cmp: 'greater' })
    expect(gt.constants[(gt.nodes[0] as { add: string }).add]!.data).toEqual([-4, 5])
  })

  it('quantize: Equal with a constant shifts x until the constant is exact; non-finite constants are refused', () => {
    expect(exactShift([0.5, 0.25], 1)).toBe(1)
    expect(exactShift([3], 0)).toBe(0)
    expect(exactShift([0.1], 4)).toBeUndefined() // 0.1 (float64) is not exact below 2^50
    const eq = quantizeOne({ node: node('Equal', ['x', 'c']), inputs: { x: [1] }, constants: { c: f32([1], [0.125]) }, inputScale: 1 }).state
    expect(eq.constants[(eq.nodes[0] as { mul: string }).mul]!.data).toEqual([4])
    expect(eq.constants[(eq.nodes[0] as { add: string }).add]!.data).toEqual([-1])
    expect(() => quantizeOne({ node: node('Less', ['x', 'c']), inputs: { x: [1] }, constants: { c: f32([1], [Infinity]) } })).toThrow(UnsupportedOpError)
  })

  for (const op of OPS) {
    it(`${op}: integer executor = float kernel = circuit (activations, a constant, ties)`, () => {
      const x = f32([2, 6], grid(12, 1))
      const b = f32([6], grid(6, 1)) // equal to x's first row: ties
      const two = runOp({ node: node(op, ['x', 'b']), inputs: { x, b } })
      expect(two.integer['y']).toEqual(Array.from(two.float['y']!.data))
      expect(new Set(two.integer['y']).size).toBe(2) // both outcomes occur
      expectCircuitMatches(two)
      const withConst = runOp({ node: node(op, ['x', 'c']), inputs: { x }, constants: { c: f32([6], grid(6, 5).map((v) => v + 1 / 16)) } })
      expect(withConst.integer['y']).toEqual(Array.from(withConst.float['y']!.data))
      expectCircuitMatches(withConst)
    })
  }

  it('integer inputs (scale 0) compare exactly', () => {
    const int = (data: number[]) => createTensor({ dtype: 'int32', dims: [data.length], data })
    const r = runOp({ node: node('GreaterOrEqual', ['x', 'b']), inputs: { x: int([-3, 5, 7, 0]), b: int([-3, 6, 2, 1]) } })
    expect(r.integer['y']).toEqual([1, 0, 1, 0])
    expect(r.model.tensors['y']).toMatchObject({ scale: 0, dtype: 'bool' })
    expectCircuitMatches(r)
  })
})
