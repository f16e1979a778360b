import { describe, expect, it } from 'vitest'
import { ShapeMismatchError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { canonicalContext, f32, i64, info, maxAbsDiff, node, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { trilu } from './trilu.js'

const x = f32([3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9])
const tri = (upper: number, k?: number) =>
  Array.from(trilu.floatKernel(node('Trilu', k === undefined ? ['x'] : ['x', 'k'], { upper: attr.int(upper) }), [x, k === undefined ? undefined : i64([], [k])], 14)[0]!.data)

describe('Trilu', () => {
  it('canonicalize: upper explicit (default 1)', () => {
    expect(canonicalizeNode(node('Trilu', ['x']), canonicalContext({ opset: 14, infos: { x: info([3, 3]) } })).nodes[0]!.attributes).toEqual({ upper: attr.int(1) })
  })

  it('floatKernel: upper/lower with k; rank < 2 is an error', () => {
    expect(tri(1)).toEqual([1, 2, 3, 0, 5, 6, 0, 0, 9])
    expect(tri(1, 1)).toEqual([0, 2, 3, 0, 0, 6, 0, 0, 0])
    expect(tri(0, -1)).toEqual([0, 0, 0, 4, 0, 0, 7, 8, 0])
    expect(() => trilu.inferShape(node('Trilu', ['x'], { upper: attr.int(1) }), [info([3])], () => undefined)).toThrow(ShapeMismatchError)
  })

  it('quantize: one IndexMap whose zeros are structural (index −1, no fill tensor); exact', () => {
    const { model, float, integer } = runOp({ node: node('Trilu', ['x', 'k'], { upper: attr.int(0) }), inputs: { x: f32([2, 3, 4], seeded(24, 131)) }, constants: { k: i64([], [1]) }, opset: 14 })
    const q = model.nodes[0]!
    expect(q.op === 'IndexMap' && [q.fill, model.constants[q.index]!.data.filter((j) => j === -1).length]).toEqual([undefined, 6])
    expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThanOrEqual(2 ** -model.inputs[0]!.scale / 2)
  })
})
