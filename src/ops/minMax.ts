/**
 * Max and Min of one or more inputs, with numpy broadcasting.
 *
 * Quantization: every input on the largest input scale S (free shifts; a constant input is
 * quantized at S and materialized), then a chain of two-input steps composed from existing
 * integer ops: max(a, b) = b + relu(a − b), min(a, b) = a − relu(a − b) (`Add`, `Requant` with
 * relu, `Add`). Int inputs stay at scale 0. One input is a free identity. Cost per output
 * element: (n − 1)(B + 2) constraints for n inputs.
 */
import type { Node } from '../onnx/ir.js'
import { io } from './common.js'
import { broadcastAll, broadcastInfo, broadcastMap, introduced, materializeConstant } from './pointwise.js'
import type { ComputeOp, QuantizeContext } from './types.js'
import { inputsRange } from './arity.js'

function quantizeExtremum(node: Node, q: QuantizeContext, min: boolean): void {
  const ins = node.inputs.filter(Boolean)
  const out = node.outputs[0]!
  const data = ins.filter((n) => !q.isConstant(n))
  if (data.length === 0) return q.unsupported('all inputs constant (should have been folded)')
  const S = Math.max(...data.map((n) => q.scale(n)))
  const dtype = q.dtype(data[0]!)
  if (ins.length === 1) {
    q.emit({ ...io(node), op: 'Reshape' })
    return q.setScale(out, S)
  }
  const values = ins.map((n, i) => {
    const c = q.constant(n)
    return c ? materializeConstant(q, node, `input${i}`, data[0]!, c, S, dtype) : n
  })
  let acc = values[0]!
  for (let i = 1; i < values.length; i++) {
    const b = values[i]!
    const [sa, sb] = [q.scale(acc), q.scale(b)]
    const shape = broadcastAll(node, [q.shape(acc), q.shape(b)])
    const [diff, r] = [introduced(node, `diff${i}`), introduced(node, `relu${i}`)]
    const next = i === values.length - 1 ? out : introduced(node, `step${i}`)
    q.emit({ name: `${node.name}.diff${i}`, inputs: [acc, b], outputs: [diff], op: 'Add', shifts: [S - sa, S - sb], subtract: true })
    q.addTensor(diff, shape, S, dtype)
    q.emit({ name: `${node.name}.relu${i}`, inputs: [diff], outputs: [r], op: 'Requant', shift: 0, relu: true })
    q.addTensor(r, shape, S, dtype)
    if (min) q.emit({ name: i === values.length - 1 ? node.name : `${node.name}.step${i}`, inputs: [acc, r], outputs: [next], op: 'Add', shifts: [S - sa, 0], subtract: true })
    else q.emit({ name: i === values.length - 1 ? node.name : `${node.name}.step${i}`, inputs: [b, r], outputs: [next], op: 'Add', shifts: [S - sb, 0], subtract: false })
    if (next === out) q.setScale(out, S)
    else q.addTensor(next, shape, S, dtype)
    acc = next
  }
}

function extremumOp(opType: 'Max' | 'Min'): ComputeOp {
  const pick = opType === 'Max' ? Math.max : Math.min
  return {
    opType,
    arity: [inputsRange(1, Infinity)],
    kind: 'compute',
    inferShape: (node, inputs) => broadcastInfo(node, inputs, inputs[0]!.dtype),
    floatKernel: (node, inputs) => {
      const ts = inputs.filter((t) => t !== undefined)
      return [broadcastMap(node, ts, ts[0]!.dtype, (vs) => pick(...vs))]
    },
    quantize: (node, q) => quantizeExtremum(node, q, opType === 'Min'),
    emits: ['Reshape', 'Affine', 'Add', 'Requant'],
  }
}

/** Max of one or more inputs (broadcast). */
export const max = extremumOp('Max')
/** Min of one or more inputs (broadcast). */
export const min = extremumOp('Min')
