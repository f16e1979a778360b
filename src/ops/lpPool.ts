/**
 * LpPool: y = (Σ_window |x|^p)^(1/p) over 1-D, 2-D or 3-D windows (pads, strides, dilations,
 * ceil_mode; padding contributes zeros). The float kernel takes any p.
 *
 * Quantized for p = 1 (Σ |x|): the input is requantized to its target scale, then
 * |x| = 2 · relu(x) − x (`Requant` with ReLU and shift 0: one bit decomposition per input
 * element; `Add` with shifts [1, 0]: free), then a window sum (`SumPool`, free). Cost: about
 * B + 2 constraints per *input* element (B = the input's bit width), none per output. Other p
 * need a root: refused ("p = 2 needs a square root").
 */
import { attrInt } from '../onnx/attributes.js'
import { canonicalizePool, inferPool, poolFloat } from './pool.js'
import { windowGeometry } from './window.js'
import type { ComputeOp } from './types.js'
import { ONE_IN } from './arity.js'

/** LpPool. Canonical: see `canonicalizePool` (attribute p explicit). */
export const lpPool: ComputeOp = {
  opType: 'LpPool',
  arity: [ONE_IN],
  kind: 'compute',
  canonicalize: canonicalizePool,
  inferShape: inferPool,
  floatKernel: (node, [x]) => [poolFloat(x!, node, { kind: 'lp', p: attrInt(node, 'p', 2) })],
  quantize(node, q) {
    const p = attrInt(node, 'p', 2)
    if (p !== 1) q.unsupported(`p = ${p} needs a ${p === 2 ? 'square' : `degree-${p}`} root (only p = 1 is supported)`)
    const x = node.inputs[0]!
    const out = node.outputs[0]!
    const a = q.toTarget(x, `${node.name}.requant`)
    const shape = q.shape(a)
    const s = q.scale(a)
    const relu = `${out}@relu`
    const abs = `${out}@abs`
    q.addTensor(relu, shape, s)
    q.emit({ op: 'Requant', name: `${node.name}.relu`, inputs: [a], outputs: [relu], shift: 0, relu: true })
    q.addTensor(abs, shape, s)
    q.emit({ op: 'Add', name: `${node.name}.abs`, inputs: [relu, a], outputs: [abs], shifts: [1, 0], subtract: true })
    q.setScale(out, s)
    q.emit({ op: 'SumPool', name: node.name, inputs: [abs], outputs: [out], ...windowGeometry(node, shape.length - 2) })
  },
  emits: ['Requant', 'Add', 'SumPool'],
}
