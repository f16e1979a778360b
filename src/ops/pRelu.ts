/**
 * PRelu: x < 0 ? slope·x : x, with a constant slope broadcast to X (numpy, unidirectional; opset 6's
 * per-channel 1-D slope is reshaped to [C, 1, …]).
 *
 * Quantization: with the slope quantized as a weight a = slope·2^m (scale m),
 *   2^m · y = a·x + (2^m − a)·relu(x)
 * a `Requant` with relu (one decomposition), two constant `Affine` maps and an `Add` (free); the
 * output is exact at scale s + m. Cost per output element: B + 2 constraints.
 */
import { ones, shapeError } from '../onnx/shapes.js'
import { quantizeArray } from '../ir/scales.js'
import { broadcastMap, introduced } from './pointwise.js'
import type { ComputeOp } from './types.js'
import { TWO_IN } from './arity.js'

/** PRelu. Canonical: inputs X, slope (a constant broadcastable to X); no attributes. */
export const pRelu: ComputeOp = {
  opType: 'PRelu',
  arity: [TWO_IN],
  kind: 'compute',
  constantInputs: [1],
  canonicalize(node, ctx) {
    const [x, slope] = [ctx.inputs[0]!, ctx.inputs[1]!]
    const s = ctx.constant(slope)!
    // Opset 6 and older: a 1-D slope of size C is per channel (axis 1).
    if (ctx.opset < 7 && s.dims.length === 1 && ctx.rank > 2 && s.dims[0] === ctx.x.shape[1] && s.dims[0] !== 1) {
      const dims = [s.dims[0]!, ...ones(ctx.rank - 2)]
      return ctx.rewrite({}, [x, ctx.addInitializer(`${slope}_channel`, { ...s, dims })])
    }
    return ctx.rewrite({})
  },
  inferShape(node, [x, slope]) {
    const xs = x!.shape
    const ss = slope!.shape
    if (ss.length > xs.length || ss.some((d, i) => d !== 1 && d !== xs[xs.length - ss.length + i])) shapeError(node, 'slope does not broadcast to X', [xs, ss])
    return [{ dtype: x!.dtype, shape: [...xs] }]
  },
  floatKernel: (node, [x, slope]) => [broadcastMap(node, [x!, slope!], x!.dtype, ([v, a]) => (v! < 0 ? a! * v! : v!))],
  quantize(node, q) {
    const [x, slope] = [node.inputs[0]!, node.inputs[1]!]
    const out = node.outputs[0]!
    const s = q.scale(x)
    const k = q.constant(slope)!
    const w = q.addWeights(`${node.name}.slope`, [...k.dims], k.data)
    const m = w.scale
    if (m < 0) q.unsupported('a slope too large for the weight width')
    const rest = quantizeArray(k.data, m).map((a) => 2 ** m - a)
    const shape = q.shape(x)
    const [r, ax, br] = [introduced(node, 'relu'), introduced(node, 'slopeX'), introduced(node, 'restRelu')]
    q.emit({ name: `${node.name}.relu`, inputs: [x], outputs: [r], op: 'Requant', shift: 0, relu: true })
    q.addTensor(r, shape, s)
    q.emit({ name: `${node.name}.slopeX`, inputs: [x], outputs: [ax], op: 'Affine', mul: w.name })
    q.addTensor(ax, shape, s + m)
    q.emit({ name: `${node.name}.restRelu`, inputs: [r], outputs: [br], op: 'Affine', mul: q.addConstant(`${node.name}.rest`, [...k.dims], rest) })
    q.addTensor(br, shape, s + m)
    q.emit({ name: node.name, inputs: [ax, br], outputs: [out], op: 'Add', shifts: [0, 0], subtract: false })
    q.setScale(out, s + m)
  },
  emits: ['Requant', 'Affine', 'Add'],
}
