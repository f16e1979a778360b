/**
 * Softmax and LogSoftmax over one axis (opset-13 semantics).
 *
 * - As the last op over the last axis (only view ops follow): the circuit proves the logits and
 *   the graph output is their (log-)softmax, applied after proving (`postprocess`; argmax is
 *   preserved). Cost: none (the integer node is a Reshape).
 * - Anywhere else, on any axis: the `Softmax` integer node, proven in the circuit
 *   (`src/ir/lower/softmax.ts`): per row the max (n − 1 comparisons), exp of x − max by a
 *   piecewise table, the sum, one reciprocal (division gadget) and per element one bounded
 *   product rounded to the output scale (LogSoftmax: a log table of the sum instead of the
 *   reciprocal and products). Cost per element ≈ one comparison + the exp table + one product
 *   and one decomposition of the output's width (+ one division per row).
 */
import { attrInt } from '../onnx/attributes.js'
import type { Node } from '../onnx/ir.js'
import { shapeSize } from '../onnx/ir.js'
import { normalizeAxis } from '../onnx/shapes.js'
import { evalPiecewise } from '../ir/piecewise.js'
import { fitFunction } from '../quantize/fitFunction.js'
import { FunctionFitError } from '../errors/quantize.js'
import { EXECUTOR_BITS } from '../ir/interval.js'
import { around, int, int64, io, sameInfo } from './common.js'
import type { CanonicalizeContext, CanonicalResult, ComputeOp, Kernel, QuantizeContext } from './types.js'
import { ONE_IN } from './arity.js'

/** Softmax (or log-softmax) along `axis` (max-subtracted for stability). */
function softmaxKernel(log: boolean): Kernel {
  return (node, [x]) => {
    const axis = normalizeAxis(node, attrInt(node, 'axis', -1), x!.dims.length, x!.dims)
    const [outer, len, inner] = around(x!.dims, axis)
    const X = x!.data
    const out = new Float64Array(X.length)
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * len * inner + i
        let max = -Infinity
        for (let k = 0; k < len; k++) max = Math.max(max, X[base + k * inner]!)
        let sum = 0
        for (let k = 0; k < len; k++) {
          const e = Math.exp(X[base + k * inner]! - max)
          out[base + k * inner] = e
          sum += e
        }
        for (let k = 0; k < len; k++) out[base + k * inner] = log ? X[base + k * inner]! - max - Math.log(sum) : out[base + k * inner]! / sum
      }
    }
    return [{ dtype: x!.dtype, dims: [...x!.dims], data: out }]
  }
}

/**
 * Canonical: input X; attribute axis ≥ 0 with the opset-13 meaning (one axis). An opset < 13
 * (Log)Softmax over a non-last axis (which coerced its input to 2-D) becomes Reshape → op(axis 1)
 * → Reshape.
 */
function canonicalizeSoftmax(node: Node, ctx: CanonicalizeContext): CanonicalResult {
  const { opset, inputs, x, rank } = ctx
  const axis = normalizeAxis(node, attrInt(node, 'axis', opset < 13 ? 1 : -1), rank, x.shape)
  if (opset >= 13 || axis === rank - 1) return ctx.rewrite({ axis: int(axis) })
  // opset < 13: the op over the input coerced to 2-D [prod(dims[:axis]), prod(dims[axis:])].
  const flat = ctx.freshName(`${node.name}_2d`)
  const soft = ctx.freshName(`${node.name}_2d_${node.opType.toLowerCase()}`)
  const shape2d = [shapeSize(x.shape.slice(0, axis)), shapeSize(x.shape.slice(axis))]
  return ctx.result([
    { opType: 'Reshape', name: ctx.freshName(`${node.name}_to2d`), inputs: [inputs[0]!, ctx.addInitializer(`${node.name}_shape2d`, int64(shape2d))], outputs: [flat], attributes: {} },
    { opType: node.opType, name: node.name, inputs: [flat], outputs: [soft], attributes: { axis: int(1) } },
    { opType: 'Reshape', name: ctx.freshName(`${node.name}_from2d`), inputs: [soft, ctx.addInitializer(`${node.name}_shape`, int64(x.shape))], outputs: [node.outputs[0]!], attributes: {} },
  ])
}

/** Extra output bits of the exp table beyond the output scale: the sum of n tables' errors. */
const expGuardBits = (n: number) => 2 + Math.ceil(Math.log2(n) / 2)

/** Parameters of {@link quantizeSoftmaxRows}. */
export type SoftmaxRowsParameters = {
  /** The input (an integer-model value), its calibrated float range, and the axis of the rows. */
  x: string
  range: { min: number; max: number }
  axis: number
  /** The output value, a graph value (scale recorded with setScale) or a new tensor (addTensor). */
  out: string
  graphOut: boolean
  /** Softmax's output scale (the others work at x's scale). */
  outScale: number
  mode: 'softmax' | 'logsoftmax' | 'logsumexp'
  label: string
}

/**
 * Emits a `Softmax` integer node over `axis` of x: softmax, log-softmax or (per row, the axis kept
 * with size 1) log-sum-exp. Fits the exp table on [−spread, 0] (spread = the calibrated range's
 * width) and the log table on [e(0), n·e(0)]. Returns the output's scale.
 */
