/**
 * Optimizers: Adam and SGD with momentum. Both read `Param.grad` (already averaged over the batch
 * by the loss), update `Param.value` in place, then zero the gradients.
 */
import type { Param } from './layers/types.js'

/** An optimizer over a fixed list of parameters. */
export type Optimizer = {
  /** Applies one update with learning rate `lr` and zeroes the gradients. */
  step(lr: number): void
}

/**
 * Adam (Kingma & Ba), with bias correction.
 * @param parameters.params the parameters to update
 * @param parameters.beta1 default 0.9
 * @param parameters.beta2 default 0.999
 * @param parameters.eps default 1e-8
 * @returns the optimizer
 */
export function createAdam({ params, beta1 = 0.9, beta2 = 0.999, eps = 1e-8 }: { params: readonly Param[]; beta1?: number; beta2?: number; eps?: number }): Optimizer {
  const m = params.map((p) => new Float32Array(p.value.length))
  const v = params.map((p) => new Float32Array(p.value.length))
  let t = 0
  return {
    step(lr) {
      t++
      const c1 = 1 - beta1 ** t
      const c2 = 1 - beta2 ** t
      const a = (lr * Math.sqrt(c2)) / c1
      for (let k = 0; k < params.length; k++) {
        const { value, grad } = params[k]!
        const mk = m[k]!
        const vk = v[k]!
        for (let i = 0; i < value.length; i++) {
          const g = grad[i]!
          const mi = beta1 * mk[i]! + (1 - beta1) * g
          const vi = beta2 * vk[i]! + (1 - beta2) * g * g
          mk[i] = mi
          vk[i] = vi
          value[i] = value[i]! - (a * mi) / (Math.sqrt(vi) + eps)
        }
        grad.fill(0)
      }
    },
  }
}

/**
 * SGD with (heavy-ball) momentum: `v = μ·v + g; w -= lr·v`.
 * @param parameters.params the parameters to update
 * @param parameters.momentum default 0.9
 * @returns the optimizer
 */
export function createSgd({ params, momentum = 0.9 }: { params: readonly Param[]; momentum?: number }): Optimizer {
  const vel = params.map((p) => new Float32Array(p.value.length))
  return {
    step(lr) {
      for (let k = 0; k < params.length; k++) {
        const { value, grad } = params[k]!
        const vk = vel[k]!
        for (let i = 0; i < value.length; i++) {
          const vi = momentum * vk[i]! + grad[i]!
          vk[i] = vi
          value[i] = value[i]! - lr * vi
        }
        grad.fill(0)
      }
    },
  }
}
