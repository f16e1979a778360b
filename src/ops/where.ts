/**
 * Where(condition, X, Y): X where the condition holds, else Y (numpy broadcasting of all three).
 *
 * Quantization: one `Where` node, y + c·(x − y) with both branches on one scale S (the larger of
 * the two, by free shifts; a constant branch is quantized at the other branch's scale, two
 * constant branches at the largest scale that holds them in the activation width; int branches
 * stay at scale 0). The condition must be a bool value of the integer model, hence a proven bit
 * (`TensorMeta`); a constant condition is materialized. A constant branch of −∞ or large negatives
 * read by a Softmax (an attention mask) gets finite entries (`mask.ts`). Cost per output element: 1 constraint
 * (the product), 0 when both branches are constants (c·(x − y) is then linear in c).
 */
import { isFloatDType } from '../onnx/ir.js'
import { maxAbsOf, scaleFor } from '../ir/scales.js'
import { broadcastInfo, broadcastMap, materializeConstant } from './pointwise.js'
import type { ComputeOp } from './types.js'
import { fillMask, hasMaskEntry, isVisible, maskFill } from './mask.js'

/** Where. Canonical: inputs condition, X, Y; no attributes. */
export const where: ComputeOp = {
  opType: 'Where',
  arity: [{ inputs: [3, 3], outputs: [1, 1] }],
  kind: 'compute',
  inferShape: (node, inputs) => broadcastInfo(node, inputs, inputs[1]!.dtype),
  floatKernel: (node, [c, x, y]) => [broadcastMap(node, [c!, x!, y!], x!.dtype, ([cv, xv, yv]) => (cv !== 0 ? xv! : yv!))],
  quantize(node, q) {
    const [c, x, y] = [node.inputs[0]!, node.inputs[1]!, node.inputs[2]!]
    const out = node.outputs[0]!
    const [cc, cx0, cy0] = [q.constant(c), q.constant(x), q.constant(y)]
    // An attention mask (a constant branch of −∞ or large negatives, read by a Softmax): finite entries (mask.ts).
    const masked = (t: typeof cx0) => (t && hasMaskEntry(t) && isVisible(q.range(out).min) ? { ...t, data: Float64Array.from(fillMask(t.data, maskFill(q.range(out)))) } : t)
    const [cx, cy] = cx0 && cy0 ? [cx0, cy0] : [masked(cx0), masked(cy0)]
    const like = [c, x, y].find((n) => !q.isConstant(n))
    if (like === undefined) return q.unsupported('all inputs constant (should have been folded)')
    let S: number
    let dtype: 'int' | 'bool' | undefined
    if (!cx && !cy) {
      S = Math.max(q.scale(x), q.scale(y))
      dtype = q.dtype(x)
    } else if (!cx || !cy) {
      const data = cx ? y : x
      S = q.scale(data)
      dtype = q.dtype(data)
    } else {
      dtype = isFloatDType(cx.dtype) ? undefined : cx.dtype === 'bool' ? 'bool' : 'int'
      S = dtype ? 0 : scaleFor(Math.max(maxAbsOf(cx.data), maxAbsOf(cy.data)), 2 ** (q.activationBits - 1) - 1)
    }
    const cond = cc ? materializeConstant(q, node, 'condition', like, cc, 0, 'bool') : c
    if (q.dtype(cond) !== 'bool') q.unsupported(`the condition "${c}" is not a bool value`)
    const xv = cx ? materializeConstant(q, node, 'x', like, cx, S, dtype) : x
    const yv = cy ? materializeConstant(q, node, 'y', like, cy, S, dtype) : y
    q.emit({ op: 'Where', name: node.name, inputs: [cond, xv, yv], outputs: [out], shifts: [S - q.scale(xv), S - q.scale(yv)] })
    q.setScale(out, S)
  },
  emits: ['Affine', 'Where'],
}
