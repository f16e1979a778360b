/**
 * Less, LessOrEqual, Greater, GreaterOrEqual, Equal: a bool output (a proven bit, scale 0).
 *
 * Quantization (a `Compare` node, see `src/ir/lower/compare.ts`):
 * - two activations at scales sa, sb: both are shifted to max(sa, sb) (free), so the comparison
 *   is exact on the integers;
 * - an activation x (scale s) and a constant c: an order comparison is exact on the integer
 *   x_int with the threshold rounded the right way (x < c ⟺ x_int < ceil(c·2^s), x ≤ c ⟺
 *   x_int ≤ floor(c·2^s), and so on): `Affine` (x − threshold, free) then `Compare` with 0. Equal
 *   shifts x up by the least e ≥ 0 that makes every c·2^(s+e) an integer (x·2^e = c·2^(s+e)).
 * Cost per output element: B + 1 constraints (one sign decomposition of the B-bit difference) for
 * the order comparisons, 3 for Equal (is-zero).
 */
import type { Node } from '../onnx/ir.js'
import type { Comparison } from '../ir/lower/compare.js'
import { canonicalizeBinary } from './binary.js'
import { broadcastInfo, broadcastMap, introduced } from './pointwise.js'
import type { ComputeOp, QuantizeContext } from './types.js'
import { TWO_IN } from './arity.js'

type CompareOp = 'Less' | 'LessOrEqual' | 'Greater' | 'GreaterOrEqual' | 'Equal'

const COMPARISON: Record<CompareOp, Comparison> = {
  Less: 'less',
  LessOrEqual: 'lessOrEqual',
  Greater: 'greater',
  GreaterOrEqual: 'greaterOrEqual',
  Equal: 'equal',
}
/** cmp(c, x) = MIRROR[cmp](x, c). */
const MIRROR: Record<Comparison, Comparison> = { less: 'greater', lessOrEqual: 'greaterOrEqual', greater: 'less', greaterOrEqual: 'lessOrEqual', equal: 'equal' }
const FLOAT: Record<Comparison, (a: number, b: number) => boolean> = {
  less: (a, b) => a < b,
  lessOrEqual: (a, b) => a <= b,
  greater: (a, b) => a > b,
  greaterOrEqual: (a, b) => a >= b,
  equal: (a, b) => a === b,
}
/** Thresholds beyond this (at the activation's scale) are refused: the executor is exact below 2^53. */
const MAX_THRESHOLD = 2 ** 50

/** The integer threshold t with `x cmp c ⟺ x_int cmp t` for integers x_int = x · 2^s. */
function threshold(cmp: Comparison, c: number, s: number): number {
  const v = c * 2 ** s
  return cmp === 'less' || cmp === 'greaterOrEqual' ? Math.ceil(v) : Math.floor(v)
}

/** The least e ≥ 0 making every c · 2^(s+e) an integer below the limit, or undefined. */
export function exactShift(values: ArrayLike<number>, s: number): number | undefined {
  for (let e = 0; e <= 64; e++) {
    let ok = true
    for (let i = 0; i < values.length && ok; i++) {
      const v = values[i]! * 2 ** (s + e)
      ok = Number.isInteger(v) && Math.abs(v) < MAX_THRESHOLD
    }
    if (ok) return e
  }
  return undefined
}

/** The comparison of an activation with a constant (see the module doc). */
function quantizeWithConstant(node: Node, q: QuantizeContext, cmp: Comparison, act: string, c: { dims: number[]; data: Float64Array }): void {
  const s = q.scale(act)
  if (Array.from(c.data).some((v) => !Number.isFinite(v))) q.unsupported('a non-finite constant operand')
  const d = introduced(node, 'diff')
  let mul: number[] | undefined
  let thresholds: number[]
  let scale = s
  if (cmp === 'equal') {
    const e = exactShift(c.data, s)
    if (e === undefined) q.unsupported(`a constant operand that is not exact at scale ≤ ${s + 64}`)
    thresholds = Array.from(c.data, (v) => v * 2 ** (s + e))
    if (e > 0) mul = [2 ** e]
    scale = s + e
  } else {
    thresholds = Array.from(c.data, (v) => threshold(cmp, v, s))
    if (thresholds.some((t) => Math.abs(t) >= MAX_THRESHOLD)) q.unsupported(`a constant operand beyond ±2^50 at scale ${s}`)
  }
  const shape = broadcastInfo(node, [{ dtype: 'float32', shape: q.shape(act) }, { dtype: 'float32', shape: c.dims }], 'float32')[0]!.shape
  q.emit({
    op: 'Affine',
    name: `${node.name}.diff`,
    inputs: [act],
    outputs: [d],
    ...(mul ? { mul: q.addConstant(`${node.name}.scale`, [1], mul) } : {}),
    add: q.addConstant(`${node.name}.threshold`, c.dims, thresholds.map((t) => -t + 0)),
  })
  q.addTensor(d, shape, scale, q.dtype(act))
  q.emit({ op: 'Compare', name: node.name, inputs: [d], outputs: [node.outputs[0]!], cmp, shifts: [0, 0] })
}

function quantizeCompare(node: Node, q: QuantizeContext): void {
  const cmp = COMPARISON[node.opType as CompareOp]
  const [a, b] = [node.inputs[0]!, node.inputs[1]!]
  const [ca, cb] = [q.constant(a), q.constant(b)]
  if (ca && cb) q.unsupported('both inputs constant (should have been folded)')
  if (ca) quantizeWithConstant(node, q, MIRROR[cmp], b, ca)
  else if (cb) quantizeWithConstant(node, q, cmp, a, cb)
  else {
    const s = Math.max(q.scale(a), q.scale(b))
    q.emit({ op: 'Compare', name: node.name, inputs: [a, b], outputs: [node.outputs[0]!], cmp, shifts: [s - q.scale(a), s - q.scale(b)] })
  }
  q.setScale(node.outputs[0]!, 0)
}

function compareOp(opType: CompareOp): ComputeOp {
  const f = FLOAT[COMPARISON[opType]]
  return {
    opType,
    arity: [TWO_IN],
    kind: 'compute',
    canonicalize: canonicalizeBinary,
    inferShape: (node, inputs) => broadcastInfo(node, inputs, 'bool'),
    floatKernel: (node, [a, b]) => [broadcastMap(node, [a!, b!], 'bool', ([x, y]) => (f(x!, y!) ? 1 : 0))],
    quantize: quantizeCompare,
    emits: ['Affine', 'Compare'],
  }
}

/** Less: A < B (bool). */
export const less = compareOp('Less')
/** LessOrEqual: A ≤ B (bool). */
export const lessOrEqual = compareOp('LessOrEqual')
/** Greater: A > B (bool). */
export const greater = compareOp('Greater')
/** GreaterOrEqual: A ≥ B (bool). */
export const greaterOrEqual = compareOp('GreaterOrEqual')
/** Equal: A = B (bool). */
export const equal = compareOp('Equal')
