/**
 * Softsign: x / (1 + |x|), computed by division (exact rounding, any input range; a table would
 * need a huge domain, as softsign approaches ±1 only like 1/x).
 *
 * Integer form, all existing integer ops: r = relu(x) (`Requant`), |x| = 2r − x (`Add`, free),
 * den = |x| + 2^s (`Affine`, free: 1 at x's scale s), y = round(x · 2^t / den) (`Div`) at the
 * output's target scale t. Cost: one decomposition for the relu and the division gadget
 * (≈ 3 decompositions of the output's width).
 */
import { io, mapUnary, sameInfo } from './common.js'
import type { ComputeOp } from './types.js'
import { ONE_IN } from './arity.js'

/** Softsign. Canonical: input X; no attributes. */
export const softsign: ComputeOp = {
  opType: 'Softsign',
  arity: [ONE_IN],
  kind: 'compute',
  canonicalize: (_node, ctx) => ctx.rewrite({}),
  inferShape: (_node, [x]) => sameInfo(x!, [...x!.shape]),
  floatKernel: (_node, [x]) => [mapUnary(x!, (v) => v / (1 + Math.abs(v)))],
  quantize(node, q) {
    const x = node.inputs[0]!
    const out = node.outputs[0]!
    const s = q.scale(x)
    const shape = q.shape(x)
    const r = `${out}@relu`
    const abs = `${out}@abs`
    const den = `${out}@den`
    for (const name of [r, abs, den]) q.addTensor(name, shape, s)
    q.emit({ name: `${node.name}.relu`, inputs: [x], outputs: [r], op: 'Requant', shift: 0, relu: true })
    q.emit({ name: `${node.name}.abs`, inputs: [r, x], outputs: [abs], op: 'Add', shifts: [1, 0], subtract: true })
    q.emit({ name: `${node.name}.den`, inputs: [abs], outputs: [den], op: 'Affine', add: q.addConstant(`${node.name}.one`, [1], [2 ** s]) })
    const t = q.targetScale(out)
    q.emit({ ...io(node), inputs: [x, den], op: 'Div', shift: t })
    q.setScale(out, t)
  },
  emits: ['Requant', 'Add', 'Affine', 'Div'],
}
