/**
 * Sqrt, Reciprocal and Pow with a constant exponent.
 *
 * - Sqrt: `Sqrt` integer node, y = floor(√(max(x, 0)·2^shift)) by the monotone inverse (witness y,
 *   y² ≤ x·2^shift < (y + 1)², see `src/circuit/gadgets/isqrt.ts`). The output carries one bit
 *   more than its target scale, so the floor's error is at most half an output quantum.
 *   Cost: 2n + 3 constraints for an n-bit root (+ one decomposition when x may be negative).
 * - Reciprocal: `Reciprocal` integer node, y = round(2^shift / max(x, min)) by the division
 *   gadget; `min` is the smallest input whose reciprocal fits the output's activation width
 *   (smaller inputs saturate). When the calibrated input reaches 0 or below, the signed form
 *   round(2^shift·x / max(x², min²)) (0 at x = 0). Cost: max(x, min) (one decomposition, free when
 *   the input is known ≥ min) + the division (~3 decompositions of the output's width).
 * - Pow(x, p), p a constant scalar (or a tensor of one value): p = 1 is free; integer 2 ≤ p ≤ 8
 *   multiplies (one constraint and one requantize per step); p = 0.5, −0.5, −1 and negative
 *   integers use Sqrt and Reciprocal; any other p is a piecewise table of x^p for x ≥ 0 (`Func`).
 *   Per-element exponents are unsupported.
 */
import { shapeSize } from '../onnx/ir.js'
import type { Node } from '../onnx/ir.js'
import { broadcastShapes } from '../onnx/shapes.js'
import { scaleFor } from '../ir/scales.js'
import { broadcastIndex } from '../ir/lower/shape.js'
import { io, mapUnary, sameInfo } from './common.js'
import { quantizeFunction, quantizeReciprocal, quantizeSqrt } from './quantizeFunctions.js'
import type { ComputeOp, QuantizeContext } from './types.js'
import { ONE_IN, TWO_IN } from './arity.js'

/** Largest magnitude of a range. */
const maxAbs = (r: { min: number; max: number }) => Math.max(Math.abs(r.min), Math.abs(r.max))

/** Sqrt. Canonical: input X; no attributes. */
export const sqrt: ComputeOp = {
  opType: 'Sqrt',
  arity: [ONE_IN],
  kind: 'compute',
  canonicalize: (_node, ctx) => ctx.rewrite({}),
  inferShape: (_node, [x]) => sameInfo(x!, [...x!.shape]),
  floatKernel: (_node, [x]) => [mapUnary(x!, Math.sqrt)],
  quantize(node, q) {
    quantizeSqrt(q, { x: node.inputs[0]!, out: node.outputs[0]!, range: q.range(node.inputs[0]!), label: node.name, graphOut: true })
  },
  emits: ['Sqrt', 'Requant'],
}

/** Reciprocal. Canonical: input X; no attributes. */
export const reciprocal: ComputeOp = {
  opType: 'Reciprocal',
  arity: [ONE_IN],
  kind: 'compute',
  canonicalize: (_node, ctx) => ctx.rewrite({}),
  inferShape: (_node, [x]) => sameInfo(x!, [...x!.shape]),
  floatKernel: (_node, [x]) => [mapUnary(x!, (v) => 1 / v)],
  quantize(node, q) {
    const x = node.inputs[0]!
    quantizeReciprocal(q, { x, out: node.outputs[0]!, range: q.range(x), outScale: q.targetScale(node.outputs[0]!), label: node.name, graphOut: true })
  },
  emits: ['Reciprocal'],
}

/** The single value of a constant exponent tensor, or undefined when its elements differ. */
function scalarExponent(node: Node, q: QuantizeContext): number | undefined {
  const e = q.constant(node.inputs[1])!
  const v = e.data[0]!
  for (let i = 1; i < e.data.length; i++) if (e.data[i] !== v) return undefined
  return v
}

