/**
 * A linear map applied at every position of a sequence, `y[s] = x[s] · W + b`, the ONNX
 * `MatMul` (+ `Add`) as PyTorch exports `nn.Linear` on a [batch, seq, in] tensor: `W` is `[in, out]`.
 * One sample at a time (the transformer trainer runs forward then backward per sample).
 */
import type { Rng } from '../rng.js'
import { createParam } from './types.js'
import type { Param } from './types.js'

/** A per-position linear layer (see the module doc). */
export type SeqLinear = {
  readonly params: readonly Param[]
  readonly weight: Param
  readonly bias: Param | undefined
  /** y [S × out] from x [S × in]; x is kept for `backward`. */
  forward(x: Float64Array, S: number): Float64Array
  /** Adds the parameter gradients of the last forward and returns dx [S × in]. */
  backward(dy: Float64Array): Float64Array
}

/** Parameters of {@link createSeqLinear}. */
export type CreateSeqLinearParameters = {
  /** Prefix of the parameter names (`${name}.weight`, `${name}.bias`). */
  name: string
  inSize: number
  outSize: number
  /** Adds a bias (default true). */
  bias?: boolean | undefined
  /** Initializes W uniform in ±√(3/in) (unit-variance outputs for unit-variance inputs), the bias 0. */
  rng: Rng
}

/**
 * Creates a per-position linear layer.
 * @param parameters {@link CreateSeqLinearParameters}
 * @returns the layer; `params` = [weight `[in, out]`, bias `[out]`?]
 */
export function createSeqLinear({ name, inSize, outSize, bias = true, rng }: CreateSeqLinearParameters): SeqLinear {
  const W = createParam(`${name}.weight`, [inSize, outSize])
  const B = bias ? createParam(`${name}.bias`, [outSize]) : undefined
  const bound = Math.sqrt(3 / inSize)
  for (let i = 0; i < W.value.length; i++) W.value[i] = (rng.next() * 2 - 1) * bound
  let x: Float64Array = new Float64Array(0)
  let S = 0
  return {
    params: B ? [W, B] : [W],
    weight: W,
    bias: B,
    forward(input, seq) {
      x = input
      S = seq
      const y = new Float64Array(S * outSize)
      for (let s = 0; s < S; s++)
        for (let o = 0; o < outSize; o++) {
          let acc = B ? B.value[o]! : 0
          for (let i = 0; i < inSize; i++) acc += x[s * inSize + i]! * W.value[i * outSize + o]!
          y[s * outSize + o] = acc
        }
      return y
    },
    backward(dy) {
      const dx = new Float64Array(S * inSize)
      for (let s = 0; s < S; s++)
        for (let o = 0; o < outSize; o++) {
          const g = dy[s * outSize + o]!
          if (B) B.grad[o] = B.grad[o]! + g
          for (let i = 0; i < inSize; i++) {
            W.grad[i * outSize + o] = W.grad[i * outSize + o]! + g * x[s * inSize + i]!
            dx[s * inSize + i] = dx[s * inSize + i]! + g * W.value[i * outSize + o]!
          }
        }
      return dx
    },
  }
}
