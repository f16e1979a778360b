/**
 * And, Or, Xor, Not on booleans. Every bool value of the integer model is a proven bit (a 1-bit
 * input, a comparison, logic on bits; see `TensorMeta`), so:
 * - And a·b, Or a + b − a·b, Xor a + b − 2·a·b: one `Logic` node, 1 constraint per output element
 *   (the product; free when an operand is a constant);
 * - Not 1 − a: an `Affine` node, free.
 * A bool operand that is a constant is materialized (free).
 */
import type { Node } from '../onnx/ir.js'
import { ONE_IN, TWO_IN } from './arity.js'
import { canonicalizeBinary } from './binary.js'
import { io, mapUnary, sameInfo } from './common.js'
import { broadcastInfo, broadcastMap, materializeConstant } from './pointwise.js'
import type { ComputeOp, QuantizeContext } from './types.js'

type LogicOp = 'And' | 'Or' | 'Xor'
const FN = { And: 'and', Or: 'or', Xor: 'xor' } as const
const FLOAT: Record<LogicOp, (a: boolean, b: boolean) => boolean> = { And: (a, b) => a && b, Or: (a, b) => a || b, Xor: (a, b) => a !== b }

/** The name of a proven-bit operand: a bool value, or a materialized bool constant. */
function bitOperand(node: Node, q: QuantizeContext, name: string, other: string, tag: string): string {
  const c = q.constant(name)
  if (c) return materializeConstant(q, node, tag, other, c, 0, 'bool')
  if (q.dtype(name) !== 'bool') q.unsupported(`input "${name}" is not a bool value`)
  return name
}

function logicOp(opType: LogicOp): ComputeOp {
  const f = FLOAT[opType]
  return {
    opType,
    arity: [TWO_IN],
    kind: 'compute',
    canonicalize: canonicalizeBinary,
    inferShape: (node, inputs) => broadcastInfo(node, inputs, 'bool'),
    floatKernel: (node, [a, b]) => [broadcastMap(node, [a!, b!], 'bool', ([x, y]) => (f(x !== 0, y !== 0) ? 1 : 0))],
    quantize(node, q) {
      const [a, b] = [node.inputs[0]!, node.inputs[1]!]
      if (q.isConstant(a) && q.isConstant(b)) q.unsupported('both inputs constant (should have been folded)')
      const x = bitOperand(node, q, a, b, 'a')
      const y = bitOperand(node, q, b, a, 'b')
      q.emit({ op: 'Logic', name: node.name, inputs: [x, y], outputs: [node.outputs[0]!], fn: FN[opType] })
      q.setScale(node.outputs[0]!, 0)
    },
    emits: ['Affine', 'Logic'],
  }
}

/** And (bool). */
export const and = logicOp('And')
/** Or (bool). */
export const or = logicOp('Or')
/** Xor (bool). */
export const xor = logicOp('Xor')

/** Not (bool): 1 − x, free. */
export const not: ComputeOp = {
  opType: 'Not',
  arity: [ONE_IN],
  kind: 'compute',
  oldestOpset: 1,
  inferShape: (_node, [x]) => sameInfo(x!, [...x!.shape], 'bool'),
  floatKernel: (_node, [x]) => [mapUnary(x!, (v) => (v === 0 ? 1 : 0))],
  quantize(node, q) {
    const x = node.inputs[0]!
    if (q.dtype(x) !== 'bool') q.unsupported(`input "${x}" is not a bool value`)
    q.emit({ ...io(node), op: 'Affine', mul: q.addConstant(`${node.name}.neg`, [1], [-1]), add: q.addConstant(`${node.name}.one`, [1], [1]) })
    q.setScale(node.outputs[0]!, 0)
  },
  emits: ['Affine'],
}
