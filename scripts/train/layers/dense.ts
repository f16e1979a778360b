/**
 * Fully connected layer `y = x · Wᵀ + b`, the ONNX `Gemm` with `transB = 1`: `W` is
 * `[out, in]` so each output's weights are contiguous.
 */
import type { Rng } from '../rng.js'
import { createParam, Scratch } from './types.js'
import type { Layer, Param } from './types.js'

/** Parameters of {@link createDense}. */
export type CreateDenseParameters = {
  /** Prefix of the parameter names (`${name}.weight`, `${name}.bias`). */
  name: string
  inSize: number
  outSize: number
  /** Initializes the weights He-uniform (`±√(6/in)`), biases zero. */
  rng: Rng
}

/**
 * Creates a dense layer.
 * @param parameters {@link CreateDenseParameters}
 * @returns the layer; `params` = [weight `[out, in]`, bias `[out]`]
 */
export function createDense({ name, inSize, outSize, rng }: CreateDenseParameters): Layer {
  const W = createParam(`${name}.weight`, [outSize, inSize])
  const B = createParam(`${name}.bias`, [outSize])
  const bound = Math.sqrt(6 / inSize)
  for (let i = 0; i < W.value.length; i++) W.value[i] = (rng.next() * 2 - 1) * bound
  const out = new Scratch()
  const dxBuf = new Scratch()
  let input: Float32Array = new Float32Array(0)
  const params: Param[] = [W, B]
  return {
    type: 'dense',
    inShape: [inSize],
    outShape: [outSize],
    params,
    forward(x, batch) {
      input = x
      const y = out.get(batch * outSize)
      const w = W.value
      const bias = B.value
      for (let b = 0; b < batch; b++) {
        const xo = b * inSize
        const yo = b * outSize
        for (let o = 0; o < outSize; o++) {
          const wo = o * inSize
          let s0 = 0
          let s1 = 0
          let i = 0
          for (; i + 1 < inSize; i += 2) {
            s0 += x[xo + i]! * w[wo + i]!
            s1 += x[xo + i + 1]! * w[wo + i + 1]!
          }
          if (i < inSize) s0 += x[xo + i]! * w[wo + i]!
          y[yo + o] = s0 + s1 + bias[o]!
        }
      }
      return y
    },
    backward(dy, batch, needInput) {
      const x = input
      const w = W.value
      const gw = W.grad
      const gb = B.grad
      const dx = needInput ? dxBuf.get(batch * inSize) : new Float32Array(0)
      if (needInput) dx.fill(0)
      for (let b = 0; b < batch; b++) {
        const xo = b * inSize
        const yo = b * outSize
        for (let o = 0; o < outSize; o++) {
          const g = dy[yo + o]!
          if (g === 0) continue // ReLU zeroes many gradients
          gb[o] = gb[o]! + g
          const wo = o * inSize
          for (let i = 0; i < inSize; i++) gw[wo + i] = gw[wo + i]! + g * x[xo + i]!
          if (needInput) for (let i = 0; i < inSize; i++) dx[xo + i] = dx[xo + i]! + g * w[wo + i]!
        }
      }
      return dx
    },
  }
}
