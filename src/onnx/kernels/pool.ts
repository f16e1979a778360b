/**
 * MaxPool and AveragePool over 1-D / 2-D inputs (explicit pads, strides, dilations, ceil_mode,
 * count_include_pad), and GlobalAveragePool over any spatial rank.
 *
 * AveragePool divisor: with count_include_pad, the taps inside the padded input
 * `[-padBegin, in + padEnd)` (taps that only exist because of ceil_mode are not counted);
 * otherwise the taps inside the input.
 */
import { attrInt, attrInts } from '../attributes.js'
import { shapeSize } from '../ir.js'
import { ones, windowOutputShape } from '../shapes.js'
import type { Kernel } from './types.js'

/** MaxPool / AveragePool (canonical attributes explicit, single output). */
export const poolKernel: Kernel = (node, [x]) => {
  const isMax = node.opType === 'MaxPool'
  const oneD = x!.dims.length === 3
  const [N, C, H, W] = oneD ? [x!.dims[0]!, x!.dims[1]!, 1, x!.dims[2]!] : (x!.dims as [number, number, number, number])
  const kernel = attrInts(node, 'kernel_shape')
  const outSpatial = windowOutputShape(node, x!.dims.slice(2), kernel)
  const nd = kernel.length
  const s = attrInts(node, 'strides', ones(nd))
  const d = attrInts(node, 'dilations', ones(nd))
  const p = attrInts(node, 'pads', new Array<number>(2 * nd).fill(0))
  const [KH, KW, OH, OW] = oneD ? [1, kernel[0]!, 1, outSpatial[0]!] : [kernel[0]!, kernel[1]!, outSpatial[0]!, outSpatial[1]!]
  const [sh, sw, dh, dw] = oneD ? [1, s[0]!, 1, d[0]!] : [s[0]!, s[1]!, d[0]!, d[1]!]
  const [pt, pl, pb, pr] = oneD ? [0, p[0]!, 0, p[1]!] : [p[0]!, p[1]!, p[2]!, p[3]!]
  const includePad = attrInt(node, 'count_include_pad', 0) === 1
  const X = x!.data
  const out = new Float64Array(N * C * OH * OW)
  for (let nc = 0; nc < N * C; nc++) {
    const xBase = nc * H * W
    const oBase = nc * OH * OW
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        let acc = isMax ? -Infinity : 0
        let count = 0
        for (let ky = 0; ky < KH; ky++) {
          const iy = oy * sh - pt + ky * dh
          const rowIn = iy >= 0 && iy < H
          const rowPadded = iy >= -pt && iy < H + pb
          for (let kx = 0; kx < KW; kx++) {
            const ix = ox * sw - pl + kx * dw
            if (rowIn && ix >= 0 && ix < W) {
              const v = X[xBase + iy * W + ix]!
              if (isMax) {
                if (v > acc || Number.isNaN(v)) acc = v
              } else acc += v
              if (!includePad) count++
            }
            if (includePad && rowPadded && ix >= -pl && ix < W + pr) count++
          }
        }
        out[oBase + oy * OW + ox] = isMax ? acc : acc / count
      }
    }
  }
  return [{ dtype: x!.dtype, dims: oneD ? [N, C, OW] : [N, C, OH, OW], data: out }]
}

/** GlobalAveragePool: mean over all spatial dims, kept as size-1 dims. */
export const globalAveragePoolKernel: Kernel = (_node, [x]) => {
  const [N, C] = [x!.dims[0]!, x!.dims[1]!]
  const inner = shapeSize(x!.dims.slice(2))
  const out = new Float64Array(N * C)
  for (let i = 0; i < N * C; i++) {
    let acc = 0
    for (let j = 0; j < inner; j++) acc += x!.data[i * inner + j]!
    out[i] = acc / inner
  }
  return [{ dtype: x!.dtype, dims: [N, C, ...ones(x!.dims.length - 2)], data: out }]
}
