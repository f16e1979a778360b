/**
 * Concat along one axis. Quantized with runtime inputs only: each input is shifted up to the
 * largest input scale (free), then concatenated (`Concat`, no constraint).
 */
import { attrInt } from '../onnx/attributes.js'
import type { Tensor } from '../onnx/ir.js'
import { shapeSize } from '../onnx/ir.js'
import { normalizeAxis, shapeError } from '../onnx/shapes.js'
import { int, sameInfo } from './common.js'
import type { ComputeOp, InferShape, Kernel } from './types.js'
import { inputsRange } from './arity.js'

const inferConcat: InferShape = (node, inputs) => {
  const x = inputs[0]!
  const s = x.shape
  const axis = normalizeAxis(node, attrInt(node, 'axis'), s.length, s)
  const out = [...s]
  for (const t of inputs.slice(1)) {
    const u = t!.shape
    if (u.length !== s.length || u.some((d, i) => i !== axis && d !== s[i])) shapeError(node, 'inputs differ outside the concat axis', inputs.map((i) => i!.shape))
    out[axis]! += u[axis]!
  }
  return sameInfo(x, out)
}

/** Concat along `axis`. */
const concatKernel: Kernel = (node, inputs) => {
  const xs = inputs.filter((t): t is Tensor => t !== undefined)
  const first = xs[0]!
  const axis = normalizeAxis(node, attrInt(node, 'axis'), first.dims.length, first.dims)
  const outer = shapeSize(first.dims.slice(0, axis))
  const chunks = xs.map((t) => shapeSize(t.dims.slice(axis)))
  const row = chunks.reduce((a, b) => a + b, 0)
  const out = new Float64Array(outer * row)
  let col = 0
  xs.forEach((t, k) => {
    const n = chunks[k]!
    for (let o = 0; o < outer; o++) out.set(t.data.subarray(o * n, (o + 1) * n), o * row + col)
    col += n
  })
  const [info] = inferConcat(node, xs.map((t) => ({ dtype: t.dtype, shape: t.dims })), () => undefined)
  return [{ dtype: first.dtype, dims: info!.shape, data: out }]
}

/** Concat. Canonical: inputs X...; attribute axis ≥ 0. */
export const concat: ComputeOp = {
  opType: 'Concat',
  arity: [inputsRange(1, Infinity)],
  kind: 'compute',
  canonicalize: (node, ctx) => ctx.rewrite({ axis: int(normalizeAxis(node, attrInt(node, 'axis', ctx.opset < 4 ? 1 : undefined), ctx.rank, ctx.x.shape)) }),
  inferShape: inferConcat,
  floatKernel: concatKernel,
  quantize(node, q) {
    const ins = node.inputs
    const out = node.outputs[0]!
    if (ins.some((n) => q.isConstant(n))) q.unsupported('Concat with a constant input')
    const s = Math.max(...ins.map((n) => q.scale(n)))
    const rank = q.graphShape(out).length
    const axis = (attrInt(node, 'axis') + rank) % rank
    q.emit({ name: node.name, inputs: ins, outputs: [out], op: 'Concat', axis, shifts: ins.map((n) => s - q.scale(n)) })
    q.setScale(out, s)
  },
  emits: ['Concat'],
}
