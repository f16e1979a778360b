/**
 * Expand (numpy broadcasting to a constant shape) and Tile (constant repeats). Integer form: one
 * `IndexMap` each (zero constraints).
 */
import { broadcastShapes, checkShapeSize, shapeError } from '../onnx/shapes.js'
import { broadcastIndex } from '../ir/lower/shape.js'
import { mapPlan, movementOp, stridesOf, type Planner } from './movement.js'
import type { ComputeOp } from './types.js'
import { TWO_IN } from './arity.js'

const planExpand: Planner = (node, [dims], param) => {
  const shape = broadcastShapes(node, dims!, Array.from(param(1)!.data))
  checkShapeSize(node, shape)
  return [{ shape, index: broadcastIndex(dims!, shape) }]
}

const planTile: Planner = (node, [dims], param) => {
  const repeats = Array.from(param(1)!.data)
  if (repeats.length !== dims!.length || repeats.some((r) => !Number.isInteger(r) || r < 0)) shapeError(node, `invalid repeats [${repeats}]`, [dims!])
  const strides = stridesOf(dims!)
  const shape = dims!.map((d, i) => d * repeats[i]!)
  if (checkShapeSize(node, shape) === 0) return [{ shape, index: new Int32Array(0) }]
  return [mapPlan(node, shape, (c) => c.reduce((a, v, d) => a + (v % dims![d]!) * strides[d]!, 0))]
}

/** Expand. Canonical as written: inputs X, shape (a constant). */
export const expand: ComputeOp = {
  opType: 'Expand',
  arity: [TWO_IN],
  kind: 'compute',
  constantInputs: [1],
  ...movementOp({ planner: planExpand }),
}

/** Tile. Canonical as written: inputs X, repeats (a constant). */
export const tile: ComputeOp = {
  opType: 'Tile',
  arity: [TWO_IN],
  kind: 'compute',
  constantInputs: [1],
  ...movementOp({ planner: planTile }),
}
