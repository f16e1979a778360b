/**
 * Conv over 1-D and 2-D inputs (NCW / NCHW), with explicit pads, strides, dilations, groups
 * (depthwise included) and an optional bias. A 1-D convolution runs as 2-D with height 1.
 * Loop order keeps the innermost loop a contiguous run over output columns.
 */
import { attrInt, attrInts } from '../attributes.js'
import { windowOutputShape } from '../shapes.js'
import type { Kernel } from './types.js'

/** Conv (canonical: kernel_shape, strides, dilations, pads, group explicit; no auto_pad). */
export const convKernel: Kernel = (node, [x, w, bias]) => {
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
