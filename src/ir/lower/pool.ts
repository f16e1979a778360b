/**
 * 2-D pooling over NCHW. MaxPool: pairwise max tree over the window's valid positions (padding is
 * ignored, as ONNX's -inf padding is). SumPool: the window sum; with `average`, multiplied by
 * round(2^shift / count) so the output scale grows by `shift` (no constraint: AveragePool is free).
 */
import type { Domain, DTensor } from '../domain.js'
import { maxOf } from './compose.js'

export type PoolGeometry = {
  kernel: [number, number]
  pads: [number, number, number, number]
  strides: [number, number]
  dilations: [number, number]
}

export function pool<T>(
  D: Domain<T>,
  x: DTensor<T>,
  kind: 'max' | 'sum',
  g: PoolGeometry,
  outShape: number[],
  average: { shift: number; countIncludePad: boolean } | undefined,
  label: string,
): DTensor<T> {
  const [N, C, H, W] = x.shape as [number, number, number, number]
  const [, , OH, OW] = outShape as [number, number, number, number]
  const out: T[] = new Array(N * C * OH * OW)
  for (let n = 0; n < N; n++)
    for (let c = 0; c < C; c++)
      for (let oh = 0; oh < OH; oh++)
        for (let ow = 0; ow < OW; ow++) {
          const xs: T[] = []
          let padded = 0
          for (let kh = 0; kh < g.kernel[0]; kh++) {
            const ih = oh * g.strides[0] - g.pads[0] + kh * g.dilations[0]
            for (let kw = 0; kw < g.kernel[1]; kw++) {
              const iw = ow * g.strides[1] - g.pads[1] + kw * g.dilations[1]
              if (ih < 0 || ih >= H || iw < 0 || iw >= W) {
                // Positions inside the declared padding count for count_include_pad.
                if (ih >= -g.pads[0] && ih < H + g.pads[2] && iw >= -g.pads[1] && iw < W + g.pads[3]) padded++
                continue
              }
              xs.push(x.data[((n * C + c) * H + ih) * W + iw]!)
            }
          }
          const o = ((n * C + c) * OH + oh) * OW + ow
          if (kind === 'max') {
            out[o] = maxOf(D, xs, `${label}[${c},${oh},${ow}]`)
          } else {
            const count = average?.countIncludePad ? xs.length + padded : xs.length
            const k = average ? Math.round(2 ** average.shift / count) : 1
            out[o] = D.dot(new Array(xs.length).fill(k), xs, 0)
          }
        }
  return { shape: outShape, data: out }
}
