/**
 * Gather and GatherElements with constant indices (negative indices count from the end; a
 * runtime index tensor is refused: dynamic indexing is out of scope). Integer form: one
 * `IndexMap` each (zero constraints). With a constant data tensor too, `prepareGraph` folds them.
 */
import { attrInt } from '../onnx/attributes.js'
import type { Node, Tensor } from '../onnx/ir.js'
import { normalizeAxis, shapeError } from '../onnx/shapes.js'
import { int } from './common.js'
import { mapPlan, movementOp, stridesOf, type Planner } from './movement.js'
import type { CanonicalizeContext, CanonicalResult, ComputeOp } from './types.js'
import { TWO_IN } from './arity.js'

/** An index along an axis of length `len`, negative ones from the end. @throws {ShapeMismatchError} out of range */
export function resolveIndex(node: Node, i: number, len: number, dims: readonly number[]): number {
  const j = i < 0 ? i + len : i
  if (!Number.isInteger(j) || j < 0 || j >= len) shapeError(node, `index ${i} is out of range for an axis of length ${len}`, [dims])
  return j
}

const planGather: Planner = (node, [dims], param) => {
  const indices: Tensor = param(1)!
  const axis = attrInt(node, 'axis')
  const len = dims![axis]!
  const idx = Array.from(indices.data, (i) => resolveIndex(node, i, len, dims!))
  const shape = [...dims!.slice(0, axis), ...indices.dims, ...dims!.slice(axis + 1)]
  const strides = stridesOf(dims!)
  const k = indices.dims.length
  const idxStrides = stridesOf(indices.dims)
  return [
    mapPlan(node, shape, (c) => {
      let src = 0
      for (let d = 0; d < axis; d++) src += c[d]! * strides[d]!
      let flat = 0
      for (let d = 0; d < k; d++) flat += c[axis + d]! * idxStrides[d]!
      src += idx[flat]! * strides[axis]!
      for (let d = axis + 1; d < dims!.length; d++) src += c[d + k - 1]! * strides[d]!
      return src
    }),
  ]
}

const planGatherElements: Planner = (node, [dims], param) => {
  const indices: Tensor = param(1)!
  const axis = attrInt(node, 'axis')
  if (indices.dims.length !== dims!.length || indices.dims.some((d, i) => i !== axis && d > dims![i]!))
    shapeError(node, 'indices must have the rank of the data and fit in it outside the axis', [dims!, indices.dims])
  const strides = stridesOf(dims!)
  let flat = 0
  return [
    mapPlan(node, [...indices.dims], (c) => {
      let src = 0
      for (let d = 0; d < c.length; d++) src += (d === axis ? resolveIndex(node, indices.data[flat]!, dims![axis]!, dims!) : c[d]!) * strides[d]!
      flat++
      return src
    }),
  ]
}

/** Canonical: the axis attribute explicit and non-negative. */
function canonicalAxis(node: Node, ctx: CanonicalizeContext): CanonicalResult {
  return ctx.rewrite({ ...node.attributes, axis: int(normalizeAxis(node, attrInt(node, 'axis', 0), ctx.rank, ctx.x.shape)) })
}

/** Gather. Canonical: inputs data, indices (a constant); attribute axis ≥ 0. */
export const gather: ComputeOp = {
  opType: 'Gather',
  arity: [TWO_IN],
  kind: 'compute',
  constantInputs: [1],
  canonicalize: canonicalAxis,
  ...movementOp({ planner: planGather }),
}

/** GatherElements. Canonical: inputs data, indices (a constant); attribute axis ≥ 0. */
export const gatherElements: ComputeOp = {
  opType: 'GatherElements',
  arity: [TWO_IN],
  kind: 'compute',
  constantInputs: [1],
  canonicalize: canonicalAxis,
  ...movementOp({ planner: planGatherElements }),
}
