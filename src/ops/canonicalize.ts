/**
 * Rewrites one node of any supported opset into the canonical form that the rest of the
 * compiler reads (valid ONNX at opset `max(13, model opset)`). Each op's rule is its
 * definition's `canonicalize` (see the op files in this folder); in general:
 *
 * - every attribute the op reads is explicit (defaults filled in), axes are non-negative;
 * - Conv / MaxPool / AveragePool / LpPool: `auto_pad` is resolved into explicit `pads`;
 *   ConvTranspose: `auto_pad` and `output_shape` into `pads` and `output_padding`;
 * - constant parameters are int64/float initializer inputs (Reshape `shape` is fully resolved,
 *   no 0 or -1; Squeeze/Unsqueeze `axes` sorted; Clip `min`/`max` scalars);
 * - legacy forms are replaced: opset-6 `broadcast`/`axis` element-wise broadcasting (B is
 *   reshaped so numpy broadcasting applies), attribute-form Clip/Squeeze/Unsqueeze,
 *   opset < 13 Softmax (coerced to 2-D: becomes Reshape → Softmax(axis 1) → Reshape),
 *   BatchNormalization `is_test`/`spatial`/`momentum` and extra outputs (`spatial = 0` becomes
 *   Mul + Add), MaxPool `storage_order`, Reduce* `axes` attribute (an input where the opset has
 *   one);
 * - Einsum contractions become Transpose / Reshape / MatMul / ReduceSum nodes.
 */
import { UnsupportedOpError } from '../errors/compile.js'
import type { Attribute, Node, Tensor } from '../onnx/ir.js'
import { trimTrailing } from './common.js'
import { opDefinition } from './index.js'
import type { CanonicalContext, CanonicalResult, CanonicalizeContext } from './types.js'

export type { CanonicalContext, CanonicalResult } from './types.js'

/**
 * Canonicalizes a node (see the module comment): checks the op's constant inputs, then applies
 * its `canonicalize` (a node whose op has none is returned as is). Fold-only, Identity, Dropout
 * and Constant nodes are not handled here.
 * @throws {UnsupportedOpError} an unsupported form (training-mode BatchNormalization, MaxPool indices, 4-D windows, a runtime value where a constant is required)
 * @throws {ShapeMismatchError} shapes that contradict the attributes
 */
export function canonicalizeNode(node: Node, ctx: CanonicalContext): CanonicalResult {
  const unsupported = (reason: string): never => {
    throw new UnsupportedOpError({ opType: node.opType, nodeName: node.name, opset: ctx.opset, reason })
  }
  const def = opDefinition(node.opType)
  for (const slot of def?.constantInputs ?? []) {
    const name = node.inputs[slot]
    if (name && !ctx.constant(name)) unsupported(`input ${slot} ("${name}") must be a constant`)
  }
  const inputs = trimTrailing(node.inputs)
  const x = ctx.info(node.inputs[0]!)
  const rank = x.shape.length
  if (def?.kind !== 'compute' || !def.canonicalize) return { nodes: [node], initializers: [] }
  const initializers: [string, Tensor][] = []
  const helpers: CanonicalizeContext = {
    ...ctx,
    inputs,
    x,
    rank,
    unsupported,
    addInitializer(base, tensor) {
      const name = ctx.freshName(base)
      initializers.push([name, tensor])
      return name
    },
    rewrite: (attributes: Record<string, Attribute>, ins = inputs, outs = [node.outputs[0]!]) => ({
      nodes: [{ opType: node.opType, name: node.name, inputs: ins, outputs: outs, attributes }],
      initializers,
    }),
    result: (nodes) => ({ nodes, initializers }),
  }
  return def.canonicalize(node, helpers)
}
