/**
 * Slice with constant starts/ends/axes/steps (negative and out-of-range values clamped as ONNX
 * says; negative steps). Integer form: one `IndexMap` (zero constraints).
 */
import { attrInts } from '../onnx/attributes.js'
import type { Node, Tensor } from '../onnx/ir.js'
import { normalizeAxis, shapeError } from '../onnx/shapes.js'
import { int64 } from './common.js'
import { mapPlan, movementOp, stridesOf, type Planner } from './movement.js'
import type { ComputeOp } from './types.js'
import { ONE_IN, inputsRange } from './arity.js'

const ints = (t: Tensor | undefined): number[] | undefined => (t ? Array.from(t.data) : undefined)

/** Begin, step and length of the slice along each axis of `dims`. */
export function sliceGeometry(
  node: Node,
  dims: readonly number[],
  p: { starts: number[]; ends: number[]; axes?: number[] | undefined; steps?: number[] | undefined },
): { begin: number[]; step: number[]; shape: number[] } {
  const r = dims.length
  const axes = p.axes ?? p.starts.map((_, i) => i)
  const steps = p.steps ?? p.starts.map(() => 1)
  if (p.ends.length !== p.starts.length || axes.length !== p.starts.length || steps.length !== p.starts.length)
    shapeError(node, 'starts, ends, axes and steps differ in length', [dims])
  const begin = new Array<number>(r).fill(0)
  const step = new Array<number>(r).fill(1)
  const shape = [...dims]
  const seen = new Set<number>()
  axes.forEach((a0, i) => {
    const a = normalizeAxis(node, a0, r, dims)
    if (seen.has(a)) shapeError(node, `axis ${a0} repeats`, [dims])
    seen.add(a)
    const dim = dims[a]!
    const st = steps[i]!
    if (st === 0) shapeError(node, 'a step is 0', [dims])
    const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + dim : v, lo), hi)
    const b = st > 0 ? clamp(p.starts[i]!, 0, dim) : clamp(p.starts[i]!, -1, dim - 1)
    const e = st > 0 ? clamp(p.ends[i]!, 0, dim) : clamp(p.ends[i]!, -1, dim - 1)
    begin[a] = b
    step[a] = st
    shape[a] = Math.max(0, Math.ceil((e - b) / st))
  })
  return { begin, step, shape }
}

const planSlice: Planner = (node, [dims], param) => {
  const { begin, step, shape } = sliceGeometry(node, dims!, { starts: ints(param(1))!, ends: ints(param(2))!, axes: ints(param(3)), steps: ints(param(4)) })
  const strides = stridesOf(dims!)
  return [mapPlan(node, shape, (c) => c.reduce((a, v, d) => a + (begin[d]! + v * step[d]!) * strides[d]!, 0))]
}

/**
 * Slice. Canonical: inputs X, starts, ends, axes, steps (int64 initializers; axes non-negative,
 * axes and steps explicit); the attribute form of opset < 10 becomes inputs.
 */
export const slice: ComputeOp = {
  opType: 'Slice',
  arity: [ONE_IN, inputsRange(3, 5, 10)],
  kind: 'compute',
  constantInputs: [1, 2, 3, 4],
  canonicalize(node, ctx) {
    const { opset, inputs, x, rank } = ctx
    const value = (i: number) => (inputs[i] ? Array.from(ctx.constant(inputs[i]!)!.data) : undefined)
    const starts = opset < 10 ? attrInts(node, 'starts') : value(1)!
    const ends = opset < 10 ? attrInts(node, 'ends') : value(2)!
    const axes = (opset < 10 ? attrInts(node, 'axes', starts.map((_, i) => i)) : value(3) ?? starts.map((_, i) => i)).map((a) => normalizeAxis(node, a, rank, x.shape))
    const steps = opset < 10 ? starts.map(() => 1) : value(4) ?? starts.map(() => 1)
    const add = (base: string, v: number[]) => ctx.addInitializer(`${node.name}_${base}`, int64(v))
    return ctx.rewrite({}, [inputs[0]!, add('starts', starts), add('ends', ends), add('axes', axes), add('steps', steps)])
  },
  ...movementOp({ planner: planSlice }),
}
