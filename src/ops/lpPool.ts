/**
 * LpPool: y = (Σ_window |x|^p)^(1/p) over 1-D, 2-D or 3-D windows (pads, strides, dilations,
 * ceil_mode; padding contributes zeros). The float kernel takes any p.
 *
 * Quantized for p = 1 (Σ |x|): the input is requantized to its target scale, then
 * |x| = 2 · relu(x) − x (`Requant` with ReLU and shift 0: one bit decomposition per input
 * element; `Add` with shifts [1, 0]: free), then a window sum (`SumPool`, free). Cost: about
 * B + 2 constraints per *input* element (B = the input's bit width), none per output.
 *
 * Quantized for p = 2 (√Σ x²): the input requantized to its target scale, squared (`Mul` of the
 * value with itself: one constraint per input element), the window sum (`SumPool`, free) and its
 * square root (`Sqrt`, the monotone-inverse gadget: 2b + 3 constraints per output for a b-bit
 * root). Other p (a degree-p root) are refused.
 */
import { attrInt } from '../onnx/attributes.js'
import { canonicalizePool, inferPool, poolFloat } from './pool.js'
import { windowGeometry } from './window.js'
import type { ComputeOp } from './types.js'
import { ONE_IN } from './arity.js'
import { quantizeSqrt } from './quantizeFunctions.js'

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
    if (p !== 1 && p !== 2) q.unsupported(`p = ${p} needs a degree-${p} root (p = 1 and p = 2 are supported)`)
    const x = node.inputs[0]!
    const out = node.outputs[0]!
    const a = q.toTarget(x, `${node.name}.requant`)
    const shape = q.shape(a)
    const s = q.scale(a)
    if (p === 2) {
      const square = `${out}@sq`
      const sum = `${out}@sum`
      q.addTensor(square, shape, 2 * s)
      q.emit({ op: 'Mul', name: `${node.name}.square`, inputs: [a, a], outputs: [square] })
      q.addTensor(sum, q.graphShape(out), 2 * s)
      q.emit({ op: 'SumPool', name: node.name, inputs: [square], outputs: [sum], ...windowGeometry(node, shape.length - 2) })
      const r = q.range(out)
      quantizeSqrt(q, { x: sum, out, range: { min: 0, max: Math.max(r.max, 2 ** -s) ** 2 }, label: `${node.name}.sqrt`, graphOut: true })
      return
    }
    const relu = `${out}@relu`
    const abs = `${out}@abs`
    q.addTensor(relu, shape, s)
    q.emit({ op: 'Requant', name: `${node.name}.relu`, inputs: [a], outputs: [relu], shift: 0, relu: true })
    q.addTensor(abs, shape, s)
    q.emit({ op: 'Add', name: `${node.name}.abs`, inputs: [relu, a], outputs: [abs], shifts: [1, 0], subtract: true })
    q.setScale(out, s)
    q.emit({ op: 'SumPool', name: node.name, inputs: [abs], outputs: [out], ...windowGeometry(node, shape.length - 2) })
  },
  emits: ['Requant', 'Add', 'SumPool', 'Mul', 'Sqrt'],
}
