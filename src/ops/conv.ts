/**
 * Conv over 1-D, 2-D and 3-D inputs (NCW / NCHW / NCDHW), with explicit pads, strides,
 * dilations, groups (depthwise included) and an optional bias.
 * Quantized with a constant weight: one `Conv` integer node (free in the circuit with constant
 * weights; 0 constraints per output element), output scale = input scale + weight scale, the
 * bias rounded at that scale.
 */
import { attrInt, attrInts, attrString } from '../onnx/attributes.js'
import { ones, resolveAutoPads, shapeError, windowOutputShape } from '../onnx/shapes.js'
import { quantizeArray } from '../ir/scales.js'
import { windowTaps } from '../ir/lower/window.js'
import { int, intList, sameInfo } from './common.js'
import { checkSame, windowGeometry, windowRank } from './window.js'
import type { ComputeOp, Kernel } from './types.js'
import { inputsRange } from './arity.js'

/**
 * A convolution in float: out[n, m, o] = bias[m] + Σ_c Σ_taps W[m, c, k] · X[n, c0 + c, i]
 * over the window's taps (`windowTaps`). `inputDilations` computes a transposed convolution.
 */
export function convFloat(
  x: { dims: readonly number[]; data: Float64Array },
  w: { dims: readonly number[]; data: ArrayLike<number> },
  bias: ArrayLike<number> | undefined,
  geometry: { pads: readonly number[]; strides: readonly number[]; dilations: readonly number[]; inputDilations?: readonly number[] | undefined; group: number },
  outSpatial: readonly number[],
): Float64Array {
  const [N, C] = x.dims as [number, number]
  const [M, Cg] = w.dims as [number, number]
  const kernel = w.dims.slice(2)
  const taps = windowTaps(x.dims.slice(2), outSpatial, { ...geometry, kernel })
  const K = kernel.reduce((p, d) => p * d, 1)
  const I = x.dims.slice(2).reduce((p, d) => p * d, 1)
  const O = outSpatial.reduce((p, d) => p * d, 1)
  const Mg = M / geometry.group
  const X = x.data
  const Wt = w.data
  const out = new Float64Array(N * M * O)
  for (let n = 0; n < N; n++)
    for (let m = 0; m < M; m++) {
      const c0 = Math.floor(m / Mg) * Cg
      const oBase = (n * M + m) * O
      const b = bias ? bias[m]! : 0
      for (let o = 0; o < O; o++) {
        let acc = b
        const t0 = taps.start[o]!
        const t1 = taps.start[o + 1]!
        for (let c = 0; c < Cg; c++) {
          const wBase = (m * Cg + c) * K
          const xBase = (n * C + c0 + c) * I
          for (let t = t0; t < t1; t++) acc += Wt[wBase + taps.kernel[t]!]! * X[xBase + taps.input[t]!]!
        }
        out[oBase + o] = acc
      }
    }
  return out
}

/** Conv (canonical: kernel_shape, strides, dilations, pads, group explicit; no auto_pad). */
const convKernel: Kernel = (node, [x, w, bias]) => {
  const n = x!.dims.length - 2
  const outSpatial = windowOutputShape(node, x!.dims.slice(2), w!.dims.slice(2))
  const data = convFloat(x!, w!, bias?.data, { ...windowGeometry(node, n, w!.dims.slice(2)), group: attrInt(node, 'group', 1) }, outSpatial)
  return [{ dtype: x!.dtype, dims: [x!.dims[0]!, w!.dims[0]!, ...outSpatial], data }]
}

/**
 * Conv. Canonical: inputs X (rank 3 to 5), W, B?; attributes kernel_shape, strides, dilations,
 * pads `[begin..., end...]`, group; no auto_pad.
 */
export const conv: ComputeOp = {
  opType: 'Conv',
  arity: [inputsRange(2, 3)],
  kind: 'compute',
  canonicalize(node, ctx) {
    windowRank(node, ctx)
    const { x, inputs } = ctx
    const w = ctx.info(inputs[1]!)
    const n = ctx.rank - 2
    const kernel = attrInts(node, 'kernel_shape', w.shape.slice(2))
    if (kernel.join() !== w.shape.slice(2).join()) shapeError(node, `kernel_shape [${kernel}] differs from the weight shape`, [x.shape, w.shape])
    const strides = attrInts(node, 'strides', ones(n))
    const dilations = attrInts(node, 'dilations', ones(n))
    checkSame(ctx, attrString(node, 'auto_pad', 'NOTSET'), kernel, strides, dilations)
    const pads = resolveAutoPads(node, {
      autoPad: attrString(node, 'auto_pad', 'NOTSET'),
      explicit: node.attributes['pads'] ? attrInts(node, 'pads') : undefined,
      input: x.shape.slice(2),
      kernel,
      strides,
      dilations,
    })
    return ctx.rewrite({
      kernel_shape: intList(kernel),
      strides: intList(strides),
      dilations: intList(dilations),
      pads: intList(pads),
      group: int(attrInt(node, 'group', 1)),
    })
  },
  inferShape(node, inputs) {
    const x = inputs[0]!
    const s = x.shape
    const w = inputs[1]!.shape
    const group = attrInt(node, 'group', 1)
    if (w.length !== s.length) shapeError(node, 'weight rank differs from input rank', [s, w])
    if (s[1] !== w[1]! * group) shapeError(node, `input channels ${s[1]} != weight channels ${w[1]} x group ${group}`, [s, w])
    if (w[0]! % group !== 0) shapeError(node, `output channels ${w[0]} not divisible by group ${group}`, [s, w])
    const b = inputs[2]
    if (b && (b.shape.length !== 1 || b.shape[0] !== w[0])) shapeError(node, 'bias must be 1-D with one value per output channel', [s, w, b.shape])
    const spatial = windowOutputShape(node, s.slice(2), w.slice(2))
    if (spatial.some((d) => d <= 0)) shapeError(node, 'kernel is larger than the padded input', [s, w])
    return sameInfo(x, [s[0]!, w[0]!, ...spatial])
  },
  floatKernel: convKernel,
  quantize(node, q) {
    const [x, w, b] = node.inputs
    const out = node.outputs[0]!
    if (!q.isConstant(w!)) q.unsupported('Conv with a runtime weight')
    const W = q.constant(w)!
    const weights = q.addWeights(`${node.name}.W`, [...W.dims], W.data)
    const sOut = q.scale(x!) + weights.scale
    const C = q.constant(b)
    const { pads, strides, dilations } = windowGeometry(node, W.dims.length - 2, W.dims.slice(2))
    q.setScale(out, sOut)
    q.emit({
      name: node.name,
      inputs: [x!],
      outputs: [out],
      op: 'Conv',
      weight: weights.name,
      bias: C ? q.addConstant(`${node.name}.b`, C.dims, quantizeArray(C.data, sOut)) : undefined,
      pads,
      strides,
      dilations,
      group: attrInt(node, 'group', 1),
    })
  },
  emits: ['Conv'],
}
