/**
 * 2-D convolution (stride 1, symmetric zero padding), the ONNX `Conv` with `W` `[out, in, k, k]`.
 *
 * Computed through im2col: each sample's input patches are laid out as a `[in·k·k, oh·ow]`
 * matrix (kept for the backward pass), so the inner loops run over contiguous output pixels.
 */
import type { Rng } from '../rng.js'
import { createParam, Scratch } from './types.js'
import type { Layer, Param } from './types.js'

/** Parameters of {@link createConv2d}. */
export type CreateConv2dParameters = {
  /** Prefix of the parameter names (`${name}.weight`, `${name}.bias`). */
  name: string
  /** Per-sample input shape `[channels, height, width]`. */
  inShape: readonly [number, number, number]
  outChannels: number
  kernel: number
  /** Zero padding on every side (default 0). */
  pad?: number | undefined
  /** Initializes the weights He-uniform (`±√(6/(in·k·k))`), biases zero. */
  rng: Rng
}

/** A convolution layer with the attributes the ONNX export needs. */
export type Conv2dLayer = Layer & { readonly pad: number; readonly kernel: number }

/**
 * Creates a convolution layer.
 * @param parameters {@link CreateConv2dParameters}
 * @returns the layer; `params` = [weight `[out, in, k, k]`, bias `[out]`]; output `[out, oh, ow]`
 * @throws RangeError when the kernel is larger than the padded input
 */
export function createConv2d({ name, inShape, outChannels: O, kernel: K, pad: P = 0, rng }: CreateConv2dParameters): Conv2dLayer {
  const [C, H, Wd] = inShape
  const OH = H + 2 * P - K + 1
  const OW = Wd + 2 * P - K + 1
  if (OH < 1 || OW < 1) throw new RangeError(`conv ${name}: kernel ${K} larger than padded input ${H}×${Wd}`)
  const R = C * K * K // rows of the patch matrix
  const Np = OH * OW // output pixels
  const inSize = C * H * Wd
  const W = createParam(`${name}.weight`, [O, C, K, K])
  const B = createParam(`${name}.bias`, [O])
  const bound = Math.sqrt(6 / R)
  for (let i = 0; i < W.value.length; i++) W.value[i] = (rng.next() * 2 - 1) * bound
  const colsBuf = new Scratch()
  const out = new Scratch()
  const dcolBuf = new Scratch()
  const dxBuf = new Scratch()
  let cols: Float32Array = new Float32Array(0)
  const params: Param[] = [W, B]

  function im2col(x: Float32Array, xo: number, dst: Float32Array, co: number): void {
    for (let c = 0; c < C; c++)
      for (let ky = 0; ky < K; ky++)
        for (let kx = 0; kx < K; kx++) {
          const row = co + ((c * K + ky) * K + kx) * Np
          for (let oy = 0; oy < OH; oy++) {
            const iy = oy + ky - P
            const d = row + oy * OW
            if (iy < 0 || iy >= H) {
              dst.fill(0, d, d + OW)
              continue
            }
            const s = xo + (c * H + iy) * Wd + kx - P
            for (let ox = 0; ox < OW; ox++) {
              const ix = ox + kx - P
              dst[d + ox] = ix >= 0 && ix < Wd ? x[s + ox]! : 0
            }
          }
        }
  }

  return {
    type: 'conv2d',
    inShape: [C, H, Wd],
    outShape: [O, OH, OW],
    params,
    pad: P,
    kernel: K,
    forward(x, batch) {
      const cs = colsBuf.get(batch * R * Np)
      cols = cs
      const y = out.get(batch * O * Np)
      const w = W.value
      for (let b = 0; b < batch; b++) {
        const co = b * R * Np
        im2col(x, b * inSize, cs, co)
        for (let o = 0; o < O; o++) {
          const yo = (b * O + o) * Np
          y.fill(B.value[o]!, yo, yo + Np)
          const wo = o * R
          let r = 0
          for (; r + 1 < R; r += 2) {
            const w0 = w[wo + r]!
            const w1 = w[wo + r + 1]!
            const c0 = co + r * Np
            const c1 = c0 + Np
            for (let p = 0; p < Np; p++) y[yo + p] = y[yo + p]! + w0 * cs[c0 + p]! + w1 * cs[c1 + p]!
          }
          if (r < R) {
            const w0 = w[wo + r]!
            const c0 = co + r * Np
            for (let p = 0; p < Np; p++) y[yo + p] = y[yo + p]! + w0 * cs[c0 + p]!
          }
        }
      }
      return y
    },
    backward(dy, batch, needInput) {
      const cs = cols
      const w = W.value
      const gw = W.grad
      const gb = B.grad
      const dx = needInput ? dxBuf.get(batch * inSize) : new Float32Array(0)
      const dcol = needInput ? dcolBuf.get(R * Np) : dx
      if (needInput) dx.fill(0)
      for (let b = 0; b < batch; b++) {
        const co = b * R * Np
        if (needInput) dcol.fill(0)
        for (let o = 0; o < O; o++) {
          const yo = (b * O + o) * Np
          let sb = 0
          for (let p = 0; p < Np; p++) sb += dy[yo + p]!
          gb[o] = gb[o]! + sb
          const wo = o * R
          for (let r = 0; r < R; r++) {
            const c0 = co + r * Np
            let s = 0
            for (let p = 0; p < Np; p++) s += dy[yo + p]! * cs[c0 + p]!
            gw[wo + r] = gw[wo + r]! + s
            if (needInput) {
              const wr = w[wo + r]!
              const d0 = r * Np
              for (let p = 0; p < Np; p++) dcol[d0 + p] = dcol[d0 + p]! + wr * dy[yo + p]!
            }
          }
        }
        if (needInput) {
          // col2im: scatter the patch gradients back onto the input pixels
          const xo = b * inSize
          for (let c = 0; c < C; c++)
            for (let ky = 0; ky < K; ky++)
              for (let kx = 0; kx < K; kx++) {
                const row = ((c * K + ky) * K + kx) * Np
                for (let oy = 0; oy < OH; oy++) {
                  const iy = oy + ky - P
                  if (iy < 0 || iy >= H) continue
                  const s = xo + (c * H + iy) * Wd + kx - P
                  const d = row + oy * OW
                  for (let ox = 0; ox < OW; ox++) {
                    const ix = ox + kx - P
                    if (ix >= 0 && ix < Wd) dx[s + ox] = dx[s + ox]! + dcol[d + ox]!
                  }
                }
              }
        }
      }
      return dx
    },
  }
}
