/**
 * LSTM (ONNX semantics; unrolled at canonicalization, see `recurrent.ts`). Gates i, o, f, c
 * (stacked in that order in W, R and B); activations f (Sigmoid), g (Tanh), h (Tanh):
 *
 *   i = f(x·W_iᵀ + h·R_iᵀ + P_i⊙c + Wb_i + Rb_i)    f_ = f(… + P_f⊙c …)    (input_forget: f_ = 1 − i)
 *   c̃ = g(x·W_cᵀ + h·R_cᵀ + Wb_c + Rb_c)            c' = f_⊙c + i⊙c̃
 *   o = f(x·W_oᵀ + h·R_oᵀ + P_o⊙c' + Wb_o + Rb_o)   h' = o⊙h(c')
 *
 * Cost per time step and hidden unit (B-bit activations, default Sigmoid/Tanh): five function
 * tables (i, f, c̃, o, h(c'); ≈ 43 each at 16-bit activations on a linear input), three products of
 * two activations (f⊙c, i⊙c̃, o⊙h(c'): 1 each) and the requantizations of their factors (i, f, c̃,
 * o, c, h(c'): ≈ B + 2 each); the matrix products and the peepholes (constant weights) are free.
 * At the first step with a zero initial state the f⊙c product and the recurrence vanish.
 * Plus the state bounds of `recurrent.ts` (two ReLUs each for h and c per unit and step).
 */
import type { Cell } from './recurrent.js'
import { isGate, magnitude, recurrentOp } from './recurrent.js'

const [I, O, F, C] = [0, 1, 2, 3]

const lstmCell: Cell = {
  opType: 'LSTM',
  gates: 4,
  defaults: ['Sigmoid', 'Tanh', 'Tanh'],
  hasCell: true,
  biasInside: () => false,
  // Gates in [0, 1]: |c'| ≤ |c| + max |g|, |h'| ≤ max |h(·)|.
  stateBounds: ([f, g, h], prev) => {
    const [G, Hh] = [magnitude(g), magnitude(h)]
    const gated = isGate(f)
    return { h: gated ? Hh : undefined, c: gated && G !== undefined && prev.c !== undefined ? prev.c + G : undefined }
  },
  step({ g, attrs, act, x, recur, peep, h, c }) {
    const add = (...vs: (string | undefined)[]) => vs.filter((v): v is string => v !== undefined).reduce((p, v) => g.op('Add', [p, v]))
    const pre = (k: number, peephole: string | undefined) => add(x[k], h && recur(k, h), peephole)
    const i = act(0, pre(I, peep && c && g.op('Mul', [c, peep[0]!])))
    const f = attrs.inputForget ? g.op('Sub', [g.constant('one', { dtype: 'float32', dims: [], data: Float64Array.of(1) }), i]) : act(0, pre(F, peep && c && g.op('Mul', [c, peep[2]!])))
    const cNew = add(c && g.op('Mul', [f, c]), g.op('Mul', [i, act(1, pre(C, undefined))]))
    const o = act(0, pre(O, peep && g.op('Mul', [cNew, peep[1]!])))
    return { h: g.op('Mul', [o, act(2, cNew)]), c: cNew }
  },
  floatStep({ attrs, act, x, recur, peep, h, c }) {
    const sum = (...vs: (Float64Array | undefined)[]) => vs.reduce<Float64Array>((p, v) => (v ? p.map((e, j) => e + v[j]!) : p), new Float64Array(h.length))
    const times = (u: Float64Array, v: Float64Array) => u.map((e, j) => e * v[j]!)
    const i = act(0, sum(x[I], recur(I, h), peep && times(peep[0]!, c)))
    const f = attrs.inputForget ? i.map((e) => 1 - e) : act(0, sum(x[F], recur(F, h), peep && times(peep[2]!, c)))
    const cNew = sum(times(f, c), times(i, act(1, sum(x[C], recur(C, h)))))
    const o = act(0, sum(x[O], recur(O, h), peep && times(peep[1]!, cNew)))
    return { h: times(o, act(2, cNew)), c: cNew }
  },
}

/** LSTM. Canonical: none (unrolled into MatMul, Add, the activations and Mul; see `recurrent.ts`). */
export const lstm = recurrentOp(lstmCell)
