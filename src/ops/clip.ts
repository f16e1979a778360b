/**
 * Clip: min(max(x, min), max) with optional scalar bounds; min > max yields max everywhere (ONNX
 * rule). Quantized as a `Clip` integer node: the input requantized to the smaller of its scale
 * and the output's target scale, the bounds rounded at that scale (Clip(0, ·) folds the lower
 * bound into the requantization's relu). Cost: one bit decomposition per element, plus one per
 * other finite bound.
 */
import { attrFloat } from '../onnx/attributes.js'
import type { Node } from '../onnx/ir.js'
import { io, mapUnary, sameInfo, scalar, trimTrailing } from './common.js'
import type { ComputeOp } from './types.js'
import { ONE_IN, inputsRange } from './arity.js'

function attrFloatOr(node: Node, name: string): number | undefined {
  return node.attributes[name] ? attrFloat(node, name) : undefined
}

/**
 * Clip. Canonical: inputs X, min?, max? (scalar initializers of X's dtype; `''` = unbounded); no
 * attributes. The attribute form (opset < 11) becomes inputs.
 */
export const clip: ComputeOp = {
  opType: 'Clip',
  arity: [ONE_IN, inputsRange(1, 3, 11)],
  kind: 'compute',
  constantInputs: [1, 2],
  canonicalize(node, ctx) {
    if (ctx.opset >= 11) return ctx.rewrite({})
    const { inputs, x } = ctx
    const min = node.attributes['min'] ? ctx.addInitializer(`${node.name}_min`, scalar(x.dtype, attrFloat(node, 'min'))) : ''
    const max = node.attributes['max'] ? ctx.addInitializer(`${node.name}_max`, scalar(x.dtype, attrFloat(node, 'max'))) : ''
    return ctx.rewrite({}, trimTrailing([inputs[0]!, min, max]))
  },
  inferShape: (_node, [x]) => sameInfo(x!, [...x!.shape]),
  floatKernel(_node, [x, min, max]) {
    const lo = min ? min.data[0]! : -Infinity
    const hi = max ? max.data[0]! : Infinity
    return [mapUnary(x!, (v) => Math.min(Math.max(v, lo), hi))]
  },
  quantize(node, q) {
    const x = node.inputs[0]!
    const out = node.outputs[0]!
    const lo = q.opset >= 11 ? q.constant(node.inputs[1])?.data[0] : attrFloatOr(node, 'min')
    const hi = q.opset >= 11 ? q.constant(node.inputs[2])?.data[0] : attrFloatOr(node, 'max')
    const s = Math.min(q.scale(x), q.targetScale(out))
    const quantized = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : Math.round(v * 2 ** s))
    q.emit({ ...io(node), op: 'Clip', shift: q.scale(x) - s, lo: quantized(lo), hi: quantized(hi) })
    q.setScale(out, s)
  },
  emits: ['Clip'],
}
