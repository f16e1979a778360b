/**
 * Sigmoid: 1 / (1 + e^−x). Quantized as a `Sigmoid` integer node: the PLAN piecewise-linear
 * approximation (max error below 0.019, see `src/ir/lower/activation.ts`) at output scale
 * min(input scale, activationBits − 1). Cost: 9 bit decompositions per element (the input
 * requantization, relu of ±u, three mins on each side, the output shift).
 */
import { io, mapUnary, sameInfo } from './common.js'
import type { ComputeOp } from './types.js'
import { ONE_IN } from './arity.js'

/** Sigmoid. Canonical: input X; no attributes. */
export const sigmoid: ComputeOp = {
  opType: 'Sigmoid',
  arity: [ONE_IN],
  kind: 'compute',
  canonicalize: (_node, ctx) => ctx.rewrite({}),
  inferShape: (_node, [x]) => sameInfo(x!, [...x!.shape]),
  floatKernel: (_node, [x]) => [mapUnary(x!, (v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))))],
  quantize(node, q) {
    const x = node.inputs[0]!
    const s = Math.min(q.scale(x), q.activationBits - 1)
    // The output scale is the input's when coarser; below 2^0 the PLAN constants are not integers.
    if (s < 0) q.unsupported(`an input at scale 2^${s} (|x| ≥ 2^${q.activationBits - 1}); Sigmoid needs a scale ≥ 0`)
    q.emit({ ...io(node), op: 'Sigmoid', shift: q.scale(x) - s })
    q.setScale(node.outputs[0]!, s)
  },
  emits: ['Sigmoid'],
}
