import { describe, expect, it } from 'vitest'
import { attr } from '../onnx/builders.js'
import { canonicalContext, expectCircuitMatches, f32, info, node, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { hardmax } from './hardmax.js'

describe('Hardmax', () => {
  it('canonicalize: opset < 13 over a non-last axis coerces to 2-D', () => {
    const r = canonicalizeNode(node('Hardmax', ['x'], { axis: attr.int(1) }), canonicalContext({ opset: 11, infos: { x: info([2, 3, 4]) } }))
    expect(r.nodes.map((n) => n.opType)).toEqual(['Reshape', 'Hardmax', 'Reshape'])
    const last = canonicalizeNode(node('Hardmax', ['x']), canonicalContext({ opset: 13, infos: { x: info([2, 3, 4]) } }))
    expect(last.nodes[0]!.attributes).toEqual({ axis: attr.int(2) })
  })

  it('floatKernel: one-hot of the first maximum', () => {
    const [y] = hardmax.floatKernel(node('Hardmax', ['x'], { axis: attr.int(1) }), [f32([2, 4], [3, 3, 3, 1, 0, 2, 5, 5])], 13)
    expect(Array.from(y!.data)).toEqual([1, 0, 0, 0, 0, 0, 1, 0])
  })

  for (const axis of [0, 1, 2]) {
    it(`axis ${axis}: one Hardmax node at scale 0; integer = float = circuit (with ties)`, () => {
      const data = seeded(24, 11 + axis)
      data[3] = data[7] = data[11] = 2 // a tie on every axis through those positions
      const r = runOp({ node: node('Hardmax', ['x'], { axis: attr.int(axis) }), inputs: { x: f32([2, 3, 4], data) } })
      expect(r.model.nodes.map((q) => q.op)).toEqual(['Hardmax'])
      expect(r.integer['y']).toEqual(Array.from(r.float['y']!.data))
      expectCircuitMatches(r)
    })
  }
})
