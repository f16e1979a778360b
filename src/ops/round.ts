/**
 * Round (half to even, as ONNX), Floor, Ceil: the value x_int / 2^s rounded to an integer.
 *
 * Quantization: one `Round` node with shift s (the input's scale); the output is the integer at
 * scale 0 (exact: the float result is an integer). A value at scale ≤ 0, or an int value, is
 * already an integer: a free `Reshape` (identity) at its scale. Cost per output element: B + 1
 * constraints for Floor and Ceil (one decomposition), 2B − s + 6 for Round (the half-up quotient,
 * a tie test and the quotient's parity; see `src/ir/lower/compare.ts`).
 */
import { io, mapUnary, sameInfo } from './common.js'
import type { ComputeOp } from './types.js'
import { ONE_IN } from './arity.js'

type RoundOp = 'Round' | 'Floor' | 'Ceil'
const MODE = { Round: 'halfEven', Floor: 'floor', Ceil: 'ceil' } as const

/** Round half to even (banker's rounding), as ONNX Round. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v) // half up
  return (r - v === 0.5 && r % 2 !== 0 ? r - 1 : r) + 0
}

const FLOAT: Record<RoundOp, (v: number) => number> = { Round: roundHalfEven, Floor: (v) => Math.floor(v) + 0, Ceil: (v) => Math.ceil(v) + 0 }

function roundOp(opType: RoundOp): ComputeOp {
  return {
    opType,
    arity: [ONE_IN],
    kind: 'compute',
    inferShape: (_node, [x]) => sameInfo(x!, [...x!.shape]),
    floatKernel: (_node, [x]) => [mapUnary(x!, FLOAT[opType])],
    quantize(node, q) {
      const x = node.inputs[0]!
      const s = q.scale(x)
      if (q.dtype(x) || s <= 0) {
        q.emit({ ...io(node), op: 'Reshape' })
        return q.setScale(node.outputs[0]!, s)
      }
      q.emit({ ...io(node), op: 'Round', mode: MODE[opType], shift: s })
      q.setScale(node.outputs[0]!, 0)
    },
    emits: ['Reshape', 'Round'],
  }
}

/** Round: to the nearest integer, ties to even. */
export const round = roundOp('Round')
/** Floor. */
export const floor = roundOp('Floor')
/** Ceil. */
export const ceil = roundOp('Ceil')
