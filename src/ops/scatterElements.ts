/**
 * ScatterElements with constant indices: the data with the updates written at the indexed
 * positions (negative indices from the end). Reduction `none` is data movement (one `IndexMap`:
 * a later update to the same position wins); `add` is a constant-coefficient linear map (one
 * `SparseLinear`: data plus every update landing there). Both cost zero constraints. `mul`,
 * `max` and `min` are not linear and are refused.
 */
import { attrInt, attrString } from '../onnx/attributes.js'
import { shapeSize } from '../onnx/ir.js'
import { checkShapeSize, normalizeAxis, shapeError } from '../onnx/shapes.js'
import { int } from './common.js'
import { resolveIndex } from './gather.js'
import { forEachIndex, movementOp, stridesOf, type Planner } from './movement.js'
import type { ComputeOp } from './types.js'
import { inputsRange } from './arity.js'

const planScatter: Planner = (node, [dims, updDims], param) => {
  const indices = param(1)!
  const axis = attrInt(node, 'axis')
  const reduction = attrString(node, 'reduction', 'none')
  if (indices.dims.join() !== updDims!.join() || indices.dims.length !== dims!.length || indices.dims.some((d, i) => i !== axis && d > dims![i]!))
    shapeError(node, 'indices and updates must have the same shape, of the data rank and within it', [dims!, indices.dims, updDims!])
  const n = shapeSize(dims!)
  const strides = stridesOf(dims!)
  const targets: number[] = []
  forEachIndex(indices.dims, (c, u) => {
    let dst = 0
    for (let d = 0; d < c.length; d++) dst += (d === axis ? resolveIndex(node, indices.data[u]!, dims![axis]!, dims!) : c[d]!) * strides[d]!
    targets.push(dst)
  })
  if (reduction === 'none') {
    const index = Int32Array.from({ length: n }, (_, i) => i)
    targets.forEach((dst, u) => (index[dst] = n + u))
    return [{ shape: [...dims!], index }]
  }
  // add: data[i] + Σ updates landing on i
  const lists: number[][] = Array.from({ length: n }, (_, i) => [i])
  targets.forEach((dst, u) => lists[dst]!.push(n + u))
  const terms = lists.reduce((a, l) => Math.max(a, l.length), 1)
  checkShapeSize(node, [n, terms])
  const index = new Int32Array(n * terms).fill(-1)
  lists.forEach((l, i) => l.forEach((j, t) => (index[i * terms + t] = j)))
  return [{ shape: [...dims!], index, terms, coeff: new Float64Array(n * terms).fill(1) }]
}

/**
 * ScatterElements. Canonical: inputs data, indices (a constant), updates; attributes axis ≥ 0
 * and reduction (`none` or `add`).
 */
export const scatterElements: ComputeOp = {
  opType: 'ScatterElements',
  arity: [inputsRange(3, 3)],
  kind: 'compute',
  constantInputs: [1],
  canonicalize(node, ctx) {
    const reduction = attrString(node, 'reduction', 'none')
    if (reduction !== 'none' && reduction !== 'add') ctx.unsupported(`reduction "${reduction}" is not a linear map`)
    return ctx.rewrite({ axis: int(normalizeAxis(node, attrInt(node, 'axis', 0), ctx.rank, ctx.x.shape)), reduction: { type: 'string', value: reduction } })
  },
  ...movementOp({ dataSlots: () => [0, 2], planner: planScatter }, ['IndexMap', 'SparseLinear']),
}