export function quantizeSoftmaxRows(q: QuantizeContext, { x, range, axis, out, graphOut, outScale, mode, label }: SoftmaxRowsParameters): number {
  const shape = q.shape(x)
  const n = shape[axis]!
  const log = mode !== 'softmax'
  const spread = Math.max(range.max - range.min, 2 ** -q.scale(x))
  const sY = log ? q.scale(x) : outScale
  const eOut = (log ? Math.min(sY, q.activationBits - 1) : sY) + expGuardBits(n)
  // exp on [−spread, 0] at scale sY + guard bits. Its fraction bits are kept (e is never rounded)
  // as far as the executor's range allows: for softmax the bounded product e_i·R reaches
  // 2^(recipShift + 1) with recipShift ≈ sY + 3 + log2(n) + eScale; beyond, the table rounds.
  const spec = { name: 'Exp', f: Math.exp, left: { slope: 0, intercept: 0 }, right: 'clamp' as const }
  const expFit = { spec, inScale: q.scale(x), outScale: eOut, range: { min: -spread, max: 0 }, outBits: q.activationBits + expGuardBits(n) + 1, extendClamp: false }
  const room = EXECUTOR_BITS - 2 - (sY + 4 + Math.ceil(Math.log2(n)) + eOut)
  let exp: ReturnType<typeof fitFunction>
  try {
    exp = fitFunction({ ...expFit, deferRounding: true, maxDeferredFraction: Math.max(0, room) })
  } catch (e) {
    if (!(e instanceof FunctionFitError)) throw e
    exp = fitFunction(expFit)
  }
  const eScale = eOut + exp.extraScale
  const e0 = evalPiecewise(exp.table, 0)
  const eMax = Math.max(e0, evalPiecewise(exp.table, -1), 1)
  const base = { name: label, inputs: [x], outputs: [out], op: 'Softmax' as const, axis, exp: exp.table }
  let scale: number
  if (log) {
    // log(S) for S ∈ [e(0), n·e(0)] (S at eScale), at x's scale (+ the table's fraction bits).
    const table = fitFunction({
      spec: { name: 'Log', f: (v: number) => Math.log(v), left: 'clamp', right: 'clamp', min: 0 },
      inScale: eScale,
      outScale: q.scale(x),
      range: { min: (e0 / 2 ** eScale) * 0.999, max: n * 1.001 },
      outBits: q.activationBits + Math.ceil(Math.log2(n)) + 2,
      deferRounding: true,
    })
    const reduce = mode === 'logsumexp'
    q.emit({ ...base, recipShift: 0, recipMin: 1, outShift: 0, bound: 0, log: { table: table.table, shift: table.extraScale, ...(reduce ? { reduce } : {}) } })
    scale = q.scale(x) + table.extraScale
  } else {
    // R = 2^recipShift / S with R ≥ 2^(sY + 3) for every S ≤ n·eMax.
    const recipShift = sY + 3 + Math.ceil(Math.log2(n * eMax))
    const recipMin = Math.max(1, Math.floor(e0 / 2))
    // e_i·R ≤ 2^recipShift·e_i/S + e_i/2, and e_i ≤ S up to the tables' rounding: twice that is safe.
    q.emit({ ...base, recipShift, recipMin, outShift: recipShift - sY, bound: 2 ** (recipShift + 1) + eMax })
    scale = sY
  }
  if (graphOut) q.setScale(out, scale)
  else q.addTensor(out, mode === 'logsumexp' ? shape.map((d, k) => (k === axis ? 1 : d)) : shape, scale)
  return scale
}

function softmaxOp(opType: 'Softmax' | 'LogSoftmax'): ComputeOp {
  const log = opType === 'LogSoftmax'
  return {
    opType,
    arity: [ONE_IN],
    kind: 'compute',
    canonicalize: canonicalizeSoftmax,
    inferShape(node, [x]) {
      const s = x!.shape
      normalizeAxis(node, attrInt(node, 'axis', -1), s.length, s)
      return sameInfo(x!, [...s])
    },
    floatKernel: softmaxKernel(log),
    quantize(node, q) {
      const x = node.inputs[0]!
      const out = node.outputs[0]!
      const rank = q.graphShape(x).length
      const axis = (attrInt(node, 'axis', q.opset >= 13 ? -1 : 1) + rank) % rank
      if (axis === rank - 1 && q.onlyViewsFollow(out)) {
        // The circuit proves the logits; the graph output is their (log-)softmax, applied after proving.
        q.softmaxAfterProving(out, log ? 'logsoftmax' : 'softmax')
        q.emit({ ...io(node), op: 'Reshape' })
        q.setScale(out, q.scale(x))
        return
      }
      const x2 = q.toTarget(x, `${node.name}.requant`)
      quantizeSoftmaxRows(q, { x: x2, range: q.range(x), axis, out, graphOut: true, outScale: q.targetScale(out), mode: log ? 'logsoftmax' : 'softmax', label: node.name })
    },
    emits: ['Reshape', 'Requant', 'Softmax'],
  }
}

/** Softmax. Canonical: input X; attribute axis (opset-13 meaning). */
export const softmax = softmaxOp('Softmax')

/** LogSoftmax. Canonical: input X; attribute axis (opset-13 meaning). */
export const logSoftmax = softmaxOp('LogSoftmax')
