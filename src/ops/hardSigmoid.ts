/**
 * HardSigmoid and HardSwish: piecewise-linear, computed exactly (no table).
 *
 * - HardSigmoid(x) = max(0, min(1, alpha·x + beta)): an `Affine` (alpha as a 16-bit fixed-point
 *   constant, beta at the product's scale; free), then a `Clip` to [0, 1] at scale activationBits − 1
 *   (the lower bound folds into the requantization's relu). Cost: 2 decompositions per element.
 * - HardSwish(x) = x · HardSigmoid(x) (alpha = 1/6, beta = 1/2): the same, then one `Mul` by x
 *   requantized to its target scale. Cost: 2–3 decompositions + 1 constraint per element; the
 *   product keeps both scales (the next requantize rounds it).
 */
import { attrFloat } from '../onnx/attributes.js'
import { scaleFor } from '../ir/scales.js'
import type { Node } from '../onnx/ir.js'
import { float, io, mapUnary, sameInfo } from './common.js'
import type { ComputeOp, QuantizeContext } from './types.js'
import { ONE_IN } from './arity.js'

const hardSigmoidOf = (alpha: number, beta: number) => (v: number) => Math.max(0, Math.min(1, alpha * v + beta))

/** Emits HardSigmoid of `x` into `out` (a graph value when `graphOut`); returns the output scale. */
function quantizeHardSigmoid(node: Node, q: QuantizeContext, alpha: number, beta: number, out: string, graphOut: boolean): number {
  const x = node.inputs[0]!
  // alpha as a fixed-point constant fine enough that its rounding costs ≤ 1/2 output quantum over
  // the calibrated inputs (the multiplication is free; only the requantize widens).
  const r = q.range(x)
  const s = Math.min(q.scale(x) + 15, q.activationBits - 1)
  const alphaScale = Math.min(scaleFor(Math.abs(alpha), 2 ** 15 - 1), Math.max(0, Math.ceil(s + Math.log2(Math.max(Math.abs(r.min), Math.abs(r.max), 2 ** -q.scale(x))))))
  const a = { name: q.addConstant(`${node.name}.alpha`, [1], [Math.round(alpha * 2 ** alphaScale)]), scale: alphaScale }
  const sA = q.scale(x) + a.scale
  const lin = `${out}@linear`
  q.addTensor(lin, q.shape(x), sA)
  q.emit({ name: `${node.name}.linear`, inputs: [x], outputs: [lin], op: 'Affine', mul: a.name, add: q.addConstant(`${node.name}.beta`, [1], [Math.round(beta * 2 ** sA)]) })
  const sOut = Math.min(s, sA)
  q.emit({ name: node.name, inputs: [lin], outputs: [out], op: 'Clip', shift: sA - sOut, lo: 0, hi: 2 ** sOut })
  if (graphOut) q.setScale(out, sOut)
  else q.addTensor(out, q.shape(x), sOut)
  return sOut
}

/** HardSigmoid. Canonical: input X; attributes alpha, beta. */
export const hardSigmoid: ComputeOp = {
  opType: 'HardSigmoid',
  arity: [ONE_IN],
  kind: 'compute',
  canonicalize: (node, ctx) => ctx.rewrite({ alpha: float(attrFloat(node, 'alpha', 0.2)), beta: float(attrFloat(node, 'beta', 0.5)) }),
  inferShape: (_node, [x]) => sameInfo(x!, [...x!.shape]),
  floatKernel: (node, [x]) => [mapUnary(x!, hardSigmoidOf(attrFloat(node, 'alpha', 0.2), attrFloat(node, 'beta', 0.5)))],
  quantize(node, q) {
    quantizeHardSigmoid(node, q, attrFloat(node, 'alpha', 0.2), attrFloat(node, 'beta', 0.5), node.outputs[0]!, true)
  },
  emits: ['Affine', 'Clip'],
}

/** HardSwish. Canonical: input X; no attributes. */
export const hardSwish: ComputeOp = {
  opType: 'HardSwish',
  arity: [ONE_IN],
  kind: 'compute',
  canonicalize: (_node, ctx) => ctx.rewrite({}),
  inferShape: (_node, [x]) => sameInfo(x!, [...x!.shape]),
  floatKernel: (_node, [x]) => [mapUnary(x!, (v) => v * hardSigmoidOf(1 / 6, 0.5)(v))],
  quantize(node, q) {
    const x = node.inputs[0]!
    const out = node.outputs[0]!
    const gate = `${out}@gate`
    const s = quantizeHardSigmoid(node, q, 1 / 6, 0.5, gate, false)
    const xt = q.toTarget(x, `${node.name}.requant`)
    q.emit({ ...io(node), inputs: [xt, gate], name: `${node.name}.mul`, op: 'Mul' })
    q.setScale(out, q.scale(xt) + s)
  },
  emits: ['Affine', 'Clip', 'Requant', 'Mul'],
}
