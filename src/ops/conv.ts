/**
 * Conv over 1-D and 2-D inputs (NCW / NCHW), with explicit pads, strides, dilations, groups
 * (depthwise included) and an optional bias. A 1-D convolution runs as 2-D with height 1.
 * Quantized with a constant weight: a `Conv` integer node (free in the circuit with constant
 * weights), output scale = input scale + weight scale, the bias rounded at that scale.
 */
import { attrInt, attrInts, attrString } from '../onnx/attributes.js'
import { ones, resolveAutoPads, shapeError, windowOutputShape } from '../onnx/shapes.js'
import { quantizeArray } from '../ir/scales.js'
import { int, intList, sameInfo } from './common.js'
import { as2d, checkSame, geometry2d, windowRank } from './window.js'
import type { ComputeOp, Kernel } from './types.js'
import { inputsRange } from './arity.js'

/**
 * Conv (canonical: kernel_shape, strides, dilations, pads, group explicit; no auto_pad).
 * Loop order keeps the innermost loop a contiguous run over output columns.
 */
const convKernel: Kernel = (node, [x, w, bias]) => {
  const oneD = x!.dims.length === 3
  const [N, C, H, W] = oneD ? [x!.dims[0]!, x!.dims[1]!, 1, x!.dims[2]!] : (x!.dims as [number, number, number, number])
  const [M, Cg, KH, KW] = oneD ? [w!.dims[0]!, w!.dims[1]!, 1, w!.dims[2]!] : (w!.dims as [number, number, number, number])
  const outSpatial = windowOutputShape(node, x!.dims.slice(2), w!.dims.slice(2))
  const [OH, OW] = oneD ? [1, outSpatial[0]!] : (outSpatial as [number, number])
  const s = attrInts(node, 'strides', oneD ? [1] : [1, 1])
  const d = attrInts(node, 'dilations', oneD ? [1] : [1, 1])
  const p = attrInts(node, 'pads', oneD ? [0, 0] : [0, 0, 0, 0])
  const [sh, sw, dh, dw, pt, pl] = oneD ? [1, s[0]!, 1, d[0]!, 0, p[0]!] : [s[0]!, s[1]!, d[0]!, d[1]!, p[0]!, p[1]!]
  const group = attrInt(node, 'group', 1)
  const Mg = M / group
  const X = x!.data
  const Wt = w!.data
  const out = new Float64Array(N * M * OH * OW)
  for (let n = 0; n < N; n++) {
    for (let m = 0; m < M; m++) {
      const g = Math.floor(m / Mg)
      const oBase = (n * M + m) * OH * OW
      if (bias) out.fill(bias.data[m]!, oBase, oBase + OH * OW)
      for (let c = 0; c < Cg; c++) {
        const xBase = (n * C + g * Cg + c) * H * W
        const wBase = (m * Cg + c) * KH * KW
        for (let ky = 0; ky < KH; ky++) {
          for (let kx = 0; kx < KW; kx++) {
            const wv = Wt[wBase + ky * KW + kx]!
            const offX = kx * dw - pl
            // Output columns whose input column ox*sw + offX lies in [0, W).
            const oxLo = Math.max(0, Math.ceil(-offX / sw))
            const oxHi = Math.min(OW, Math.floor((W - 1 - offX) / sw) + 1)
            for (let oy = 0; oy < OH; oy++) {
              const iy = oy * sh - pt + ky * dh
              if (iy < 0 || iy >= H) continue
              const xRow = xBase + iy * W + offX
              const oRow = oBase + oy * OW
              for (let ox = oxLo; ox < oxHi; ox++) out[oRow + ox] += wv * X[xRow + ox * sw]!
            }
          }
        }
      }
    }
  }
  return [{ dtype: x!.dtype, dims: oneD ? [N, M, OW] : [N, M, OH, OW], data: out }]
}

/**
 * Conv. Canonical: inputs X (rank 3 or 4), W, B?; attributes kernel_shape, strides, dilations,
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
    if (W.dims.length !== 4 && W.dims.length !== 3) q.unsupported(`${W.dims.length - 2}-D convolution (only 1-D and 2-D)`)
    const dims = W.dims.length === 3 ? [W.dims[0]!, W.dims[1]!, 1, W.dims[2]!] : W.dims
    const weights = q.addWeights(`${node.name}.W`, dims, W.data)
    const sOut = q.scale(x!) + weights.scale
    const C = q.constant(b)
    const { pads, strides, dilations } = geometry2d(node, q)
    const v = as2d(node, q, x!, out)
    q.setScale(out, sOut)
    q.emit({
      name: node.name,
      inputs: [v.x2],
      outputs: [v.out2],
      op: 'Conv',
      weight: weights.name,
      bias: C ? q.addConstant(`${node.name}.b`, C.dims, quantizeArray(C.data, sOut)) : undefined,
      pads,
      strides,
      dilations,
      group: attrInt(node, 'group', 1),
    })
    v.done()
  },
  emits: ['Conv', 'Reshape'],
}
