/**
 * Quantization rules shared by the function operators and by the composite ops built on them
 * (Softmax, LayerNormalization, …): each emits the integer nodes of one function of a value and
 * records the result's scale. They take value names and calibrated float ranges explicitly, so a
 * composite op can apply them to the intermediate values it introduces.
 *
 * - {@link quantizeFunction}: a piecewise-polynomial table (`Func`), fitted at compile time;
 *   Log-like functions whose range is too wide for one table go through a square root first.
 * - {@link quantizeSqrt}: `Sqrt` (monotone inverse: y² ≤ x < (y + 1)²).
 * - {@link quantizeReciprocal}: `Reciprocal` (the division gadget).
 */
import type { Node } from '../onnx/ir.js'
import { scaleFor } from '../ir/scales.js'
import { fitFunction, type FunctionSpec } from '../quantize/fitFunction.js'
import { FunctionFitError } from '../errors/quantize.js'
import type { QuantizeContext } from './types.js'

/** A value's calibrated float range. */
type Range = { min: number; max: number }

/** Largest magnitude of a range. */
const maxAbs = (r: Range) => Math.max(Math.abs(r.min), Math.abs(r.max))

/**
 * Emits y = √x for x (any integer-model value) with calibrated range `range`, writing `out`
 * (a graph value when `graphOut`, else a new tensor of x's shape). Returns the output's scale.
 */
export function quantizeSqrt(
  q: QuantizeContext,
  { x, out, range, label, graphOut, outScale }: { x: string; out: string; range: Range; label: string; graphOut: boolean; outScale?: number | undefined },
): number {
  const sx = q.scale(x)
  const target = scaleFor(Math.sqrt(Math.max(range.max, 0)), 2 ** (q.activationBits - 1) - 1)
  const sOut = outScale ?? target + 1
  let input = x
  let shift = 2 * sOut - sx
  if (shift < 0) {
    // Round x down to scale 2·sOut first.
    input = `${out}@sqrtIn`
    q.addTensor(input, q.shape(x), 2 * sOut)
    q.emit({ op: 'Requant', name: `${label}.in`, inputs: [x], outputs: [input], shift: -shift, relu: true })
    shift = 0
  }
  q.emit({ op: 'Sqrt', name: label, inputs: [input], outputs: [out], shift })
  if (graphOut) q.setScale(out, sOut)
  else q.addTensor(out, q.shape(x), sOut)
  return sOut
}

/**
 * Emits y = 1/x for x with calibrated range `range` at output scale `outScale` (see the module
 * doc). Returns the output's scale.
 */
export function quantizeReciprocal(q: QuantizeContext, { x, out, range, outScale, label, graphOut }: { x: string; out: string; range: Range; outScale: number; label: string; graphOut: boolean }): number {
  const sx = q.scale(x)
  const shift = sx + outScale
  const maxInt = 2 ** (q.activationBits - 1) - 1
  const min = Math.max(1, Math.ceil(2 ** shift / maxInt))
  const signed = !(range.min > 0)
  q.emit({ op: 'Reciprocal', name: label, inputs: [x], outputs: [out], shift, min: signed ? min * min : min, signed })
  if (graphOut) q.setScale(out, outScale)
  else q.addTensor(out, q.shape(x), outScale)
  return outScale
}

/** Deferred fraction bits above this are rounded in the gadget instead (keeps consumers narrow). */
const MAX_DEFERRED_FRACTION = 16

/**
 * Quantizes a function node as one `Func` table (see the module doc).
 * @param deferRounding leave the polynomial's fraction bits on the output when they are few
 */
