/**
 * ThresholdedRelu: x > alpha ? x : 0 (alpha default 1).
 *
 * Quantization: the bit c = [x_int > floor(alpha·2^s)] (exactly [x > alpha] on the quantized x:
 * an `Affine` shift by the threshold and a `Compare` with 0), then y = c·x (`Mul`), at the input's
 * scale. Cost per output element: B + 2 constraints.
 */
import { attrFloat } from '../onnx/attributes.js'
import { float, io, mapUnary, sameInfo } from './common.js'
import { introduced } from './pointwise.js'
import type { ComputeOp } from './types.js'
import { ONE_IN } from './arity.js'

/** ThresholdedRelu. Canonical: input X; attribute alpha. */
export const thresholdedRelu: ComputeOp = {
  opType: 'ThresholdedRelu',
  arity: [ONE_IN],
  kind: 'compute',
  canonicalize: (node, ctx) => ctx.rewrite({ alpha: float(attrFloat(node, 'alpha', 1)) }),
  inferShape: (_node, [x]) => sameInfo(x!, [...x!.shape]),
  floatKernel(node, [x]) {
    const alpha = attrFloat(node, 'alpha', 1)
    return [mapUnary(x!, (v) => (v > alpha ? v : 0))]
  },
  quantize(node, q) {
    const x = node.inputs[0]!
    const s = q.scale(x)
    const t = Math.floor(attrFloat(node, 'alpha', 1) * 2 ** s)
    if (!(Math.abs(t) < 2 ** 50)) q.unsupported(`alpha beyond ±2^50 at scale ${s}`)
    const shape = q.shape(x)
    const [d, c] = [introduced(node, 'diff'), introduced(node, 'above')]
    q.emit({ ...io(node), name: `${node.name}.diff`, outputs: [d], op: 'Affine', add: q.addConstant(`${node.name}.alpha`, [1], [-t + 0]) })
    q.addTensor(d, shape, s)
    q.emit({ name: `${node.name}.above`, inputs: [d], outputs: [c], op: 'Compare', cmp: 'greater', shifts: [0, 0] })
    q.addTensor(c, shape, 0, 'bool')
    q.emit({ name: node.name, inputs: [c, x], outputs: [node.outputs[0]!], op: 'Mul' })
    q.setScale(node.outputs[0]!, s)
  },
  emits: ['Affine', 'Compare', 'Mul'],
}
