import { describe, expect, it } from 'vitest'
import { ShapeMismatchError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { canonicalContext, f32, info, maxAbsDiff, node, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { transpose } from './transpose.js'

describe('Transpose', () => {
  it('canonicalize: the default perm reverses the axes; negative axes normalized', () => {
    const ctx = canonicalContext({ infos: { x: info([2, 3, 4]) } })
    expect(canonicalizeNode(node('Transpose', ['x']), ctx).nodes[0]!.attributes).toEqual({ perm: attr.ints([2, 1, 0]) })
    expect(canonicalizeNode(node('Transpose', ['x'], { perm: attr.ints([0, -1, 1]) }), ctx).nodes[0]!.attributes).toEqual({ perm: attr.ints([0, 2, 1]) })
  })

  it('inferShape and floatKernel', () => {
    const n = node('Transpose', ['x'], { perm: attr.ints([1, 0]) })
    expect(transpose.inferShape(n, [info([2, 3])], () => undefined)).toEqual([info([3, 2])])
    expect(() => transpose.inferShape(node('Transpose', ['x'], { perm: attr.ints([0, 0]) }), [info([2, 3])], () => undefined)).toThrow(ShapeMismatchError)
    expect(Array.from(transpose.floatKernel(n, [f32([2, 3], [1, 2, 3, 4, 5, 6])], 13)[0]!.data)).toEqual([1, 4, 2, 5, 3, 6])
  })

  it('quantize: one Transpose node; integer executor equals float', () => {
    const { model, float, integer } = runOp({ node: node('Transpose', ['x'], { perm: attr.ints([2, 0, 1]) }), inputs: { x: f32([2, 3, 4], seeded(24, 61)) } })
    expect(model.nodes).toEqual([{ name: 'transpose0', inputs: ['x'], outputs: ['y'], op: 'Transpose', perm: [2, 0, 1] }])
    expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThan(1e-3)
  })
})
