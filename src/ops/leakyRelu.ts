/**
 * LeakyRelu: x < 0 ? alpha · x : x. Quantized as a `LeakyRelu` integer node: the input
 * requantized to the output scale, alpha as an 8-bit fixed-point multiplier (see
 * `src/ir/lower/activation.ts`: two decompositions per element, no multiplication).
 */
import { attrFloat } from '../onnx/attributes.js'
import { float, io, mapUnary, sameInfo } from './common.js'
import type { ComputeOp } from './types.js'
import { ONE_IN } from './arity.js'

/** Fractional bits of the quantized alpha. */
const ALPHA_SHIFT = 8

/** LeakyRelu. Canonical: input X; attribute alpha. */
export const leakyRelu: ComputeOp = {
  opType: 'LeakyRelu',
  arity: [ONE_IN],
  kind: 'compute',
  canonicalize: (node, ctx) => ctx.rewrite({ alpha: float(attrFloat(node, 'alpha', 0.01)) }),
  inferShape: (_node, [x]) => sameInfo(x!, [...x!.shape]),
  floatKernel(node, [x]) {
    const alpha = attrFloat(node, 'alpha', 0.01)
    return [mapUnary(x!, (v) => (v < 0 ? alpha * v : v))]
  },
  quantize(node, q) {
    const x = node.inputs[0]!
    const out = node.outputs[0]!
    const s = Math.min(q.scale(x), q.targetScale(out))
    const alphaShift = ALPHA_SHIFT
    q.emit({ ...io(node), op: 'LeakyRelu', shift: q.scale(x) - s, alpha: Math.round(attrFloat(node, 'alpha', 0.01) * 2 ** alphaShift), alphaShift })
    q.setScale(out, s)
  },
  emits: ['LeakyRelu'],
}
