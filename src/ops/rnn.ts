/**
 * RNN, the simple recurrent cell (ONNX semantics; unrolled at canonicalization, see
 * `recurrent.ts`): h' = f(x·Wᵀ + h·Rᵀ + Wb + Rb), activation f (default Tanh).
 *
 * Cost per time step and hidden unit: one function table (Tanh: ≈ 43 constraints at 16-bit
 * activations on a linear input) and the state bound of `recurrent.ts` (two ReLUs); the matrix
 * products (constant weights) are free.
 */
import type { Cell } from './recurrent.js'
import { magnitude, recurrentOp } from './recurrent.js'

const rnnCell: Cell = {
  opType: 'RNN',
  gates: 1,
  defaults: ['Tanh'],
  hasCell: false,
  biasInside: () => false,
  stateBounds: ([f]) => ({ h: magnitude(f) }),
  step: ({ g, act, x, recur, h }) => ({ h: act(0, h ? g.op('Add', [x[0]!, recur(0, h)]) : x[0]!) }),
  floatStep: ({ act, x, recur, h }) => ({ h: act(0, x[0]!.map((e, j) => e + recur(0, h)[j]!)) }),
}

/** RNN. Canonical: none (unrolled into MatMul, Add and the activation; see `recurrent.ts`). */
export const rnn = recurrentOp(rnnCell)
