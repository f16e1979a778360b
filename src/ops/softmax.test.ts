import { describe, expect, it } from 'vitest'
import { attr } from '../onnx/builders.js'
import { canonicalContext, checkGraph, f32, info, maxAbsDiff, node, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { logSoftmax, softmax } from './softmax.js'
import type { Node } from '../onnx/ir.js'

/** A graph x → nodes, quantized at 8/8/12 bits on `xs`; integer vs float (at the quantized input) and circuit = executor. */
function check(nodes: Node[], shape: number[], xs: number[], extra: [string, ReturnType<typeof f32>][] = []) {
  return checkGraph({ nodes, shape, xs, initializers: Object.fromEntries(extra) })
}

describe('Softmax and LogSoftmax', () => {
  it('canonicalize: opset < 13 over a non-last axis becomes Reshape → op(axis 1) → Reshape', () => {
    const r = canonicalizeNode(node('Softmax', ['x'], { axis: attr.int(1) }), canonicalContext({ opset: 11, infos: { x: info([2, 3, 4]) } }))
    expect(r.nodes.map((n) => n.opType)).toEqual(['Reshape', 'Softmax', 'Reshape'])
    expect(r.initializers.map(([, t]) => Array.from(t.data))).toEqual([[2, 12], [2, 3, 4]])
    const last = canonicalizeNode(node('LogSoftmax', ['x']), canonicalContext({ opset: 13, infos: { x: info([2, 3]) } }))
    expect(last.nodes[0]!.attributes).toEqual({ axis: attr.int(1) })
  })

  it('floatKernel: softmax sums to 1 along the axis; log-softmax is its log', () => {
    const [y] = softmax.floatKernel(node('Softmax', ['x'], { axis: attr.int(0) }), [f32([2, 1], [0, Math.log(3)])], 13)
    expect(y!.data[0]).toBeCloseTo(0.25, 12)
    expect(y!.data[1]).toBeCloseTo(0.75, 12)
    const [l] = logSoftmax.floatKernel(node('LogSoftmax', ['x'], { axis: attr.int(0) }), [f32([2, 1], [0, Math.log(3)])], 13)
    expect(l!.data[1]).toBeCloseTo(Math.log(0.75), 12)
  })

  it('as the last op over the last axis: the logits are proven, the (log-)softmax is a post-process', () => {
    for (const op of ['Softmax', 'LogSoftmax']) {
      const { model, float, integer } = runOp({ node: node(op, ['x']), inputs: { x: f32([2, 5], seeded(10, 91, -3, 3)) } })
      expect(model.nodes.map((q) => q.op)).toEqual(['Reshape'])
      expect(model.outputs[0]!.postprocess).toBe(op.toLowerCase())
      expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThan(2e-3)
    }
  })

  it('over an inner axis: proven in the circuit, within 1 output quantum', () => {
    const { model, error, outScale } = check([node('Softmax', ['x'], { axis: attr.int(0) }, ['y'])], [6, 4], seeded(24, 5, -3, 3))
    expect(model.nodes.map((q) => q.op)).toEqual(['Softmax'])
    expect(error).toBeLessThanOrEqual(2 ** -outScale)
  })

  it('followed by other ops (attention-like: Softmax then MatMul): proven in the circuit', () => {
    const w = f32([4, 3], seeded(12, 8, -1, 1))
    const nodes = [node('Softmax', ['x'], { axis: attr.int(1) }, ['p']), { ...node('MatMul', ['p', 'w'], {}, ['y']), name: 'mm' }]
    const { model, error } = check(nodes, [5, 4], seeded(20, 6, -4, 4), [['w', w]])
    expect(model.nodes.map((q) => q.op)).toContain('Softmax')
    expect(error).toBeLessThan(0.01)
  })

  it('LogSoftmax in the circuit: within 2 quanta of the input scale', () => {
    const { model, error } = check([node('LogSoftmax', ['x'], { axis: attr.int(0) }, ['y'])], [8, 3], seeded(24, 9, -3, 3))
    expect(model.nodes.map((q) => q.op)).toEqual(['Softmax'])
    expect(error).toBeLessThanOrEqual(2 * 2 ** -model.inputs[0]!.scale)
  })
})
