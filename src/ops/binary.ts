/**
 * Add, Sub, Mul and Div with numpy (multidirectional) broadcasting.
 *
 * Quantization:
 * - one constant operand: a constant affine map (`Affine`, free in the circuit). Add/Sub add the
 *   constant at the activation's scale (c − x is x · (−1) + c); Mul/Div multiply by the constant
 *   (1/c for Div) quantized as a weight, so the output scale grows by its scale. An Add of an
 *   attention mask (−∞ or large negative entries, read by a Softmax) gets finite mask entries
 *   (`mask.ts`).
 * - two activations: Add/Sub align the two scales by shifts (`Add`, free); Mul requantizes both
 *   inputs to their target scales and multiplies (`Mul`, one constraint per element); Div
 *   requantizes both and divides with a rounding shift chosen so the quotient reaches the
 *   output's target scale (`Div`, see the div gadget and `src/ir/lower/func.ts`): the divisor is
 *   held at half its calibrated minimum (at least 1), and one whose calibrated range reaches 0 is
 *   divided in signed form a·b / b².
 */
import { attrInt } from '../onnx/attributes.js'
import { isIntegerDType } from '../onnx/dtypes.js'
import type { Node } from '../onnx/ir.js'
import { shapeSize } from '../onnx/ir.js'
import { broadcastShapes, ones, shapeError } from '../onnx/shapes.js'
import { quantizeArray } from '../ir/scales.js'
import { int64, sameInfo } from './common.js'
import type { CanonicalizeContext, CanonicalResult, ComputeOp, Kernel, QuantizeContext } from './types.js'
import { TWO_IN } from './arity.js'
import { broadcastStrides } from './pointwise.js'
import { fillMask, hasMaskEntry, isVisible, maskFill } from './mask.js'

type BinaryOp = 'Add' | 'Sub' | 'Mul' | 'Div'


/** Add, Sub, Mul, Div with multidirectional broadcasting. */
const binaryKernel: Kernel = (node, [a, b]) => {
  const op = node.opType as BinaryOp
  const A = a!.data
  const B = b!.data
  const outShape = broadcastShapes(node, a!.dims, b!.dims)
  const out = new Float64Array(shapeSize(outShape))
  const r = outShape.length
  const sa = broadcastStrides(a!.dims, outShape)
  const sb = broadcastStrides(b!.dims, outShape)
  const inner = r ? outShape[r - 1]! : 1
  const ia = r ? sa[r - 1]! : 0
  const ib = r ? sb[r - 1]! : 0
  const outer = inner ? out.length / inner : 0
  const idx = new Array<number>(Math.max(r - 1, 0)).fill(0)
  const intDiv = op === 'Div' && isIntegerDType(a!.dtype)
  let offA = 0
  let offB = 0
  for (let o = 0; o < outer; o++) {
    const base = o * inner
    switch (op) {
      case 'Add':
        for (let i = 0; i < inner; i++) out[base + i] = A[offA + i * ia]! + B[offB + i * ib]!
        break
      case 'Sub':
        for (let i = 0; i < inner; i++) out[base + i] = A[offA + i * ia]! - B[offB + i * ib]!
        break
      case 'Mul':
        for (let i = 0; i < inner; i++) out[base + i] = A[offA + i * ia]! * B[offB + i * ib]!
        break
      case 'Div':
        if (intDiv) for (let i = 0; i < inner; i++) out[base + i] = Math.trunc(A[offA + i * ia]! / B[offB + i * ib]!)
        else for (let i = 0; i < inner; i++) out[base + i] = A[offA + i * ia]! / B[offB + i * ib]!
        break
    }
    for (let d = r - 2; d >= 0; d--) {
      offA += sa[d]!
      offB += sb[d]!
      if (++idx[d]! < outShape[d]!) break
      offA -= sa[d]! * outShape[d]!
      offB -= sb[d]! * outShape[d]!
      idx[d] = 0
    }
  }
  return [{ dtype: a!.dtype, dims: outShape, data: out }]
}

/**
 * Canonical form: inputs A, B with numpy broadcasting, no attributes. Opset-6 `broadcast`/`axis`
 * broadcasting (B's dims align with A's starting at `axis`) is rewritten by reshaping B.
 */
export function canonicalizeBinary(node: Node, ctx: CanonicalizeContext): CanonicalResult {
  const { opset, inputs, x, rank } = ctx
  if (opset >= 7 || attrInt(node, 'broadcast', 0) === 0) {
    const b = ctx.info(inputs[1]!)
    if (opset < 7 && b.shape.join() !== x.shape.join())
      shapeError(node, 'shapes must be equal when broadcast = 0 (opset < 7)', [x.shape, b.shape])
    return ctx.rewrite({})
  }
  // Legacy broadcasting: B's dims align with A's starting at `axis` (default: suffix).
  const b = ctx.info(inputs[1]!)
  const axis = attrInt(node, 'axis', rank - b.shape.length)
  if (axis < 0 || axis + b.shape.length > rank) shapeError(node, `legacy broadcast axis ${axis} out of range`, [x.shape, b.shape])
  const dims = [...b.shape, ...ones(rank - axis - b.shape.length)]
  if (dims.length === b.shape.length) return ctx.rewrite({})
  const bc = ctx.constant(inputs[1]!)
  if (bc) return ctx.rewrite({}, [inputs[0]!, ctx.addInitializer(`${inputs[1]}_bcast`, { ...bc, dims })])
  const reshaped = ctx.freshName(`${inputs[1]}_bcast`)
  return ctx.result([
    { opType: 'Reshape', name: ctx.freshName(`${node.name}_bcast`), inputs: [inputs[1]!, ctx.addInitializer(`${node.name}_bcast_shape`, int64(dims))], outputs: [reshaped], attributes: {} },
    { opType: node.opType, name: node.name, inputs: [inputs[0]!, reshaped], outputs: [node.outputs[0]!], attributes: {} },
  ])
}