export function quantizeFunction(node: Node, q: QuantizeContext, spec: FunctionSpec, { deferRounding = true }: { deferRounding?: boolean } = {}): void {
  const x = node.inputs[0]!
  const out = node.outputs[0]!
  const range = q.range(x)
  // Several decades (Log over [0.01, 100]): no single table fits; go through √x directly.
  const wide = spec.sqrtForm !== undefined && range.max > 64 * Math.max(range.min, 2 ** -q.scale(x))
  try {
    if (wide) throw new FunctionFitError({ name: spec.name, tolerance: 0, domain: [range.min, range.max] })
    emitFunction(q, { x, out, spec, range, outScale: q.targetScale(out), label: node.name, graphOut: true, deferRounding })
  } catch (e) {
    if (!(e instanceof FunctionFitError) || !spec.sqrtForm) throw e
    // Range reduction: f(x) = g(√x) on a range whose dynamic range is the square root of x's.
    const root = `${out}@sqrt`
    // The root of the calibrated range, widened by the half input quantum its ends may round to.
    const half = 2 ** -(q.scale(x) + 1)
    // (Not below one input quantum: a pole at 0 is held there.)
    const rootRange = { min: Math.sqrt(Math.max(range.min - half, 2 * half)), max: Math.sqrt(Math.max(range.max + half, 2 * half)) }
    // The root's floor must not cost more than a quarter quantum of g at the smallest root:
    // |g'(y)| · 2^−s ≤ 2^−(outScale + 2).
    const outScale = q.targetScale(out)
    const yMin = Math.max(rootRange.min, 2 ** -(q.scale(x) / 2))
    const slope = Math.abs(spec.sqrtForm(yMin * 1.001) - spec.sqrtForm(yMin)) / (yMin * 0.001)
    const rootScale = Math.max(scaleFor(rootRange.max, 2 ** (q.activationBits - 1) - 1) + 1, Math.ceil(outScale + 2 + Math.log2(slope)))
    quantizeSqrt(q, { x, out: root, range, label: `${node.name}.sqrt`, graphOut: false, outScale: rootScale })
    const g = spec.sqrtForm
    emitFunction(q, { x: root, out, spec: { name: spec.name, f: g, left: 'clamp', right: 'clamp', min: 0 }, range: rootRange, outScale, label: node.name, graphOut: true, deferRounding })
  }
}

/**
 * Emits one `Func` table for f(x) into `out` (a graph value when `graphOut`, else a new tensor of
 * x's shape) at output scale `outScale` (+ the table's deferred fraction bits). Returns the
 * output's scale.
 * @throws {FunctionFitError} when no table fits
 */
export function emitFunction(
  q: QuantizeContext,
  { x, out, spec, range, outScale, label, graphOut, deferRounding = true }: { x: string; out: string; spec: FunctionSpec; range: Range; outScale: number; label: string; graphOut: boolean; deferRounding?: boolean },
): number {
  const base = { spec, inScale: q.scale(x), outScale, range, outBits: q.activationBits }
  let fit: ReturnType<typeof fitFunction> | undefined
  if (deferRounding) {
    try {
      fit = fitFunction({ ...base, deferRounding: true, maxDeferredFraction: MAX_DEFERRED_FRACTION })
    } catch (e) {
      if (!(e instanceof FunctionFitError)) throw e
    }
  }
  try {
    fit ??= fitFunction(base)
  } catch (e) {
    // A calibrated range far past the tails: end the table where the (exact) tails take over.
    if (!(e instanceof FunctionFitError) || (spec.left === 'clamp' && spec.right === 'clamp')) throw e
    const tails = { ...base, tailsOnly: true }
    try {
      if (!deferRounding) throw e
      fit = fitFunction({ ...tails, deferRounding: true, maxDeferredFraction: MAX_DEFERRED_FRACTION })
    } catch (e2) {
      if (!(e2 instanceof FunctionFitError)) throw e2
      fit = fitFunction(tails)
    }
  }
  q.emit({ name: label, inputs: [x], outputs: [out], op: 'Func', fn: spec.name, table: fit.table })
  const s = outScale + fit.extraScale
  if (graphOut) q.setScale(out, s)
  else q.addTensor(out, q.shape(x), s)
  return s
}

