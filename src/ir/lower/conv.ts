/**
 * Convolution over N spatial dims (NC + spatial, weight [M, C/group, k...]) with explicit pads
 * `[begin..., end...]`, strides, dilations, groups (depthwise when group = C) and optional input
 * dilations (a transposed convolution, see `window.ts`). Padding contributes zeros.
 * Each output is one `dot` of the window's weights and inputs: free in the circuit.
 */
import type { Domain, DTensor } from '../domain.js'
import type { IntTensor } from '../model.js'
import { windowTaps } from './window.js'

/** The integer Conv node's geometry (the kernel's extent comes from the weight). */
export type ConvGeometry = {
  pads: readonly number[]
  strides: readonly number[]
  dilations: readonly number[]
  inputDilations?: readonly number[] | undefined
  group: number
}

/** The convolution of `x` by the constant `weight` (+ `bias`), one `dot` per output element. */
export function conv<T>(D: Domain<T>, x: DTensor<T>, weight: IntTensor, bias: IntTensor | undefined, g: ConvGeometry, outShape: number[]): DTensor<T> {
  const [N, C] = x.shape as [number, number]
  const [M, Cg] = weight.dims as [number, number]
  const kernel = weight.dims.slice(2)
  const inSpatial = x.shape.slice(2)
  const outSpatial = outShape.slice(2)
  const taps = windowTaps(inSpatial, outSpatial, { ...g, kernel })
  const K = kernel.reduce((p, d) => p * d, 1)
  const I = inSpatial.reduce((p, d) => p * d, 1)
  const O = outSpatial.reduce((p, d) => p * d, 1)
  const Mg = M / g.group
  const out: T[] = new Array(N * M * O)
  // Zero weights are kept (with their index): a private weight's value is not structure. The
  // arrays are reused while the window size stays the same (overwritten, not regrown): domains
  // read them during the `dot` call only.
  let coeffs: number[] = []
  let xs: T[] = []
  let index: number[] = []
  for (let n = 0; n < N; n++)
    for (let m = 0; m < M; m++) {
      const c0 = Math.floor(m / Mg) * Cg
      for (let o = 0; o < O; o++) {
        const t0 = taps.start[o]!
        const t1 = taps.start[o + 1]!
        const size = Cg * (t1 - t0)
        if (xs.length !== size) {
          coeffs = new Array<number>(size)
          xs = new Array<T>(size)
          index = new Array<number>(size)
        }
        let at = 0
        for (let c = 0; c < Cg; c++) {
          const wBase = (m * Cg + c) * K
          const xBase = (n * C + c0 + c) * I
          for (let t = t0; t < t1; t++, at++) {
            const k = wBase + taps.kernel[t]!
            coeffs[at] = weight.data[k]!
            xs[at] = x.data[xBase + taps.input[t]!]!
            index[at] = k
          }
        }
        out[(n * M + m) * O + o] = D.dot(coeffs, xs, bias ? bias.data[m]! : 0, { weight, index, bias, biasIndex: m })
      }
    }
  return { shape: outShape, data: out }
}
