/**
 * 2-D convolution (NCHW, weight [M, C/group, kh, kw]) with explicit pads [top, left, bottom, right],
 * strides, dilations and groups (depthwise when group = C). Padding contributes zeros. Free in the circuit.
 */
import type { Domain, DTensor } from '../domain.js'
import type { IntTensor } from '../model.js'

export type ConvGeometry = {
  pads: [number, number, number, number]
  strides: [number, number]
  dilations: [number, number]
  group: number
}

export function conv<T>(D: Domain<T>, x: DTensor<T>, weight: IntTensor, bias: IntTensor | undefined, g: ConvGeometry, outShape: number[]): DTensor<T> {
  const [N, C, H, W] = x.shape as [number, number, number, number]
  const [M, Cg, KH, KW] = weight.dims as [number, number, number, number]
  const [, , OH, OW] = outShape as [number, number, number, number]
  const Mg = M / g.group
  const out: T[] = new Array(N * M * OH * OW)
  // Zero weights are kept (with their index): a private weight's value is not structure. The
  // arrays are reused: domains read them during the `dot` call only.
  const coeffs: number[] = []
  const xs: T[] = []
  const index: number[] = []
  for (let n = 0; n < N; n++)
    for (let m = 0; m < M; m++) {
      const c0 = Math.floor(m / Mg) * Cg
      for (let oh = 0; oh < OH; oh++)
        for (let ow = 0; ow < OW; ow++) {
          coeffs.length = 0
          xs.length = 0
          index.length = 0
          for (let c = 0; c < Cg; c++)
            for (let kh = 0; kh < KH; kh++) {
              const ih = oh * g.strides[0] - g.pads[0] + kh * g.dilations[0]
              if (ih < 0 || ih >= H) continue
              for (let kw = 0; kw < KW; kw++) {
                const iw = ow * g.strides[1] - g.pads[1] + kw * g.dilations[1]
                if (iw < 0 || iw >= W) continue
                const k = ((m * Cg + c) * KH + kh) * KW + kw
                coeffs.push(weight.data[k]!)
                xs.push(x.data[((n * C + c0 + c) * H + ih) * W + iw]!)
                index.push(k)
              }
            }
          out[((n * M + m) * OH + oh) * OW + ow] = D.dot(coeffs, xs, bias ? bias.data[m]! : 0, { weight, index, bias, biasIndex: m })
        }
    }
  return { shape: outShape, data: out }
}
