/**
 * Softmax over one axis (opset-13 semantics). Supported in the circuit only as the last op
 * (over the last axis, possibly followed by view ops): the circuit proves the logits and the
 * graph output is their softmax, applied after proving (`postprocess: 'softmax'`; argmax is
 * preserved). Cost: none (the integer node is a Reshape).
 */
import { attrInt } from '../onnx/attributes.js'
import { shapeSize } from '../onnx/ir.js'
import { normalizeAxis } from '../onnx/shapes.js'
import { around, int, int64, io, sameInfo } from './common.js'
import type { ComputeOp, Kernel } from './types.js'
import { ONE_IN } from './arity.js'

/** Softmax along `axis` (max-subtracted for stability). */
const softmaxKernel: Kernel = (node, [x]) => {
  const axis = normalizeAxis(node, attrInt(node, 'axis', -1), x!.dims.length, x!.dims)
  const [outer, len, inner] = around(x!.dims, axis)
  const X = x!.data
  const out = new Float64Array(X.length)
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i
      let max = -Infinity
      for (let k = 0; k < len; k++) max = Math.max(max, X[base + k * inner]!)
      let sum = 0
      for (let k = 0; k < len; k++) {
        const e = Math.exp(X[base + k * inner]! - max)
        out[base + k * inner] = e
        sum += e
      }
      for (let k = 0; k < len; k++) out[base + k * inner]! /= sum
    }
  }
  return [{ dtype: x!.dtype, dims: [...x!.dims], data: out }]
}

/**
 * Softmax. Canonical: input X; attribute axis ≥ 0 with the opset-13 meaning (one axis). An
 * opset < 13 Softmax over a non-last axis (which coerced its input to 2-D) becomes
 * Reshape → Softmax(axis 1) → Reshape.
 */
export const softmax: ComputeOp = {
  opType: 'Softmax',
  arity: [ONE_IN],
  kind: 'compute',
  canonicalize(node, ctx) {
    const { opset, inputs, x, rank } = ctx
    const axis = normalizeAxis(node, attrInt(node, 'axis', opset < 13 ? 1 : -1), rank, x.shape)
    if (opset >= 13 || axis === rank - 1) return ctx.rewrite({ axis: int(axis) })
    // opset < 13: softmax of the input coerced to 2-D [prod(dims[:axis]), prod(dims[axis:])].
    const flat = ctx.freshName(`${node.name}_2d`)
    const soft = ctx.freshName(`${node.name}_2d_softmax`)
    const shape2d = [shapeSize(x.shape.slice(0, axis)), shapeSize(x.shape.slice(axis))]
    return ctx.result([
      { opType: 'Reshape', name: ctx.freshName(`${node.name}_to2d`), inputs: [inputs[0]!, ctx.addInitializer(`${node.name}_shape2d`, int64(shape2d))], outputs: [flat], attributes: {} },
      { opType: 'Softmax', name: node.name, inputs: [flat], outputs: [soft], attributes: { axis: int(1) } },
      { opType: 'Reshape', name: ctx.freshName(`${node.name}_from2d`), inputs: [soft, ctx.addInitializer(`${node.name}_shape`, int64(x.shape))], outputs: [node.outputs[0]!], attributes: {} },
    ])
  },
  inferShape(node, [x]) {
    const s = x!.shape
    normalizeAxis(node, attrInt(node, 'axis', -1), s.length, s)
    return sameInfo(x!, [...s])
  },
  floatKernel: softmaxKernel,
  quantize(node, q) {
    const x = node.inputs[0]!
    const out = node.outputs[0]!
    const rank = q.graphShape(x).length
    const axis = (attrInt(node, 'axis', q.opset >= 13 ? -1 : 1) + rank) % rank
    if (axis !== rank - 1) q.unsupported('Softmax over an axis other than the last')
    q.softmaxAfterProving(out)
    // The circuit proves the logits; the graph output is their softmax, applied after proving.
    q.emit({ ...io(node), op: 'Reshape' })
    q.setScale(out, q.scale(x))
  },
  emits: ['Reshape'],
}
