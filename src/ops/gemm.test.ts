import { describe, expect, it } from 'vitest'
import { ShapeMismatchError, UnsupportedOpError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { canonicalContext, f32, info, maxAbsDiff, node, quantizeOne, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { gemm } from './gemm.js'

const A = f32([2, 3], [1, 2, 3, 4, 5, 6])
const B = f32([3, 2], [1, 0, 0, 1, 1, 1])

describe('Gemm', () => {
  it('canonicalize: fills every attribute with its default', () => {
    const ctx = canonicalContext({ infos: { a: info([2, 3]) }, constants: { b: B } })
    const { nodes, initializers } = canonicalizeNode(node('Gemm', ['a', 'b', ''], { transB: attr.int(0) }), ctx)
    expect(initializers).toEqual([])
    expect(nodes).toEqual([
      {
        opType: 'Gemm',
        name: 'gemm0',
        inputs: ['a', 'b'],
        outputs: ['y'],
        attributes: { alpha: attr.float(1), beta: attr.float(1), transA: attr.int(0), transB: attr.int(0) },
      },
    ])
  })

  it('inferShape: transposes, checks K and the broadcast of C', () => {
    const n = node('Gemm', ['a', 'b', 'c'], { transA: attr.int(1), transB: attr.int(1) })
    expect(gemm.inferShape(n, [info([3, 2]), info([4, 3]), info([4])], () => undefined)).toEqual([info([2, 4])])
    expect(() => gemm.inferShape(n, [info([3, 2]), info([4, 2])], () => undefined)).toThrow(ShapeMismatchError)
    expect(() => gemm.inferShape(n, [info([3, 2]), info([4, 3]), info([1, 1, 4])], () => undefined)).toThrow(/does not broadcast/)
  })

  it('floatKernel: alpha · A · B + beta · C with C broadcast', () => {
    const n = node('Gemm', ['a', 'b', 'c'], { alpha: attr.float(2), beta: attr.float(0.5) })
    const [y] = gemm.floatKernel(n, [A, B, f32([1, 2], [10, 20])], 13)
    // A·B = [[4, 5], [10, 11]]
    expect(y!.dims).toEqual([2, 2])
    expect(Array.from(y!.data)).toEqual([13, 20, 25, 32])
  })

  it('quantize: a Linear node with the weight as [N, K], bias at the output scale; transA adds a Transpose', () => {
    const n = node('Gemm', ['a', 'b', 'c'], { transA: attr.int(1) })
    const { state } = quantizeOne({ node: n, inputs: { a: [3, 2] }, constants: { b: B, c: f32([2], [0.5, -0.25]) } })
    expect(state.nodes.map((q) => q.op)).toEqual(['Transpose', 'Linear'])
    const linear = state.nodes[1]!
    if (linear.op !== 'Linear') throw new Error('expected Linear')
    expect(linear.inputs).toEqual(['a@T'])
    const w = state.constants[linear.weight]!
    expect(w.dims).toEqual([2, 3]) // [N, K]
    const sw = Math.log2(w.data[0]!) // B[0][0] = 1 is the weight of n = 0, k = 0
    expect(w.data).toEqual([1, 0, 1, 0, 1, 1].map((v) => v * 2 ** sw))
    expect(state.tensors['y']!.scale).toBe(8 + sw)
    expect(state.constants[linear.bias!]!.data).toEqual([0.5 * 2 ** (8 + sw), -0.25 * 2 ** (8 + sw)])
  })

  it('quantize: refuses a runtime B', () => {
    expect(() => quantizeOne({ node: node('Gemm', ['a', 'b']), inputs: { a: [1, 3], b: [3, 2] } })).toThrow(UnsupportedOpError)
  })

  it('integer executor ≈ float kernel', () => {
    const x = f32([1, 8], seeded(8, 3))
    const w = f32([5, 8], seeded(40, 4))
    const c = f32([5], seeded(5, 5))
    const { float, integer } = runOp({ node: node('Gemm', ['x', 'w', 'c'], { transB: attr.int(1), alpha: attr.float(0.5) }), inputs: { x }, constants: { w, c } })
    expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThan(2e-3)
  })
})
