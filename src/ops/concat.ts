/**
 * Concat along any axis. Runtime inputs only: each input is shifted up to the largest input
 * scale (free), then concatenated (`Concat`, no constraint). With constant inputs too: one
 * `IndexMap` whose fill constants are the constant inputs quantized at that scale (no constraint).
 */
import { attrInt } from '../onnx/attributes.js'
import type { Tensor } from '../onnx/ir.js'
import { shapeSize } from '../onnx/ir.js'
import { normalizeAxis, shapeError } from '../onnx/shapes.js'
import { int, sameInfo } from './common.js'
import { mapPlan, quantizeMovement, stridesOf, type Planner } from './movement.js'
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

/** The concatenation as a movement plan over the inputs (for constant operands). */
const planConcat: Planner = (node, dims) => {
  const axis = attrInt(node, 'axis')
  const shape = [...dims[0]!]
  shape[axis] = dims.reduce((a, d) => a + d[axis]!, 0)
  const owner: [number, number, number[]][] = [] // per position along the axis: input, its position, its strides
  let offset = 0
  for (const d of dims) {
    const strides = stridesOf(d)
    for (let i = 0; i < d[axis]!; i++) owner.push([offset, i, strides])
    offset += d.reduce((a, v) => a * v, 1)
  }
  return [
    mapPlan(node, shape, (c) => {
      const [base, pos, strides] = owner[c[axis]!]!
      return c.reduce((a, v, k) => a + (k === axis ? pos : v) * strides[k]!, base)
    }),
  ]
}
const quantizeWithConstants = quantizeMovement({ dataSlots: (node) => node.inputs.map((_, i) => i), planner: planConcat })

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
    if (ins.some((n) => q.isConstant(n))) return quantizeWithConstants(node, q)
    const s = Math.max(...ins.map((n) => q.scale(n)))
    const rank = q.graphShape(out).length
    const axis = (attrInt(node, 'axis') + rank) % rank
    q.emit({ name: node.name, inputs: ins, outputs: [out], op: 'Concat', axis, shifts: ins.map((n) => s - q.scale(n)) })
    q.setScale(out, s)
  },
  emits: ['Concat', 'IndexMap'],
}
