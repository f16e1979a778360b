import { describe, expect, it } from 'vitest'
import { ShapeMismatchError, UnsupportedOpError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { canonicalContext, f32, i64, info, node, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { flatten } from './flatten.js'
import { identity } from './identity.js'
import { reshape } from './reshape.js'
import { squeeze, unsqueeze } from './squeeze.js'

// Reshape, Flatten, Squeeze, Unsqueeze, Identity: views (one Reshape integer node, no copy).
describe('view ops', () => {
  it('Reshape: canonicalize resolves 0 and -1; runtime shapes are refused; the kernel shares the data', () => {
    const ctx = canonicalContext({ infos: { x: info([2, 3, 4]) }, constants: { s: i64([2], [0, -1]) } })
    const r = canonicalizeNode(node('Reshape', ['x', 's']), ctx)
    expect(Array.from(r.initializers[0]![1].data)).toEqual([2, 12])
    expect(() => canonicalizeNode(node('Reshape', ['x', 's']), canonicalContext({ infos: { x: info([2, 3]), s: info([2], 'int64') } }))).toThrow(UnsupportedOpError)
    const x = f32([2, 3], seeded(6))
    const [y] = reshape.floatKernel(node('Reshape', ['x', 's']), [x, i64([1], [6])], 13)
    expect(y!.dims).toEqual([6])
    expect(y!.data).toBe(x.data)
  })

  it('Flatten: canonical axis is non-negative; shape rule', () => {
    const [n] = canonicalizeNode(node('Flatten', ['x'], { axis: attr.int(-1) }), canonicalContext({ infos: { x: info([2, 3, 4]) } })).nodes
    expect(n!.attributes).toEqual({ axis: attr.int(2) })
    expect(flatten.inferShape(n!, [info([2, 3, 4])], () => undefined)).toEqual([info([6, 4])])
  })

  it('Squeeze / Unsqueeze: attribute axes become a sorted input; shape rules', () => {
    const r = canonicalizeNode(node('Unsqueeze', ['x'], { axes: attr.ints([-1, 0]) }), canonicalContext({ opset: 11, infos: { x: info([3]) } }))
    expect(Array.from(r.initializers[0]![1].data)).toEqual([0, 2])
    const axes = (name: string) => (name === 'a' ? i64([2], [0, 2]) : undefined)
    expect(unsqueeze.inferShape(node('Unsqueeze', ['x', 'a']), [info([3])], axes)).toEqual([info([1, 3, 1])])
    expect(squeeze.inferShape(node('Squeeze', ['x', 'a']), [info([1, 3, 1])], axes)).toEqual([info([3])])
    expect(() => squeeze.inferShape(node('Squeeze', ['x', 'a']), [info([2, 3, 1])], axes)).toThrow(ShapeMismatchError)
    expect(() => canonicalizeNode(node('Unsqueeze', ['x']), canonicalContext({ opset: 11, infos: { x: info([3]) } }))).toThrow(/needs axes/)
  })

  it('each quantizes to one Reshape at the input scale, exactly', () => {
    const x = f32([1, 2, 3], seeded(6, 51))
    for (const [n, constants] of [
      [node('Reshape', ['x', 's']), { s: i64([2], [3, 2]) }],
      [node('Flatten', ['x']), {}],
      [node('Squeeze', ['x', 's']), { s: i64([1], [0]) }],
      [node('Unsqueeze', ['x', 's']), { s: i64([1], [3]) }],
    ] as const) {
      const { model, float, integer } = runOp({ node: n, inputs: { x }, constants })
      expect(model.nodes.map((q) => q.op)).toEqual(['Reshape'])
      expect(model.tensors['y']!.scale).toBe(model.inputs[0]!.scale)
      expect(integer['y']!.length).toBe(float['y']!.data.length)
    }
    expect(identity.isView && reshape.isView && flatten.isView && squeeze.isView && unsqueeze.isView).toBe(true)
  })
})
