/**
 * Neg: y = −x. Quantized as a constant affine map (`Affine` with multiplier −1) at the input's
 * scale: free in the circuit (0 constraints per element).
 */
import { io, mapUnary, sameInfo } from './common.js'
import type { ComputeOp } from './types.js'
import { ONE_IN } from './arity.js'

/** Neg. Canonical as written (input X, no attributes). */
export const neg: ComputeOp = {
  opType: 'Neg',
  arity: [ONE_IN],
  kind: 'compute',
  inferShape: (_node, [x]) => sameInfo(x!, [...x!.shape]),
  floatKernel: (_node, [x]) => [mapUnary(x!, (v) => -v)],
  quantize(node, q) {
    const x = node.inputs[0]!
    q.emit({ ...io(node), op: 'Affine', mul: q.addConstant(`${node.name}.neg`, [1], [-1]) })
    q.setScale(node.outputs[0]!, q.scale(x))
  },
  emits: ['Affine'],
}
