/**
 * Multi-head self-attention as PyTorch's `nn.MultiheadAttention` computes it (and exports it):
 * Q, K, V = x·W_q + b_q, …; per head h, P = softmax(Q_h·K_hᵀ / √d_h) over the keys, O_h = P·V_h;
 * y = concat(O_h)·W_o + b_o. Hand-written backward:
 *   dV_h += Pᵀ·dO_h;  dP = dO_h·V_hᵀ;  dS = P ⊙ (dP − rowsum(P ⊙ dP));  dQ_h += dS·K_h/√d_h;  dK_h += dSᵀ·Q_h/√d_h.
 * One sample at a time, no mask (an encoder).
 */
import type { Rng } from '../rng.js'
import { createSeqLinear, type SeqLinear } from './seqLinear.js'
import type { Param } from './types.js'

/** A multi-head self-attention layer (see the module doc). */
export type SelfAttention = {
  readonly params: readonly Param[]
  readonly heads: number
  readonly q: SeqLinear
  readonly k: SeqLinear
  readonly v: SeqLinear
  readonly out: SeqLinear
  /** y [S × d] from x [S × d]; keeps what `backward` needs. */
  forward(x: Float64Array, S: number): Float64Array
  /** Adds the parameter gradients of the last forward and returns dx. */
  backward(dy: Float64Array): Float64Array
}

/**
 * Creates a self-attention layer of width `d` with `heads` heads (d divisible by heads).
 * @param parameters.name prefix: `${name}.q_proj`, `.k_proj`, `.v_proj`, `.out_proj`
 */
export function createSelfAttention({ name, d, heads, rng }: { name: string; d: number; heads: number; rng: Rng }): SelfAttention {
  if (d % heads !== 0) throw new RangeError(`width ${d} is not divisible by ${heads} heads`)
  const dh = d / heads
  const q = createSeqLinear({ name: `${name}.q_proj`, inSize: d, outSize: d, rng })
  const k = createSeqLinear({ name: `${name}.k_proj`, inSize: d, outSize: d, rng })
  const v = createSeqLinear({ name: `${name}.v_proj`, inSize: d, outSize: d, rng })
  const out = createSeqLinear({ name: `${name}.out_proj`, inSize: d, outSize: d, rng })
  const scale = 1 / Math.sqrt(dh)
  let S = 0
  let Q: Float64Array = new Float64Array(0)
  let K: Float64Array = new Float64Array(0)
  let V: Float64Array = new Float64Array(0)
  let P: Float64Array = new Float64Array(0) // [heads × S × S]
  return {
    params: [...q.params, ...k.params, ...v.params, ...out.params],
    heads,
    q,
    k,
    v,
    out,
    forward(x, seq) {
      S = seq
      Q = q.forward(x, S)
      K = k.forward(x, S)
      V = v.forward(x, S)
      P = new Float64Array(heads * S * S)
      const O = new Float64Array(S * d)
      for (let h = 0; h < heads; h++)
        for (let i = 0; i < S; i++) {
          const row = (h * S + i) * S
          let max = -Infinity
          for (let j = 0; j < S; j++) {
            let s = 0
            for (let c = 0; c < dh; c++) s += Q[i * d + h * dh + c]! * K[j * d + h * dh + c]!
            P[row + j] = s * scale
            max = Math.max(max, P[row + j]!)
          }
          let sum = 0
          for (let j = 0; j < S; j++) sum += P[row + j] = Math.exp(P[row + j]! - max)
          for (let j = 0; j < S; j++) P[row + j] = P[row + j]! / sum
          for (let j = 0; j < S; j++) for (let c = 0; c < dh; c++) O[i * d + h * dh + c] += P[row + j]! * V[j * d + h * dh + c]!
        }
      return out.forward(O, S)
    },
    backward(dy) {
      const dO = out.backward(dy)
      const dQ = new Float64Array(S * d)
      const dK = new Float64Array(S * d)
      const dV = new Float64Array(S * d)
      const dP = new Float64Array(S)
      for (let h = 0; h < heads; h++)
        for (let i = 0; i < S; i++) {
          const row = (h * S + i) * S
          let dot = 0
          for (let j = 0; j < S; j++) {
            let g = 0
            for (let c = 0; c < dh; c++) {
              g += dO[i * d + h * dh + c]! * V[j * d + h * dh + c]!
              dV[j * d + h * dh + c] += P[row + j]! * dO[i * d + h * dh + c]!
            }
            dP[j] = g
            dot += P[row + j]! * g
          }
          for (let j = 0; j < S; j++) {
            const dS = P[row + j]! * (dP[j]! - dot) * scale
            for (let c = 0; c < dh; c++) {
              dQ[i * d + h * dh + c] += dS * K[j * d + h * dh + c]!
              dK[j * d + h * dh + c] += dS * Q[i * d + h * dh + c]!
            }
          }
        }
      const dx = q.backward(dQ)
      const dxk = k.backward(dK)
      const dxv = v.backward(dV)
      for (let i = 0; i < dx.length; i++) dx[i] = dx[i]! + dxk[i]! + dxv[i]!
      return dx
    },
  }
}