/** x^n for an integer 2 ≤ n: multiplications, each product requantized to its own target scale. */
function quantizeIntegerPower(node: Node, q: QuantizeContext, x: string, n: number, out: string, graphOut: boolean, range: { min: number; max: number }): void {
  const xt = q.toTarget(x, `${node.name}.requant`)
  const maxInt = 2 ** (q.activationBits - 1) - 1
  let acc = xt
  for (let i = 2; i <= n; i++) {
    const last = i === n
    const prod = last ? out : `${out}@pow${i}`
    q.emit({ op: 'Mul', name: `${node.name}.mul${i}`, inputs: [acc, xt], outputs: [prod] })
    const s = q.scale(acc) + q.scale(xt)
    if (last) {
      if (graphOut) q.setScale(out, s)
      else q.addTensor(out, q.shape(x), s)
      return
    }
    q.addTensor(prod, q.shape(x), s)
    // Requantize x^i to the scale its calibrated magnitude allows.
    const t = Math.min(s, scaleFor(maxAbs(range) ** i, maxInt))
    acc = `${out}@pow${i}r`
    q.addTensor(acc, q.shape(x), t)
    q.emit({ op: 'Requant', name: `${node.name}.requant${i}`, inputs: [prod], outputs: [acc], shift: s - t, relu: false })
  }
}

/** Pow(X, Y) with Y a constant (see the module doc). */
export const pow: ComputeOp = {
  opType: 'Pow',
  arity: [TWO_IN],
  kind: 'compute',
  constantInputs: [1],
  canonicalize: (_node, ctx) => ctx.rewrite({}),
  inferShape: (node, [x, y]) => sameInfo(x!, broadcastShapes(node, x!.shape, y!.shape)),
  floatKernel(node, [x, y]) {
    const shape = broadcastShapes(node, x!.dims, y!.dims)
    const xi = broadcastIndex(x!.dims, shape)
    const yi = broadcastIndex(y!.dims, shape)
    const out = new Float64Array(shapeSize(shape))
    for (let i = 0; i < out.length; i++) out[i] = Math.pow(x!.data[xi[i]!]!, y!.data[yi[i]!]!)
    return [{ dtype: x!.dtype, dims: shape, data: out }]
  },
  quantize(node, q) {
    const x = node.inputs[0]!
    const out = node.outputs[0]!
    const p: number = scalarExponent(node, q) ?? q.unsupported('per-element exponents (the exponent must be one constant value)')
    if (q.graphShape(out).join() !== q.graphShape(x).join()) q.unsupported('an exponent tensor that broadcasts the base to a larger shape')
    const range = q.range(x)
    const outScale = q.targetScale(out)
    if (p === 1) {
      q.emit({ ...io(node), op: 'Reshape' })
      q.setScale(out, q.scale(x))
    } else if (p === 0.5) quantizeSqrt(q, { x, out, range, label: node.name, graphOut: true })
    else if (p === -1) quantizeReciprocal(q, { x, out, range, outScale, label: node.name, graphOut: true })
    else if (p === -0.5) {
      const root = `${out}@sqrt`
      quantizeSqrt(q, { x, out: root, range, label: `${node.name}.sqrt`, graphOut: false })
      const rootRange = { min: Math.sqrt(Math.max(range.min, 0)), max: Math.sqrt(Math.max(range.max, 0)) }
      quantizeReciprocal(q, { x: root, out, range: rootRange, outScale, label: node.name, graphOut: true })
    } else if (Number.isInteger(p) && p >= 2 && p <= 8) quantizeIntegerPower(node, q, x, p, out, true, range)
    else if (Number.isInteger(p) && p <= -2 && p >= -8) {
      const power = `${out}@pow`
      quantizeIntegerPower(node, q, x, -p, power, false, range)
      const lo = range.min > 0 ? range.min ** -p : Number.isInteger(-p / 2) ? 0 : -Infinity
      quantizeReciprocal(q, { x: power, out, range: { min: lo, max: maxAbs(range) ** -p }, outScale, label: node.name, graphOut: true })
    } else {
      quantizeFunction(node, q, { name: `Pow(${p})`, f: (v: number) => (v > 0 ? v ** p : v === 0 && p > 0 ? 0 : NaN), left: 'clamp', right: 'clamp', min: 0 })
    }
  },
  emits: ['Reshape', 'Sqrt', 'Requant', 'Reciprocal', 'Mul', 'Func'],
}
