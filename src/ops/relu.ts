/**
 * Relu: max(x, 0). Quantized as one `Requant` with relu: the input is requantized to the
 * smaller of its scale and the output's target scale, then clamped at 0 (one bit decomposition
 * per element).
 */
import { io, mapUnary, sameInfo } from './common.js'
import type { ComputeOp } from './types.js'
import { ONE_IN } from './arity.js'

/** Relu. Canonical: input X; no attributes. */
export const relu: ComputeOp = {
  opType: 'Relu',
  arity: [ONE_IN],
  kind: 'compute',
  canonicalize: (_node, ctx) => ctx.rewrite({}),
  inferShape: (_node, [x]) => sameInfo(x!, [...x!.shape]),
  floatKernel: (_node, [x]) => [mapUnary(x!, (v) => (v > 0 ? v : 0))],
  quantize(node, q) {
    const x = node.inputs[0]!
    const out = node.outputs[0]!
    const s = Math.min(q.scale(x), q.targetScale(out))
    q.emit({ ...io(node), op: 'Requant', shift: q.scale(x) - s, relu: true })
    q.setScale(out, s)
  },
  emits: ['Requant'],
}
