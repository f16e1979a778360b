import { describe, expect, it } from 'vitest'
import { expectCircuitMatches, f32, node, quantizeOne, runOp } from '../../test/helpers/ops.js'
import { ceil, floor, round, roundHalfEven } from './round.js'

// Quarter steps from −3 to 3: every tie (±0.5, ±1.5, ±2.5) and every fraction at scale ≥ 2.
const X = f32([25], Array.from({ length: 25 }, (_, i) => (i - 12) / 4))

describe('Round, Floor, Ceil', () => {
  it('floatKernel: half to even, floor, ceil (no −0)', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, -2.6].map(roundHalfEven)).toEqual([0, 2, 2, 0, -2, -2, 2, -3])
    expect(Object.is(roundHalfEven(-0.4), 0)).toBe(true)
    const x = f32([3], [-1.5, 1.2, 2])
    expect(Array.from(floor.floatKernel(node('Floor', ['x']), [x], 13)[0]!.data)).toEqual([-2, 1, 2])
    expect(Array.from(ceil.floatKernel(node('Ceil', ['x']), [x], 13)[0]!.data)).toEqual([-1, 2, 2])
  })

  it('quantize: one Round node by the input scale, output at scale 0; scale ≤ 0 is a free identity', () => {
    const { state } = quantizeOne({ node: node('Round', ['x']), inputs: { x: [4] }, inputScale: 6 })
    expect(state.nodes).toEqual([{ name: 'round0', inputs: ['x'], outputs: ['y'], op: 'Round', mode: 'halfEven', shift: 6 }])
    expect(state.tensors['y']!.scale).toBe(0)
    const coarse = quantizeOne({ node: node('Floor', ['x']), inputs: { x: [4] }, inputScale: -2 }).state
    expect(coarse.nodes.map((q) => q.op)).toEqual(['Reshape'])
    expect(coarse.tensors['y']!.scale).toBe(-2)
  })

  for (const [op, def] of [['Round', round], ['Floor', floor], ['Ceil', ceil]] as const) {
    it(`${op}: integer executor = float kernel = circuit on every quarter from −3 to 3`, () => {
      const r = runOp({ node: node(op, ['x']), inputs: { x: X } })
      expect(r.integer['y']).toEqual(Array.from(def.floatKernel(node(op, ['x']), [X], 13)[0]!.data))
      expectCircuitMatches(r)
    })
  }
})
