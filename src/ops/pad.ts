/**
 * Pad (modes constant, edge, reflect, wrap; constant pads; negative pads crop first, then the
 * positive ones pad the cropped tensor). Integer form: one `IndexMap` (zero constraints); a
 * constant pad value is a fill constant at the input's scale, a runtime one a second source.
 */
import { attrFloat, attrInts, attrString } from '../onnx/attributes.js'
import { normalizeAxis, shapeError } from '../onnx/shapes.js'
import { int64, scalar } from './common.js'
import { mapPlan, movementOp, stridesOf, type Planner } from './movement.js'
import type { ComputeOp } from './types.js'
import { ONE_IN, inputsRange } from './arity.js'

const MODES = ['constant', 'edge', 'reflect', 'wrap']

/** The source coordinate of output coordinate `o` along an axis of length `m` (after cropping) padded by `before`; −1: the pad value. */
export function padSource(mode: string, o: number, before: number, m: number): number {
  const j = o - before
  if (j >= 0 && j < m) return j
  switch (mode) {
    case 'constant':
      return -1
    case 'edge':
      return j < 0 ? 0 : m - 1
    case 'wrap':
      return ((j % m) + m) % m
    default: {
      // reflect (the edge is not repeated), periodic for pads wider than the axis
      if (m === 1) return 0
      const period = 2 * (m - 1)
      const i = ((j % period) + period) % period
      return i < m ? i : period - i
    }
  }
}

const planPad: Planner = (node, [dims], param) => {
  const r = dims!.length
  const mode = attrString(node, 'mode', 'constant')
  const pads = Array.from(param(1)!.data)
  if (pads.length !== 2 * r) shapeError(node, `pads has ${pads.length} values, expected ${2 * r}`, [dims!])
  const crop = dims!.map((d, a) => [Math.max(0, -pads[a]!), d - Math.max(0, -pads[a + r]!)] as const)
  const shape = dims!.map((d, a) => d + pads[a]! + pads[a + r]!)
  crop.forEach(([lo, hi], a) => {
    if (hi - lo < 0 || shape[a]! < 0) shapeError(node, `pads [${pads}] remove more than axis ${a} holds`, [dims!])
    if (hi === lo && shape[a]! > 0 && mode !== 'constant') shapeError(node, `${mode} padding of an empty axis ${a}`, [dims!])
  })
  const strides = stridesOf(dims!)
  const fill = node.inputs[2] ? dims!.reduce((a, d) => a * d, 1) : -1 // the value input follows X in the sources
  return [
    mapPlan(node, shape, (c) => {
      let src = 0
      for (let a = 0; a < r; a++) {
        const [lo, hi] = crop[a]!
        const j = padSource(mode, c[a]!, Math.max(0, pads[a]!), hi - lo)
        if (j < 0) return fill
        src += (lo + j) * strides[a]!
      }
      return src
    }),
  ]
}

/**
 * Pad. Canonical: inputs X, pads (int64, 2·rank values: begins then ends, every axis), and in
 * constant mode an optional scalar value; attribute mode. The attribute form (opset < 11) and
 * the axes input (opset 18) are rewritten into it.
 */
export const pad: ComputeOp = {
  opType: 'Pad',
  arity: [ONE_IN, inputsRange(2, 3, 11), inputsRange(2, 4, 18)],
  kind: 'compute',
  constantInputs: [1, 3],
  canonicalize(node, ctx) {
    const { opset, inputs, x, rank } = ctx
    const mode = attrString(node, 'mode', 'constant')
    if (!MODES.includes(mode) || (mode === 'wrap' && opset < 19)) ctx.unsupported(`mode "${mode}" is not supported`)
    let pads = opset < 11 ? attrInts(node, 'pads') : Array.from(ctx.constant(inputs[1]!)!.data)
    if (opset >= 18 && inputs[3]) {
      const axes = Array.from(ctx.constant(inputs[3])!.data).map((a) => normalizeAxis(node, a, rank, x.shape))
      if (pads.length !== 2 * axes.length) shapeError(node, `pads has ${pads.length} values for ${axes.length} axes`, [x.shape])
      const full = new Array<number>(2 * rank).fill(0)
      axes.forEach((a, i) => ((full[a] = pads[i]!), (full[a + rank] = pads[i + axes.length]!)))
      pads = full
    }
    if (pads.length !== 2 * rank) shapeError(node, `pads has ${pads.length} values, expected ${2 * rank}`, [x.shape])
    const ins = [inputs[0]!, ctx.addInitializer(`${node.name}_pads`, int64(pads))]
    if (mode === 'constant') {
      if (opset < 11) {
        const v = attrFloat(node, 'value', 0)
        if (v !== 0) ins.push(ctx.addInitializer(`${node.name}_value`, scalar(x.dtype, v)))
      } else if (inputs[2]) ins.push(inputs[2])
    }
    return ctx.rewrite({ mode: { type: 'string', value: mode } }, ins)
  },
  ...movementOp({ dataSlots: () => [0, 2], planner: planPad }),
}
