/**
 * BatchNormalization in inference mode: y = (x − mean) / sqrt(var + epsilon) · scale + bias, per
 * channel (axis 1). Quantized as a constant affine map (`Affine`: x · mul + add, free in the
 * circuit: 0 constraints per element); output scale = input scale + the scale of the per-channel
 * multiplier.
 */
import { attrFloat, attrInt } from '../onnx/attributes.js'
import { shapeSize } from '../onnx/ir.js'
import { shapeError } from '../onnx/shapes.js'
import { quantizeArray } from '../ir/scales.js'
import { float, io, sameInfo } from './common.js'
import type { ComputeOp, Kernel } from './types.js'
import {  } from './arity.js'

/** BatchNormalization (inference): y = (x - mean) / sqrt(var + epsilon) * scale + bias, per channel (axis 1). */
const batchNormKernel: Kernel = (node, [x, scale, bias, mean, variance]) => {
  const eps = attrFloat(node, 'epsilon', 1e-5)
  const X = x!.data
  const out = new Float64Array(X.length)
  const c = x!.dims[1] ?? 1
  const inner = shapeSize(x!.dims.slice(2))
  const outer = X.length / (c * inner || 1)
  for (let ch = 0; ch < c; ch++) {
    const k = scale!.data[ch]! / Math.sqrt(variance!.data[ch]! + eps)
    const m = mean!.data[ch]!
    const b = bias!.data[ch]!
    for (let o = 0; o < outer; o++) {
      const base = (o * c + ch) * inner
      for (let i = 0; i < inner; i++) out[base + i] = (X[base + i]! - m) * k + b
    }
  }
  return [{ dtype: x!.dtype, dims: [...x!.dims], data: out }]
}

/**
 * BatchNormalization in every inference form exporters emit (opsets 6–15: `is_test`,
 * `consumed_inputs`, `spatial`, `momentum`, `training_mode = 0`, unused extra outputs).
 * Canonical: inputs X, scale, bias, mean, var (all initializers) → Y only; attribute epsilon.
 * `spatial = 0` (opsets 6–8: per-activation parameters of shape [C, D1, …]) becomes the constant
 * affine map it is: Mul by scale / sqrt(var + ε), then Add of bias − mean · that (both constant
 * operands: free). Training mode (`training_mode = 1`, opset-6 `is_test = 0`, or used extra
 * outputs in opsets 7–13) is refused.
 */
export const batchNormalization: ComputeOp = {
  opType: 'BatchNormalization',
  arity: [{ inputs: [5, 5], outputs: [1, 5] }],
  kind: 'compute',
  constantInputs: [1, 2, 3, 4],
  canonicalize(node, ctx) {
    const { opset, x, rank, inputs } = ctx
    const training =
      opset < 7 ? attrInt(node, 'is_test', 0) === 0 : opset < 14 ? node.outputs.slice(1).some((o) => o && ctx.isUsed(o)) : attrInt(node, 'training_mode', 0) === 1
    if (training) ctx.unsupported('training mode is not supported (export the model in eval mode)')
    if (rank < 2) shapeError(node, 'input must have rank >= 2', [x.shape])
    const eps = attrFloat(node, 'epsilon', 1e-5)
    const [scale, bias, mean, variance] = inputs.slice(1, 5).map((n) => ctx.constant(n)!)
    const perActivation = opset < 9 && attrInt(node, 'spatial', 1) !== 1 && scale!.data.length !== (x.shape[1] ?? 1)
    if (!perActivation) return ctx.rewrite({ epsilon: float(eps) })
    const dims = x.shape.slice(1)
    for (const t of [scale!, bias!, mean!, variance!])
      if (t.data.length !== shapeSize(dims)) shapeError(node, `spatial = 0 needs parameters of shape [${dims}]`, [x.shape, t.dims])
    const k = Float64Array.from(scale!.data, (s, i) => s / Math.sqrt(variance!.data[i]! + eps))
    const b = Float64Array.from(bias!.data, (v, i) => v - mean!.data[i]! * k[i]!)
    const scaled = ctx.freshName(`${node.outputs[0]}_scaled`)
    return ctx.result([
      { opType: 'Mul', name: ctx.freshName(`${node.name}_scale`), inputs: [inputs[0]!, ctx.addInitializer(`${node.name}_k`, { dtype: x.dtype, dims, data: k })], outputs: [scaled], attributes: {} },
      { opType: 'Add', name: node.name, inputs: [scaled, ctx.addInitializer(`${node.name}_b`, { dtype: x.dtype, dims, data: b })], outputs: [node.outputs[0]!], attributes: {} },
    ])
  },
  inferShape(node, inputs) {
    const x = inputs[0]!
    const s = x.shape
    for (let i = 1; i <= 4; i++)
      if (inputs[i]!.shape.length !== 1 || inputs[i]!.shape[0] !== s[1]) shapeError(node, `input ${i} must be 1-D of size C = ${s[1]}`, [s, inputs[i]!.shape])
    attrFloat(node, 'epsilon', 1e-5)
    return sameInfo(x, [...s])
  },
  floatKernel: batchNormKernel,
  quantize(node, q) {
    const x = node.inputs[0]!
    const [, sc, bi, mean, variance] = node.inputs.map((n) => q.constant(n)!)
    const eps = attrFloat(node, 'epsilon', 1e-5)
    const C = sc!.data.length
    const mul = Array.from({ length: C }, (_, c) => sc!.data[c]! / Math.sqrt(variance!.data[c]! + eps))
    const add = mul.map((m, c) => bi!.data[c]! - mean!.data[c]! * m)
    const rank = q.graphShape(x).length
    const dims = [C, ...new Array(Math.max(0, rank - 2)).fill(1)]
    const qm = q.addWeights(`${node.name}.scale`, dims, mul)
    const sOut = q.scale(x) + qm.scale
    q.emit({ ...io(node), op: 'Affine', mul: qm.name, add: q.addConstant(`${node.name}.bias`, dims, quantizeArray(add, sOut)) })
    q.setScale(node.outputs[0]!, sOut)
  },
  emits: ['Affine'],
}
