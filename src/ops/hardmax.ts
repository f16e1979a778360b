/**
 * Hardmax: 1 at the first maximum along `axis`, 0 elsewhere (opset-13 semantics; an older Hardmax
 * over a non-last axis, which coerced its input to 2-D, becomes Reshape → Hardmax(axis 1) → Reshape).
 *
 * Quantization: one `Hardmax` node, the one-hot selector row of a top-1 selection (the `topK`
 * primitive with k = 1), at scale 0. Cost per slice of n elements: 2n + 1 + n(B + 3) constraints,
 * about B + 5 per output element.
 */
import { attrInt } from '../onnx/attributes.js'
import { shapeSize } from '../onnx/ir.js'
import { normalizeAxis } from '../onnx/shapes.js'
import { around, int, int64, io, sameInfo } from './common.js'
import type { ComputeOp } from './types.js'
import { ONE_IN } from './arity.js'

/** Hardmax. Canonical: input X; attribute axis ≥ 0 with the opset-13 meaning (one axis). */
export const hardmax: ComputeOp = {
  opType: 'Hardmax',
  arity: [ONE_IN],
  kind: 'compute',
  canonicalize(node, ctx) {
    const { opset, inputs, x, rank } = ctx
    const axis = normalizeAxis(node, attrInt(node, 'axis', opset < 13 ? 1 : -1), rank, x.shape)
    if (opset >= 13 || axis === rank - 1) return ctx.rewrite({ axis: int(axis) })
    const flat = ctx.freshName(`${node.name}_2d`)
    const hard = ctx.freshName(`${node.name}_2d_hardmax`)
    const shape2d = [shapeSize(x.shape.slice(0, axis)), shapeSize(x.shape.slice(axis))]
    return ctx.result([
      { opType: 'Reshape', name: ctx.freshName(`${node.name}_to2d`), inputs: [inputs[0]!, ctx.addInitializer(`${node.name}_shape2d`, int64(shape2d))], outputs: [flat], attributes: {} },
      { opType: 'Hardmax', name: node.name, inputs: [flat], outputs: [hard], attributes: { axis: int(1) } },
      { opType: 'Reshape', name: ctx.freshName(`${node.name}_from2d`), inputs: [hard, ctx.addInitializer(`${node.name}_shape`, int64(x.shape))], outputs: [node.outputs[0]!], attributes: {} },
    ])
  },
  inferShape(node, [x]) {
    normalizeAxis(node, attrInt(node, 'axis', -1), x!.shape.length, x!.shape)
    return sameInfo(x!, [...x!.shape])
  },
  floatKernel(node, [x]) {
    const dims = x!.dims
    const axis = normalizeAxis(node, attrInt(node, 'axis', -1), dims.length, dims)
    const [outer, len, inner] = around(dims, axis)
    const out = new Float64Array(x!.data.length)
    for (let o = 0; o < outer; o++)
      for (let i = 0; i < inner; i++) {
        const base = o * len * inner + i
        let best = 0
        for (let k = 1; k < len; k++) if (x!.data[base + k * inner]! > x!.data[base + best * inner]!) best = k
        out[base + best * inner] = 1
      }
    return [{ dtype: x!.dtype, dims: [...dims], data: out }]
  },
  quantize(node, q) {
    const rank = q.graphShape(node.inputs[0]!).length
    q.emit({ ...io(node), op: 'Hardmax', axis: (attrInt(node, 'axis', -1) + rank) % rank })
    q.setScale(node.outputs[0]!, 0)
  },
  emits: ['Hardmax'],
}
