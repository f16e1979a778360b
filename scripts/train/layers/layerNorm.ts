/**
 * Layer normalisation over the last axis, the ONNX `LayerNormalization` (axis −1):
 * y = (x − μ) / √(σ² + ε) · γ + β per row, with the hand-written backward
 * dx = (1/σ̂)·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)), ĝ = dy·γ.
 */
import { createParam } from './types.js'
import type { Param } from './types.js'

/** A layer normalisation over rows of `size` (see the module doc). */
export type LayerNorm = {
  readonly params: readonly Param[]
  readonly eps: number
  /** y [rows × size] from x [rows × size]; keeps x̂ and 1/σ̂ for `backward`. */
  forward(x: Float64Array): Float64Array
  /** Adds dγ, dβ of the last forward and returns dx. */
  backward(dy: Float64Array): Float64Array
}

/**
 * Creates a layer normalisation with γ = 1, β = 0.
 * @param parameters.name prefix of the parameter names (`${name}.weight`, `${name}.bias`)
 * @param parameters.size the normalised (last) axis
 * @param parameters.eps ε (default 1e-5, PyTorch's)
 */
export function createLayerNorm({ name, size, eps = 1e-5 }: { name: string; size: number; eps?: number }): LayerNorm {
  const gamma = createParam(`${name}.weight`, [size], new Float32Array(size).fill(1))
  const beta = createParam(`${name}.bias`, [size])
  let xhat: Float64Array = new Float64Array(0)
  let inv: Float64Array = new Float64Array(0)
  return {
    params: [gamma, beta],
    eps,
    forward(x) {
      const rows = x.length / size
      xhat = new Float64Array(x.length)
      inv = new Float64Array(rows)
      const y = new Float64Array(x.length)
      for (let r = 0; r < rows; r++) {
        let mean = 0
        for (let i = 0; i < size; i++) mean += x[r * size + i]!
        mean /= size
        let v = 0
        for (let i = 0; i < size; i++) v += (x[r * size + i]! - mean) ** 2
        inv[r] = 1 / Math.sqrt(v / size + eps)
        for (let i = 0; i < size; i++) {
          const h = (x[r * size + i]! - mean) * inv[r]!
          xhat[r * size + i] = h
          y[r * size + i] = h * gamma.value[i]! + beta.value[i]!
        }
      }
      return y
    },
    backward(dy) {
      const rows = dy.length / size
      const dx = new Float64Array(dy.length)
      for (let r = 0; r < rows; r++) {
        let mg = 0
        let mgx = 0
        for (let i = 0; i < size; i++) {
          const k = r * size + i
          gamma.grad[i] = gamma.grad[i]! + dy[k]! * xhat[k]!
          beta.grad[i] = beta.grad[i]! + dy[k]!
          const g = dy[k]! * gamma.value[i]!
          mg += g
          mgx += g * xhat[k]!
        }
        mg /= size
        mgx /= size
        for (let i = 0; i < size; i++) {
          const k = r * size + i
          dx[k] = inv[r]! * (dy[k]! * gamma.value[i]! - mg - xhat[k]! * mgx)
        }
      }
      return dx
    },
  }
}
