/**
 * Squeeze and Unsqueeze: remove or insert size-1 dimensions (views: no copy, no constraint).
 * The attribute form of `axes` (opset < 13) becomes an input.
 */
import { attrInts } from '../onnx/attributes.js'
import type { Node } from '../onnx/ir.js'
import { normalizeAxis, shapeError } from '../onnx/shapes.js'
import { int64, sameInfo, viewKernel } from './common.js'
import { quantizeView } from './view.js'
import type { CanonicalizeContext, CanonicalResult, ComputeOp, InferShape } from './types.js'
import { ONE_IN, TWO_IN, inputsRange } from './arity.js'

/** Canonical: inputs X, axes (int64 initializer, sorted, ≥ 0); no attributes. */
function canonicalizeAxes(node: Node, ctx: CanonicalizeContext): CanonicalResult {
  const { opset, inputs, x, rank } = ctx
  const squeeze = node.opType === 'Squeeze'
  const given =
    opset < 13 ? (node.attributes['axes'] ? attrInts(node, 'axes') : undefined) : inputs[1] ? Array.from(ctx.constant(inputs[1])!.data) : undefined
  let axes: number[]
  if (given === undefined) {
    if (!squeeze) ctx.unsupported('Unsqueeze needs axes')
    axes = x.shape.flatMap((d, i) => (d === 1 ? [i] : []))
  } else {
    const r = squeeze ? rank : rank + given.length
    axes = given.map((a) => normalizeAxis(node, a, r, x.shape)).sort((a, b) => a - b)
    if (new Set(axes).size !== axes.length) shapeError(node, `repeated axes [${given}]`, [x.shape])
  }
  return ctx.rewrite({}, [inputs[0]!, ctx.addInitializer(`${node.name}_axes`, int64(axes))])
}

const inferSqueeze: InferShape = (node, [x], constant) => {
  const s = x!.shape
  const axes = Array.from(constant(node.inputs[1]!)!.data)
  for (const a of axes) if (s[a] !== 1) shapeError(node, `cannot squeeze axis ${a} of size ${s[a]}`, [s])
  return sameInfo(x!, s.filter((_, i) => !axes.includes(i)))
}

const inferUnsqueeze: InferShape = (node, [x], constant) => {
  const s = x!.shape
  const axes = Array.from(constant(node.inputs[1]!)!.data)
  const out: number[] = []
  let j = 0
  for (let i = 0; i < s.length + axes.length; i++) out.push(axes.includes(i) ? 1 : s[j++]!)
  return sameInfo(x!, out)
}

/** Squeeze (without axes: every size-1 dimension). */
export const squeeze: ComputeOp = {
  opType: 'Squeeze',
  arity: [ONE_IN, inputsRange(1, 2, 13)],
  kind: 'compute',
  constantInputs: [1],
  canonicalize: canonicalizeAxes,
  inferShape: inferSqueeze,
  floatKernel: viewKernel(inferSqueeze),
  quantize: quantizeView,
  emits: ['Reshape'],
  isView: true,
}

/** Unsqueeze. */
export const unsqueeze: ComputeOp = {
  opType: 'Unsqueeze',
  arity: [ONE_IN, { ...TWO_IN, opset: 13 }],
  kind: 'compute',
  constantInputs: [1],
  canonicalize: canonicalizeAxes,
  inferShape: inferUnsqueeze,
  floatKernel: viewKernel(inferUnsqueeze),
  quantize: quantizeView,
  emits: ['Reshape'],
  isView: true,
}
