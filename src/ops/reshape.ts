/** Reshape: the same elements under a new shape (a view: no copy, no constraint). */
import { attrInt } from '../onnx/attributes.js'
import { resolveReshape } from '../onnx/shapes.js'
import type { Attribute } from '../onnx/ir.js'
import { int, int64, sameInfo, viewKernel } from './common.js'
import { quantizeView } from './view.js'
import type { ComputeOp, InferShape } from './types.js'
import { ONE_IN, TWO_IN } from './arity.js'

const inferReshape: InferShape = (node, [x], constant) =>
  sameInfo(x!, resolveReshape(node, x!.shape, Array.from(constant(node.inputs[1]!)!.data), attrInt(node, 'allowzero', 0) === 1))

/**
 * Reshape. Canonical: inputs X, shape (int64 initializer, fully resolved: no 0 or -1);
 * `allowzero = 1` only when a dimension is 0. The attribute form (opset < 5) is refused.
 */
export const reshape: ComputeOp = {
  opType: 'Reshape',
  arity: [ONE_IN, { ...TWO_IN, opset: 5 }],
  kind: 'compute',
  constantInputs: [1],
  canonicalize(node, ctx) {
    const { opset, inputs, x } = ctx
    if (opset < 5) ctx.unsupported('the attribute form of Reshape (opset < 5) is not supported')
    const allowZero = opset >= 14 && attrInt(node, 'allowzero', 0) === 1
    const target = Array.from(ctx.constant(inputs[1]!)!.data)
    const shape = resolveReshape(node, x.shape, target, allowZero)
    const attributes: Record<string, Attribute> = shape.includes(0) && opset >= 14 ? { allowzero: int(1) } : {}
    return ctx.rewrite(attributes, [inputs[0]!, ctx.addInitializer(`${node.name}_shape`, int64(shape))])
  },
  inferShape: inferReshape,
  floatKernel: viewKernel(inferReshape),
  quantize: quantizeView,
  emits: ['Reshape'],
  isView: true,
}
