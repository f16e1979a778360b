import { describe, expect, it } from 'vitest'
import { expectCircuitMatches, f32, node, runOp } from '../../test/helpers/ops.js'
import { sign } from './sign.js'

describe('Sign', () => {
  it('floatKernel', () => {
    expect(Array.from(sign.floatKernel(node('Sign', ['x']), [f32([3], [-0.1, 0, 7])], 13)[0]!.data)).toEqual([-1, 0, 1])
  })

  it('quantize: [x ≥ 0] and [x = 0] composed into 2·ge − eq − 1 at scale 0; integer = float = circuit', () => {
    const x = f32([7], [-3, -0.25, -1 / 256, 0, 1 / 256, 0.5, 2])
    const r = runOp({ node: node('Sign', ['x']), inputs: { x } })
    expect(r.model.nodes.map((q) => q.op)).toEqual(['Compare', 'Compare', 'Add', 'Affine'])
    expect(r.integer['y']).toEqual([-1, -1, -1, 0, 1, 1, 1])
    // Per element: 12 input bits, the 12-bit sign decomposition (12 + 1), is-zero (3), one public output.
    expect(expectCircuitMatches(r)).toBe(7 * (12 + 13 + 3 + 1))
  })
})
