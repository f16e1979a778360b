import { describe, expect, it } from 'vitest'
import { attr } from '../onnx/builders.js'
import { canonicalContext, expectCircuitMatches, f32, info, node, runOp } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { shrink } from './shrink.js'

const X = f32([9], [-2, -1.5, -1.25, -0.5, 0, 0.5, 1.25, 1.5, 2])

describe('Shrink', () => {
  it('canonicalize: explicit lambd (0.5) and bias (0)', () => {
    const r = canonicalizeNode(node('Shrink', ['x']), canonicalContext({ infos: { x: info([3]) } }))
    expect(r.nodes[0]!.attributes).toEqual({ lambd: attr.float(0.5), bias: attr.float(0) })
  })

  it('floatKernel: hard and soft shrink', () => {
    const hard = shrink.floatKernel(node('Shrink', ['x'], { lambd: attr.float(1.5) }), [X], 13)[0]!
    expect(Array.from(hard.data)).toEqual([-2, 0, 0, 0, 0, 0, 0, 0, 2])
    const soft = shrink.floatKernel(node('Shrink', ['x'], { lambd: attr.float(1), bias: attr.float(1) }), [X], 13)[0]!
    expect(Array.from(soft.data)).toEqual([-1, -0.5, -0.25, 0, 0, 0, 0.25, 0.5, 1])
  })

  for (const attributes of [{ lambd: attr.float(1.5) }, { lambd: attr.float(1), bias: attr.float(1) }, { lambd: attr.float(0.4), bias: attr.float(-0.75) }]) {
    it(`integer = float = circuit (${JSON.stringify(attributes)})`, () => {
      const r = runOp({ node: node('Shrink', ['x'], attributes), inputs: { x: X } })
      expect(r.integer['y']).toEqual(Array.from(r.float['y']!.data))
      expectCircuitMatches(r)
    })
  }
})