/** Quantization of one constant operand: a constant affine map of the activation. */
function quantizeWithConstant(node: Node, q: QuantizeContext, constantFirst: boolean): void {
  const [p, r] = [node.inputs[0]!, node.inputs[1]!]
  const out = node.outputs[0]!
  const act = constantFirst ? r : p
  const k = q.constant(constantFirst ? p : r)!
  const s = q.scale(act)
  const base = { name: node.name, inputs: [act], outputs: [out] }
  if (node.opType === 'Add' || node.opType === 'Sub') {
    const sign = node.opType === 'Sub' && !constantFirst ? -1 : 1
    const negX = node.opType === 'Sub' && constantFirst
    // An attention mask (−∞ or large negative entries; see mask.ts): its entries made finite.
    const masked = node.opType === 'Add' && hasMaskEntry(k) && isVisible(q.range(out).min)
    const addVals = masked ? fillMask(k.data, maskFill(q.range(out), q.range(act))) : Array.from(k.data, (v) => sign * v)
    if (negX) {
      q.emit({ ...base, op: 'Affine', mul: q.addConstant(`${node.name}.neg`, [1], [-1]), add: q.addConstant(`${node.name}.c`, k.dims, quantizeArray(addVals, s)) })
    } else {
      q.emit({ ...base, op: 'Affine', add: q.addConstant(`${node.name}.c`, k.dims, quantizeArray(addVals, s)) })
    }
    q.setScale(out, s)
  } else {
    if (node.opType === 'Div' && constantFirst) q.unsupported('a constant divided by an activation')
    const vals = Array.from(k.data, (v) => (node.opType === 'Div' ? 1 / v : v))
    if (vals.some((v) => !Number.isFinite(v))) q.unsupported('division by a zero constant')
    const qk = q.addWeights(`${node.name}.c`, k.dims, vals)
    q.emit({ ...base, op: 'Affine', mul: qk.name })
    q.setScale(out, s + qk.scale)
  }
}

/** The quantization rule shared by the four ops (see the module doc). */
function quantizeBinary(node: Node, q: QuantizeContext): void {
  const [p, r] = [node.inputs[0]!, node.inputs[1]!]
  const out = node.outputs[0]!
  const cp = q.isConstant(p)
  const cr = q.isConstant(r)
  if (cp && cr) q.unsupported('both inputs constant (should have been folded)')
  if (cp || cr) return quantizeWithConstant(node, q, cp)
  if (node.opType === 'Add' || node.opType === 'Sub') {
    const s = Math.max(q.scale(p), q.scale(r))
    q.emit({ name: node.name, inputs: [p, r], outputs: [out], op: 'Add', shifts: [s - q.scale(p), s - q.scale(r)], subtract: node.opType === 'Sub' })
    q.setScale(out, s)
  } else if (node.opType === 'Mul') {
    const a = q.toTarget(p, `${node.name}.requantA`)
    const c = q.toTarget(r, `${node.name}.requantB`)
    q.emit({ name: node.name, inputs: [a, c], outputs: [out], op: 'Mul' })
    q.setScale(out, q.scale(a) + q.scale(c))
  } else {
    const a = q.toTarget(p, `${node.name}.requantA`)
    const c = q.toTarget(r, `${node.name}.requantB`)
    // A divisor whose calibrated range reaches 0 or below is divided in signed form; the divisor's
    // magnitude is held at half its calibrated minimum (at least one quantum), bounding the quotient.
    const rb = q.range(r)
    const signed = !(rb.min > 0)
    const least = signed ? Math.min(Math.abs(rb.min), Math.abs(rb.max)) : rb.min
    const min = Math.max(1, Math.floor((least * 2 ** q.scale(c)) / 2))
    const shift = Math.max(0, q.targetScale(out) - q.scale(a) + q.scale(c))
    q.emit({ name: node.name, inputs: [a, c], outputs: [out], op: 'Div', shift, ...(min > 1 ? { min } : {}), ...(signed ? { signed } : {}) })
    q.setScale(out, q.scale(a) + shift - q.scale(c))
  }
}

function binaryOp(opType: BinaryOp, emits: ComputeOp['emits']): ComputeOp {
  return {
    opType,
    arity: [TWO_IN],
    kind: 'compute',
    canonicalize: canonicalizeBinary,
    inferShape: (node, [a, b]) => sameInfo(a!, broadcastShapes(node, a!.shape, b!.shape)),
    floatKernel: binaryKernel,
    quantize: quantizeBinary,
    emits,
  }
}

/** Add: A + B. */
export const add = binaryOp('Add', ['Affine', 'Add'])
/** Sub: A − B. */
export const sub = binaryOp('Sub', ['Affine', 'Add'])
/** Mul: A · B. */
export const mul = binaryOp('Mul', ['Affine', 'Requant', 'Mul'])
/** Div: A / B (integer dtypes truncate toward zero in the float executor). */
export const div = binaryOp('Div', ['Affine', 'Requant', 'Div'])
