/**
 * Abs: |x| = 2·relu(x) − x. Quantization: a `Requant` with relu and no shift (one decomposition),
 * then an `Add` (2·r − x, free), at the input's scale. Cost per output element: B + 2 constraints
 * (none when the input's interval has one sign).
 */
import { io, mapUnary, sameInfo } from './common.js'
import { introduced } from './pointwise.js'
import type { ComputeOp } from './types.js'
import { ONE_IN } from './arity.js'

/** Abs. Canonical: input X; no attributes. */
export const abs: ComputeOp = {
  opType: 'Abs',
  arity: [ONE_IN],
  kind: 'compute',
  inferShape: (_node, [x]) => sameInfo(x!, [...x!.shape]),
  floatKernel: (_node, [x]) => [mapUnary(x!, (v) => Math.abs(v))],
  quantize(node, q) {
    const x = node.inputs[0]!
    const s = q.scale(x)
    const r = introduced(node, 'relu')
    q.emit({ ...io(node), name: `${node.name}.relu`, outputs: [r], op: 'Requant', shift: 0, relu: true })
    q.addTensor(r, q.shape(x), s, q.dtype(x))
    q.emit({ name: node.name, inputs: [r, x], outputs: [node.outputs[0]!], op: 'Add', shifts: [1, 0], subtract: true })
    q.setScale(node.outputs[0]!, s)
  },
  emits: ['Requant', 'Add'],
}
