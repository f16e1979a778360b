/**
 * Trilu: the upper (or lower) triangle of the last two axes, with a constant diagonal offset k;
 * the rest is zero. Integer form: one `IndexMap` (zero constraints; the zeros are constants).
 */
import { attrInt } from '../onnx/attributes.js'
import { shapeError } from '../onnx/shapes.js'
import { int } from './common.js'
import { mapPlan, movementOp, type Planner } from './movement.js'
import type { ComputeOp } from './types.js'
import { inputsRange } from './arity.js'

const planTrilu: Planner = (node, [dims], param) => {
  const r = dims!.length
  if (r < 2) shapeError(node, 'the input needs rank ≥ 2', [dims!])
  const k = param(1) ? param(1)!.data[0]! : 0
  const upper = attrInt(node, 'upper') === 1
  let o = -1
  return [
    mapPlan(node, [...dims!], (c) => {
      o++
      const d = c[r - 1]! - c[r - 2]! // column − row
      return (upper ? d >= k : d <= k) ? o : -1
    }),
  ]
}

/** Trilu. Canonical: inputs X and optionally k (a constant scalar); attribute upper explicit. */
export const trilu: ComputeOp = {
  opType: 'Trilu',
  arity: [inputsRange(1, 2)],
  kind: 'compute',
  constantInputs: [1],
  canonicalize: (node, ctx) => ctx.rewrite({ upper: int(attrInt(node, 'upper', 1)) }),
  ...movementOp({ planner: planTrilu }),
}
