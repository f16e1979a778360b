import { describe, expect, it } from 'vitest'
import { UnsupportedOpError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { canonicalContext, f32, info, maxAbsDiff, node, quantizeOne, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { softmax } from './softmax.js'

describe('Softmax', () => {
  it('canonicalize: opset < 13 over a non-last axis becomes Reshape → Softmax(axis 1) → Reshape', () => {
    const r = canonicalizeNode(node('Softmax', ['x'], { axis: attr.int(1) }), canonicalContext({ opset: 11, infos: { x: info([2, 3, 4]) } }))
    expect(r.nodes.map((n) => n.opType)).toEqual(['Reshape', 'Softmax', 'Reshape'])
    expect(r.initializers.map(([, t]) => Array.from(t.data))).toEqual([[2, 12], [2, 3, 4]])
    const last = canonicalizeNode(node('Softmax', ['x']), canonicalContext({ opset: 13, infos: { x: info([2, 3]) } }))
    expect(last.nodes[0]!.attributes).toEqual({ axis: attr.int(1) })
  })

  it('floatKernel sums to 1 along the axis', () => {
    const [y] = softmax.floatKernel(node('Softmax', ['x'], { axis: attr.int(0) }), [f32([2, 1], [0, Math.log(3)])], 13)
    expect(y!.data[0]).toBeCloseTo(0.25, 12)
    expect(y!.data[1]).toBeCloseTo(0.75, 12)
  })

  it('quantize: the logits are proven, the softmax is a post-process; not over an inner axis', () => {
    const { model, float, integer } = runOp({ node: node('Softmax', ['x']), inputs: { x: f32([2, 5], seeded(10, 91, -3, 3)) } })
    expect(model.nodes.map((q) => q.op)).toEqual(['Reshape'])
    expect(model.outputs[0]!.postprocess).toBe('softmax')
    expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThan(1e-3)
    expect(() => quantizeOne({ node: node('Softmax', ['x'], { axis: attr.int(0) }), inputs: { x: [2, 5] } })).toThrow(UnsupportedOpError)
  })
})
