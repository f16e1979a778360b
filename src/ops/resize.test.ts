import { describe, expect, it } from 'vitest'
import { ShapeMismatchError, UnsupportedOpError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import type { Tensor } from '../onnx/ir.js'
import { canonicalContext, f32, i64, info, maxAbsDiff, node, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { resize } from './resize.js'
import { resizePlan } from './resizePlan.js'

const resized = (x: Tensor, attributes: Parameters<typeof node>[2], scales: number[]) =>
  Array.from(resize.floatKernel(node('Resize', ['x', '', 's'], attributes), [x, undefined, f32([scales.length], scales)], 19)[0]!.data)

describe('Resize and Upsample', () => {
  it('canonicalize: Upsample (opsets 7, 9) and opset-10 Resize become opset-13 Resize with asymmetric coordinates', () => {
    const up7 = canonicalizeNode(node('Upsample', ['x'], { scales: attr.floats([1, 1, 2, 2]) }), canonicalContext({ opset: 7, infos: { x: info([1, 1, 2, 2]) } }))
    expect(up7.nodes[0]!.opType).toBe('Resize')
    expect(up7.nodes[0]!.inputs).toEqual(['x', '', 'upsample0_scales'])
    expect(up7.nodes[0]!.attributes).toEqual({ mode: attr.string('nearest'), coordinate_transformation_mode: attr.string('asymmetric'), nearest_mode: attr.string('floor') })
    const r10 = canonicalizeNode(node('Resize', ['x', 's'], { mode: attr.string('linear') }), canonicalContext({ opset: 10, infos: { x: info([1, 1, 4, 4]) }, constants: { s: f32([4], [1, 1, 0.5, 0.5]) } }))
    expect(r10.nodes[0]!.attributes['nearest_mode']).toEqual(attr.string('ceil'))
    const ctx = canonicalContext({ opset: 19, infos: { x: info([1, 1, 2, 2]) }, constants: { s: f32([4], [1, 1, 2, 2]) } })
    expect(canonicalizeNode(node('Resize', ['x', '', 's']), ctx).nodes[0]!.attributes).toMatchObject({ mode: attr.string('nearest'), coordinate_transformation_mode: attr.string('half_pixel'), antialias: attr.int(0) })
    expect(() => canonicalizeNode(node('Resize', ['x', '', 's'], { coordinate_transformation_mode: attr.string('tf_half_pixel_for_nn') }), ctx)).toThrow(UnsupportedOpError)
  })

  it('floatKernel: nearest, half-pixel linear with edge clamping, align_corners, sizes with keep_aspect_ratio_policy', () => {
    const x = f32([1, 1, 1, 2], [1, 2])
    expect(resized(x, {}, [1, 1, 1, 2])).toEqual([1, 1, 2, 2])
    expect(resized(x, { mode: attr.string('linear') }, [1, 1, 1, 2])).toEqual([1, 1.25, 1.75, 2])
    expect(maxAbsDiff(resized(x, { mode: attr.string('linear'), coordinate_transformation_mode: attr.string('align_corners') }, [1, 1, 1, 2]), [1, 4 / 3, 5 / 3, 2])).toBeLessThan(1e-12)
    const plan = resizePlan(node('Resize', ['x', '', '', 'z'], { axes: attr.ints([2, 3]), keep_aspect_ratio_policy: attr.string('not_larger') }), [1, 1, 2, 4], (s) => (s === 3 ? i64([2], [3, 3]) : undefined))
    expect(plan.shape).toEqual([1, 1, 2, 3])
    expect(() => resizePlan(node('Resize', ['x', '', 's']), [1, 1, 2, 4], (s) => (s === 2 ? f32([4], [1, 1, 1e9, 1e9]) : undefined))).toThrow(ShapeMismatchError)
  })

  it('floatKernel: tf_crop_and_resize outside the box gives the extrapolation value (a constant term)', () => {
    const n = node('Resize', ['x', 'roi', '', 'z'], { mode: attr.string('linear'), coordinate_transformation_mode: attr.string('tf_crop_and_resize'), extrapolation_value: attr.float(7) })
    const plan = resizePlan(n, [1, 3], (s) => (s === 1 ? f32([4], [0, 0.5, 1, 1.5]) : s === 3 ? i64([2], [1, 3]) : undefined))
    expect(Array.from(plan.bias!)).toEqual([0, 0, 7])
  })

  it('quantize: nearest is one exact IndexMap; 2× bilinear is one SparseLinear 4 bits up (2 per axis), exactly the float result', () => {
    const x = f32([1, 2, 3, 3], seeded(18, 161))
    const near = runOp({ node: node('Resize', ['x', '', 's']), inputs: { x }, constants: { s: f32([4], [1, 1, 2, 1.5]) }, opset: 19 })
    expect(near.model.nodes.map((q) => q.op)).toEqual(['IndexMap'])
    expect(maxAbsDiff(near.integer['y']!, near.float['y']!.data)).toBeLessThanOrEqual(2 ** -near.model.inputs[0]!.scale / 2)
    const lin = runOp({ node: node('Resize', ['x', '', 's'], { mode: attr.string('linear') }), inputs: { x }, constants: { s: f32([4], [1, 1, 2, 2]) }, opset: 19 })
    expect(lin.model.nodes.map((q) => q.op)).toEqual(['SparseLinear'])
    expect(lin.model.tensors['y']!.scale).toBe(lin.model.inputs[0]!.scale + 4)
    // The input quantization is the only error: the map itself is exact.
    const q = lin.model.inputs[0]!.scale
    const xq = Array.from(x.data, (v) => Math.round(v * 2 ** q) / 2 ** q)
    const exact = resize.floatKernel(lin.prepared.nodes[0]!, [f32(x.dims, xq), undefined, f32([4], [1, 1, 2, 2])], 19)[0]!
    expect(maxAbsDiff(lin.integer['y']!, exact.data)).toBe(0)
  })

  it('quantize: cubic coefficients at the weight width, row sums kept: a constant image stays constant', () => {
    const x = f32([1, 1, 4, 4], new Array(16).fill(0.75))
    const { model, integer } = runOp({ node: node('Resize', ['x', '', 's'], { mode: attr.string('cubic') }), inputs: { x }, constants: { s: f32([4], [1, 1, 0.75, 1.5]) }, opset: 19 })
    expect(model.nodes.map((q) => q.op)).toEqual(['SparseLinear'])
    expect(new Set(integer['y']!)).toEqual(new Set([0.75]))
    const r = runOp({ node: node('Resize', ['x', '', 's'], { mode: attr.string('cubic') }), inputs: { x: f32([1, 1, 4, 4], seeded(16, 162)) }, constants: { s: f32([4], [1, 1, 0.75, 1.5]) }, opset: 19 })
    expect(maxAbsDiff(r.integer['y']!, r.float['y']!.data)).toBeLessThan(2e-3)
  })
})
