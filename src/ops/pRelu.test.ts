import { describe, expect, it } from 'vitest'
import { ShapeMismatchError } from '../errors/compile.js'
import { canonicalContext, expectCircuitMatches, f32, info, maxAbsDiff, node, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { pRelu } from './pRelu.js'

describe('PRelu', () => {
  it('canonicalize: an opset-6 per-channel slope is reshaped to [C, 1, 1]', () => {
    const ctx = canonicalContext({ opset: 6, infos: { x: info([1, 3, 2, 2]) }, constants: { s: f32([3], [0.1, 0.2, 0.3]) } })
    const r = canonicalizeNode(node('PRelu', ['x', 's']), ctx)
    expect(r.initializers[0]![1].dims).toEqual([3, 1, 1])
  })

  it('inferShape: the slope must broadcast to X', () => {
    expect(pRelu.inferShape(node('PRelu', ['x', 's']), [info([2, 3]), info([3])], () => undefined)).toEqual([info([2, 3])])
    expect(() => pRelu.inferShape(node('PRelu', ['x', 's']), [info([2, 3]), info([2])], () => undefined)).toThrow(ShapeMismatchError)
  })

  it('floatKernel: per-channel slopes', () => {
    const [y] = pRelu.floatKernel(node('PRelu', ['x', 's']), [f32([2, 2], [-1, 2, -3, -4]), f32([2], [0.5, 0.25])], 13)
    expect(Array.from(y!.data)).toEqual([-0.5, 2, -1.5, -1])
  })

  it('quantize: relu, two constant maps and an add (exact at scale s + m); integer ≈ float; circuit', () => {
    const r = runOp({ node: node('PRelu', ['x', 's']), inputs: { x: f32([2, 3, 4], seeded(24, 9, -2, 2)) }, constants: { s: f32([3, 1], [0.1, -0.25, 0.7]) } })
    expect(r.model.nodes.map((q) => q.op)).toEqual(['Requant', 'Affine', 'Affine', 'Add'])
    expect(maxAbsDiff(r.integer['y']!, r.float['y']!.data)).toBeLessThan(2e-3)
    expectCircuitMatches(r)
  })
})
