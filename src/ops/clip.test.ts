import { describe, expect, it } from 'vitest'
import { attr } from '../onnx/builders.js'
import { UnsupportedOpError } from '../errors/compile.js'
import { canonicalContext, f32, info, maxAbsDiff, node, quantizeOne, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { clip } from './clip.js'

describe('Clip', () => {
  it('canonicalize: opset < 11 attributes become scalar inputs; runtime bounds are refused', () => {
    const r = canonicalizeNode(node('Clip', ['x'], { max: attr.float(6) }), canonicalContext({ opset: 6, infos: { x: info([3]) } }))
    expect(r.nodes[0]!.inputs).toEqual(['x', '', 'clip0_max'])
    expect(r.initializers).toEqual([['clip0_max', { dtype: 'float32', dims: [], data: Float64Array.of(6) }]])
    expect(() => canonicalizeNode(node('Clip', ['x', 'lo']), canonicalContext({ infos: { x: info([3]), lo: info([]) } }))).toThrow(UnsupportedOpError)
  })

  it('floatKernel: min > max yields max', () => {
    const [y] = clip.floatKernel(node('Clip', ['x', 'lo', 'hi']), [f32([3], [-1, 0.5, 2]), f32([], [1]), f32([], [0])], 13)
    expect(Array.from(y!.data)).toEqual([0, 0, 0])
  })

  it('quantize: bounds rounded at the output scale, an absent bound is null', () => {
    const { state } = quantizeOne({ node: node('Clip', ['x', 'lo']), inputs: { x: [3] }, constants: { lo: f32([], [-0.5]) }, ranges: { y: { min: -0.5, max: 1 } } })
    expect(state.nodes).toEqual([{ name: 'clip0', inputs: ['x'], outputs: ['y'], op: 'Clip', shift: 0, lo: -128, hi: null }])
  })

  it('integer executor ≈ float kernel', () => {
    const { float, integer } = runOp({ node: node('Clip', ['x', 'lo', 'hi']), inputs: { x: f32([20], seeded(20, 34, -2, 2)) }, constants: { lo: f32([], [-0.75]), hi: f32([], [1.25]) } })
    expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThan(1e-3)
  })
})
