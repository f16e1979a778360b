import { describe, expect, it } from 'vitest'
import { attr } from '../onnx/builders.js'
import { canonicalContext, f32, info, node, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { argMax } from './argMax.js'

describe('ArgMax', () => {
  it('canonicalize: explicit axis, keepdims; select_last_index only from opset 12', () => {
    const r = canonicalizeNode(node('ArgMax', ['x'], { axis: attr.int(-1), select_last_index: attr.int(1) }), canonicalContext({ opset: 11, infos: { x: info([2, 3]) } }))
    expect(r.nodes[0]!.attributes).toEqual({ axis: attr.int(1), keepdims: attr.int(1), select_last_index: attr.int(0) })
  })

  it('inferShape (int64) and floatKernel (ties: first, or last with select_last_index)', () => {
    expect(argMax.inferShape(node('ArgMax', ['x'], { axis: attr.int(1), keepdims: attr.int(0) }), [info([2, 3])], () => undefined)).toEqual([info([2], 'int64')])
    const x = f32([1, 4], [1, 3, 3, 0])
    expect(Array.from(argMax.floatKernel(node('ArgMax', ['x'], { axis: attr.int(1) }), [x], 13)[0]!.data)).toEqual([1])
    expect(Array.from(argMax.floatKernel(node('ArgMax', ['x'], { axis: attr.int(1), select_last_index: attr.int(1) }), [x], 13)[0]!.data)).toEqual([2])
  })

  it('quantize: an ArgMax node; the output is an index (scale 0) equal to the float result', () => {
    const { model, float, integer } = runOp({ node: node('ArgMax', ['x'], { axis: attr.int(1) }), inputs: { x: f32([3, 5], seeded(15, 81)) } })
    expect(model.nodes.map((q) => q.op)).toEqual(['ArgMax'])
    expect(model.outputs[0]).toMatchObject({ scale: 0, isIndex: true })
    expect(integer['y']).toEqual(Array.from(float['y']!.data))
  })
})
