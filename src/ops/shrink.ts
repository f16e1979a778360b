/**
 * Shrink: x < −lambd ? x + bias : x > lambd ? x − bias : 0 (lambd default 0.5, bias 0).
 *
 * Quantization, at the input's scale s: the bits hi = [x_int > floor(lambd·2^s)] and
 * lo = [x_int < ceil(−lambd·2^s)] (exact on the quantized x: `Affine` shifts and `Compare` with 0),
 * then y = hi·(x − b) + lo·(x + b) with b = round(bias·2^s) (`Affine`, two `Mul`, `Add`). Cost per
 * output element: 2(B + 1) + 2 constraints.
 */
import { attrFloat } from '../onnx/attributes.js'
import type { Node } from '../onnx/ir.js'
import { float, mapUnary, sameInfo } from './common.js'
import { introduced } from './pointwise.js'
import type { ComputeOp, QuantizeContext } from './types.js'
import type { Comparison } from '../ir/lower/compare.js'
import { ONE_IN } from './arity.js'

/** Emits `x + add` (Affine) under a fresh name; returns it. */
function shifted(q: QuantizeContext, node: Node, tag: string, x: string, add: number): string {
  const name = introduced(node, tag)
  q.emit({ name: `${node.name}.${tag}`, inputs: [x], outputs: [name], op: 'Affine', add: q.addConstant(`${node.name}.${tag}`, [1], [add + 0]) })
  q.addTensor(name, q.shape(x), q.scale(x))
  return name
}

/** Emits the bit `cmp(d, 0)` under a fresh name; returns it. */
function bit(q: QuantizeContext, node: Node, tag: string, d: string, cmp: Comparison): string {
  const name = introduced(node, tag)
  q.emit({ name: `${node.name}.${tag}`, inputs: [d], outputs: [name], op: 'Compare', cmp, shifts: [0, 0] })
  q.addTensor(name, q.shape(d), 0, 'bool')
  return name
}

/** Emits `a · b` (Mul) under a fresh name; returns it. */
function product(q: QuantizeContext, node: Node, tag: string, a: string, b: string): string {
  const name = introduced(node, tag)
  q.emit({ name: `${node.name}.${tag}`, inputs: [a, b], outputs: [name], op: 'Mul' })
  q.addTensor(name, q.shape(b), q.scale(b))
  return name
}

/** Shrink. Canonical: input X; attributes lambd, bias. */
export const shrink: ComputeOp = {
  opType: 'Shrink',
  arity: [ONE_IN],
  kind: 'compute',
  canonicalize: (node, ctx) => ctx.rewrite({ lambd: float(attrFloat(node, 'lambd', 0.5)), bias: float(attrFloat(node, 'bias', 0)) }),
  inferShape: (_node, [x]) => sameInfo(x!, [...x!.shape]),
  floatKernel(node, [x]) {
    const lambd = attrFloat(node, 'lambd', 0.5)
    const bias = attrFloat(node, 'bias', 0)
    return [mapUnary(x!, (v) => (v < -lambd ? v + bias : v > lambd ? v - bias : 0))]
  },
  quantize(node, q) {
    const x = node.inputs[0]!
    const s = q.scale(x)
    const lambd = attrFloat(node, 'lambd', 0.5) * 2 ** s
    const bias = Math.round(attrFloat(node, 'bias', 0) * 2 ** s)
    if (!(Math.abs(lambd) < 2 ** 50 && Math.abs(bias) < 2 ** 50)) q.unsupported(`lambd or bias beyond ±2^50 at scale ${s}`)
    const hi = bit(q, node, 'above', shifted(q, node, 'minusLambd', x, -Math.floor(lambd)), 'greater')
    const lo = bit(q, node, 'below', shifted(q, node, 'plusLambd', x, -Math.ceil(-lambd)), 'less')
    const up = product(q, node, 'upper', hi, shifted(q, node, 'minusBias', x, -bias))
    const down = product(q, node, 'lower', lo, shifted(q, node, 'plusBias', x, bias))
    q.emit({ name: node.name, inputs: [up, down], outputs: [node.outputs[0]!], op: 'Add', shifts: [0, 0], subtract: false })
    q.setScale(node.outputs[0]!, s)
  },
  emits: ['Affine', 'Compare', 'Mul', 'Add'],
}
