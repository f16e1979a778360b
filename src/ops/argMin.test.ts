import { describe, expect, it } from 'vitest'
import { attr } from '../onnx/builders.js'
import { expectCircuitMatches, f32, node, runOp, seeded } from '../../test/helpers/ops.js'
import { argMin } from './argMin.js'

describe('ArgMin', () => {
  it('floatKernel: ties go to the first minimum, or the last with select_last_index', () => {
    const x = f32([1, 4], [3, 1, 1, 5])
    expect(Array.from(argMin.floatKernel(node('ArgMin', ['x'], { axis: attr.int(1) }), [x], 13)[0]!.data)).toEqual([1])
    expect(Array.from(argMin.floatKernel(node('ArgMin', ['x'], { axis: attr.int(1), select_last_index: attr.int(1) }), [x], 13)[0]!.data)).toEqual([2])
  })

  for (const last of [0, 1]) {
    it(`negation then ArgMax (select_last_index ${last}); integer = float = circuit, with ties`, () => {
      const x = f32([3, 5], [...seeded(10, 4), 0.5, -0.5, -0.5, 0.25, -0.5])
      const r = runOp({ node: node('ArgMin', ['x'], { axis: attr.int(1), keepdims: attr.int(0), select_last_index: attr.int(last) }), inputs: { x } })
      expect(r.model.nodes.map((q) => q.op)).toEqual(['Affine', 'ArgMax'])
      expect(r.model.outputs[0]).toMatchObject({ scale: 0, isIndex: true })
      expect(r.integer['y']).toEqual(Array.from(r.float['y']!.data))
      expect(r.integer['y']![2]).toBe(last ? 4 : 1)
      expectCircuitMatches(r)
    })
  }
})
