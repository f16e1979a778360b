/**
 * DepthToSpace (modes DCR and CRD) and SpaceToDepth on [N, C, H, W] tensors: blocks of channels
 * ↔ spatial blocks. Integer form: one `IndexMap` each (zero constraints).
 */
import { attrInt, attrString } from '../onnx/attributes.js'
import { shapeError } from '../onnx/shapes.js'
import { int } from './common.js'
import { mapPlan, movementOp, stridesOf, type Planner } from './movement.js'
import type { ComputeOp } from './types.js'
import { ONE_IN } from './arity.js'

function blockOf(node: Parameters<Planner>[0], dims: readonly number[]): number {
  const b = attrInt(node, 'blocksize')
  if (dims.length !== 4) shapeError(node, 'the input must be [N, C, H, W]', [dims])
  if (!Number.isInteger(b) || b < 1) shapeError(node, `invalid blocksize ${b}`, [dims])
  return b
}

const planDepthToSpace: Planner = (node, [dims], _param) => {
  const b = blockOf(node, dims!)
  const [n, c, h, w] = dims! as [number, number, number, number]
  if (c % (b * b)) shapeError(node, `channels ${c} are not a multiple of blocksize² ${b * b}`, [dims!])
  const oc = c / (b * b)
  const crd = attrString(node, 'mode', 'DCR') === 'CRD'
  const s = stridesOf(dims!)
  return [
    mapPlan(node, [n, oc, h * b, w * b], ([bn, ch, y, x]) => {
      const [i, j] = [y! % b, x! % b]
      const src = crd ? ch! * b * b + i * b + j : (i * b + j) * oc + ch!
      return bn! * s[0]! + src * s[1]! + Math.floor(y! / b) * s[2]! + Math.floor(x! / b)
    }),
  ]
}

const planSpaceToDepth: Planner = (node, [dims], _param) => {
  const b = blockOf(node, dims!)
  const [n, c, h, w] = dims! as [number, number, number, number]
  if (h % b || w % b) shapeError(node, `height and width must be multiples of blocksize ${b}`, [dims!])
  const s = stridesOf(dims!)
  return [
    mapPlan(node, [n, c * b * b, h / b, w / b], ([bn, ch, y, x]) => {
      const block = Math.floor(ch! / c)
      const [i, j] = [Math.floor(block / b), block % b]
      return bn! * s[0]! + (ch! % c) * s[1]! + (y! * b + i) * s[2]! + (x! * b + j)
    }),
  ]
}

/** DepthToSpace. Canonical: attributes blocksize and mode (DCR or CRD) explicit. */
export const depthToSpace: ComputeOp = {
  opType: 'DepthToSpace',
  arity: [ONE_IN],
  kind: 'compute',
  canonicalize(node, ctx) {
    const mode = attrString(node, 'mode', 'DCR')
    if (mode !== 'DCR' && mode !== 'CRD') ctx.unsupported(`mode "${mode}" is not supported`)
    return ctx.rewrite({ blocksize: int(attrInt(node, 'blocksize')), mode: { type: 'string', value: mode } })
  },
  ...movementOp({ planner: planDepthToSpace }),
}

/** SpaceToDepth. Canonical: attribute blocksize. */
export const spaceToDepth: ComputeOp = {
  opType: 'SpaceToDepth',
  arity: [ONE_IN],
  kind: 'compute',
  ...movementOp({ planner: planSpaceToDepth }),
}
