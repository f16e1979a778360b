/**
 * Sign: −1, 0 or 1. Quantization: ge = [x ≥ 0] and eq = [x = 0] (two `Compare` nodes with 0),
 * then sign = 2·ge − eq − 1 (`Add` and `Affine`, free), at scale 0. Cost per output element:
 * B + 1 (sign decomposition) + 3 (is-zero) constraints.
 */
import { io, mapUnary, sameInfo } from './common.js'
import { introduced } from './pointwise.js'
import type { ComputeOp } from './types.js'
import { ONE_IN } from './arity.js'

/** Sign. Canonical: input X; no attributes. */
export const sign: ComputeOp = {
  opType: 'Sign',
  arity: [ONE_IN],
  kind: 'compute',
  inferShape: (_node, [x]) => sameInfo(x!, [...x!.shape]),
  floatKernel: (_node, [x]) => [mapUnary(x!, (v) => (v > 0 ? 1 : v < 0 ? -1 : 0))],
  quantize(node, q) {
    const x = node.inputs[0]!
    const shape = q.shape(x)
    const [ge, eq, t] = [introduced(node, 'ge'), introduced(node, 'eq'), introduced(node, 'twice')]
    q.emit({ ...io(node), name: `${node.name}.ge`, outputs: [ge], op: 'Compare', cmp: 'greaterOrEqual', shifts: [0, 0] })
    q.addTensor(ge, shape, 0, 'bool')
    q.emit({ ...io(node), name: `${node.name}.eq`, outputs: [eq], op: 'Compare', cmp: 'equal', shifts: [0, 0] })
    q.addTensor(eq, shape, 0, 'bool')
    q.emit({ name: `${node.name}.twice`, inputs: [ge, eq], outputs: [t], op: 'Add', shifts: [1, 0], subtract: true })
    q.addTensor(t, shape, 0, 'int')
    q.emit({ name: node.name, inputs: [t], outputs: [node.outputs[0]!], op: 'Affine', add: q.addConstant(`${node.name}.minusOne`, [1], [-1]) })
    q.setScale(node.outputs[0]!, 0)
  },
  emits: ['Compare', 'Add', 'Affine'],
}
