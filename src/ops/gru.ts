/**
 * GRU (ONNX semantics; unrolled at canonicalization, see `recurrent.ts`). Gates z, r, h (stacked
 * in that order in W, R and B); activations f (Sigmoid) and g (Tanh):
 *
 *   z = f(x·W_zᵀ + h·R_zᵀ + Wb_z + Rb_z)     r = f(x·W_rᵀ + h·R_rᵀ + Wb_r + Rb_r)
 *   h̃ = g(x·W_hᵀ + (r⊙h)·R_hᵀ + Rb_h + Wb_h)        (linear_before_reset = 0)
 *   h̃ = g(x·W_hᵀ + r⊙(h·R_hᵀ + Rb_h) + Wb_h)        (linear_before_reset ≠ 0)
 *   h' = (1 − z)⊙h̃ + z⊙h, computed as h̃ + z⊙(h − h̃) (one product)
 *
 * Cost per time step and hidden unit (default activations): three function tables (z, r, h̃),
 * two products of two activations (r with h or with h·R_hᵀ, and z⊙(h − h̃)) and the
 * requantizations of their factors; the matrix products (constant weights) are free. At the first
 * step with a zero initial state the reset product and the recurrence vanish (z⊙h̃ remains).
 * Plus the state bound of `recurrent.ts` (two ReLUs per unit and step). Measured: ≈ 300 per unit
 * and step at 8/8/12 bits (`models/seq_gru_shape.onnx`, 12 steps × 8 units: 29,544 in all).
 */
import type { Cell } from './recurrent.js'
import { isGate, magnitude, recurrentOp } from './recurrent.js'

const [Z, R, H] = [0, 1, 2]

const gruCell: Cell = {
  opType: 'GRU',
  gates: 3,
  defaults: ['Sigmoid', 'Tanh'],
  hasCell: false,
  biasInside: (gate, attrs) => gate === H && attrs.linearBeforeReset,
  // h' = (1 − z)⊙h̃ + z⊙h is a convex combination when z ∈ [0, 1].
  stateBounds: ([f, g], prev) => {
    const G = magnitude(g)
    return { h: isGate(f) && G !== undefined && prev.h !== undefined ? Math.max(G, prev.h) : undefined }
  },
  step({ g, attrs, act, x, recur, rb, h }) {
    const add = (...vs: (string | undefined)[]) => vs.filter((v): v is string => v !== undefined).reduce((p, v) => g.op('Add', [p, v]))
    const z = act(0, add(x[Z], h && recur(Z, h)))
    const r = act(0, add(x[R], h && recur(R, h)))
    let reset: string | undefined
    if (attrs.linearBeforeReset) {
      const inner = add(...[h && recur(H, h), rb[H]])
      reset = inner === undefined ? undefined : g.op('Mul', [r, inner])
    } else reset = h && recur(H, g.op('Mul', [r, h]))
    const hh = act(1, add(x[H], reset))
    // h' = h̃ + z⊙(h − h̃); with a zero state, h̃ − z⊙h̃.
    const hNew = h ? g.op('Add', [hh, g.op('Mul', [z, g.op('Sub', [h, hh])])]) : g.op('Sub', [hh, g.op('Mul', [z, hh])])
    return { h: hNew }
  },
  floatStep({ attrs, act, x, recur, rb, h }) {
    const plus = (u: Float64Array, v: Float64Array) => u.map((e, j) => e + v[j]!)
    const times = (u: Float64Array, v: Float64Array) => u.map((e, j) => e * v[j]!)
    const z = act(0, plus(x[Z]!, recur(Z, h)))
    const r = act(0, plus(x[R]!, recur(R, h)))
    const reset = attrs.linearBeforeReset ? times(r, rb[H] ? plus(recur(H, h), rb[H]) : recur(H, h)) : recur(H, times(r, h))
    const hh = act(1, plus(x[H]!, reset))
    return { h: hh.map((e, j) => (1 - z[j]!) * e + z[j]! * h[j]!) }
  },
}

/** GRU. Canonical: none (unrolled into MatMul, Add, the activations and Mul; see `recurrent.ts`). */
export const gru = recurrentOp(gruCell)
