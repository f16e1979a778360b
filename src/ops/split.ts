/**
 * Split along one axis into constant-size parts (the `split` input or attribute, equal parts
 * by output count, or `num_outputs` of opset 18 with a smaller last part). Integer form: one
 * `IndexMap` per output (zero constraints), so the integer IR needs no multi-output node.
 */
import { attrInt, attrInts } from '../onnx/attributes.js'
import { normalizeAxis, shapeError } from '../onnx/shapes.js'
import { int, int64 } from './common.js'
import { mapPlan, movementOp, stridesOf, type Planner } from './movement.js'
import type { ComputeOp } from './types.js'

const planSplit: Planner = (node, [dims], param) => {
  const axis = attrInt(node, 'axis')
  const parts = Array.from(param(1)!.data)
  if (parts.some((p) => !Number.isInteger(p) || p < 0) || parts.reduce((a, p) => a + p, 0) !== dims![axis])
    shapeError(node, `split [${parts}] does not add up to axis ${axis} of length ${dims![axis]}`, [dims!])
  const strides = stridesOf(dims!)
  let start = 0
  return parts.map((len) => {
    const begin = start
    start += len
    const shape = [...dims!]
    shape[axis] = len
    return mapPlan(node, shape, (c) => c.reduce((a, v, d) => a + (d === axis ? v + begin : v) * strides[d]!, 0))
  })
}

/**
 * Split. Canonical: inputs X and split (int64 initializer, one length per output); attribute
 * axis ≥ 0. The attribute form (opset < 13), equal parts and `num_outputs` become the input.
 */
export const split: ComputeOp = {
  opType: 'Split',
  arity: [{ inputs: [1, 1], outputs: [1, Infinity] }, { opset: 13, inputs: [1, 2], outputs: [1, Infinity] }],
  kind: 'compute',
  constantInputs: [1],
  canonicalize(node, ctx) {
    const { opset, inputs, x, rank } = ctx
    const axis = normalizeAxis(node, attrInt(node, 'axis', 0), rank, x.shape)
    const len = x.shape[axis]!
    const count = node.outputs.length
    let parts: number[]
    if (opset < 13 && node.attributes['split']) parts = attrInts(node, 'split')
    else if (opset >= 13 && inputs[1]) parts = Array.from(ctx.constant(inputs[1])!.data)
    else if (opset >= 18 && node.attributes['num_outputs']) {
      const n = attrInt(node, 'num_outputs')
      if (n !== count) shapeError(node, `num_outputs ${n} differs from the ${count} outputs`, [x.shape])
      const size = Math.ceil(len / n)
      parts = Array.from({ length: n }, (_, i) => Math.max(0, Math.min(size, len - i * size)))
    } else {
      if (len % count) shapeError(node, `axis ${axis} of length ${len} does not split into ${count} equal parts`, [x.shape])
      parts = new Array<number>(count).fill(len / count)
    }
    if (parts.length !== count) shapeError(node, `split has ${parts.length} parts for ${count} outputs`, [x.shape])
    return ctx.rewrite({ axis: int(axis) }, [inputs[0]!, ctx.addInitializer(`${node.name}_split`, int64(parts))], [...node.outputs])
  },
  ...movementOp({ planner: planSplit }),
}
