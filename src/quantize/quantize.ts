/**
 * Quantization: a prepared float graph + calibration ranges → the integer model the circuit proves.
 *
 * Rules (power-of-two scales per tensor, see scales.ts):
 * - Inputs: `inputBits` (default 8), unsigned when the calibrated minimum is ≥ 0; the scale is the
 *   largest that holds the calibrated maximum. The circuit range-checks exactly those bits.
 *   Bool inputs are 1 bit at scale 0; integer inputs are scale 0 with `inputBits` bits (more when
 *   the calibrated range needs them). Int and bool values carry `dtype` in the integer model and
 *   stay at scale 0 (see `TensorMeta`).
 * - Weights (Gemm, MatMul, Conv, constant Mul/Div): `weightBits` (default 8) per tensor. Linear ops
 *   are exact: output scale = input scale + weight scale; biases are rounded at that scale.
 * - Non-linear points (Relu, LeakyRelu, Clip, Sigmoid, and the inputs of MaxPool, Mul and Div of two
 *   activations) requantize to the tensor's target scale: the largest s with the calibrated
 *   max |x| · 2^s < 2^(activationBits−1). Nothing else rounds.
 * - A requantization (ReLU included) that only feeds a MaxPool moves after the pool (exact: it is
 *   monotone; `poolFirst.ts`), so each pooled value is requantized once.
 * - AveragePool folds into the scale (free); BatchNormalization becomes a constant affine op
 *   (free); Softmax as the last op is left to post-processing (argmax is preserved).
 * - The integer executor stays exact: an op whose values would pass 2^52 has its inputs requantized
 *   to their target scales first (`executorRange.ts`; recorded in `QuantizedModel.requantized`).
 *
 * - Per-layer widths (`layerBits`, see `bitWidths.ts`) override the global ones for one node's
 *   activations or weights, or for one input; without them the model is exactly the global widths'.
 *
 * Each operator's rule is its definition's `quantize` (`src/ops/<op>.ts`), working through a
 * `QuantizeContext` (`context.ts`); this file is the driver: it checks the calibrated ranges,
 * quantizes the inputs, runs the rules in graph order and finishes the outputs.
 */
import type { Node, PreparedGraph } from '../onnx/ir.js'
import { isFloatDType } from '../onnx/ir.js'
import { UnsupportedOpError } from '../errors/compile.js'
import { poolBeforeRequant } from './poolFirst.js'
import { CalibrationError } from '../errors/quantize.js'
import { QUANTIZED_MODEL_VERSION, type QuantizedInput, type QuantizedModel, type QuantizedOutput } from '../ir/model.js'
import { maxAbsOf, quantizeArray, scaleFor } from '../ir/scales.js'
import { opDefinition } from '../ops/index.js'
import { createQuantizeState } from './context.js'
import { createExecutorGuard } from './executorRange.js'
import { bitsFor, checkLayerBits, type BitUsage, type LayerBits } from './bitWidths.js'

export type QuantizeOptions = {
  graph: PreparedGraph
  /** Calibrated float range of every tensor (from the float executor over the calibration set). */
  ranges: Map<string, { min: number; max: number }>
  inputBits?: number | undefined
  weightBits?: number | undefined
  activationBits?: number | undefined
  /** Per-layer overrides of the three widths (see `bitWidths.ts`); each must name a width the model has. */
  layerBits?: LayerBits | undefined
}

/** The values of `g` after which only view ops follow up to graph outputs (membership test). */
function viewTails(g: PreparedGraph): (name: string) => boolean {
  const consumers = new Map<string, Node[]>()
  for (const n of g.nodes) for (const i of n.inputs) if (i) consumers.set(i, [...(consumers.get(i) ?? []), n])
  const outputs = new Set(g.outputs.map((o) => o.name))
  const memo = new Map<string, boolean>()
  const tail = (name: string): boolean => {
    const known = memo.get(name)
    if (known !== undefined) return known
    const cs = consumers.get(name) ?? []
    const result = (cs.length > 0 || outputs.has(name)) && cs.every((c) => {
      const def = opDefinition(c.opType)
      return def?.kind === 'compute' && def.isView === true && tail(c.outputs[0]!)
    })
    memo.set(name, result)
    return result
  }
  return tail
}

/** Largest calibrated |value| accepted (2^40): beyond it the data is almost certainly corrupt. */
const MAX_CALIBRATED_MAGNITUDE = 2 ** 40

/**
 * Quantizes `graph`; see the module doc for the rules.
 * @param opts {@link QuantizeOptions}
 * @returns the integer model the circuit proves
 * @throws {CalibrationError} a missing input range, or a range that is non-finite or beyond ±2^40
 * @throws {UnsupportedOpError} an op, or an op form, without an integer rule
 */
export function quantizeGraph(opts: QuantizeOptions): QuantizedModel {
  return quantizeGraphWithUsage(opts).model
}

/**
 * {@link quantizeGraph}, also returning the widths the model has ({@link BitUsage}): the nodes whose
 * rules read an activation or weight width and the float inputs (what `layerBits` may set).
 * @throws {BitWidthError} a `layerBits` entry out of range or naming a width the model does not have
 */
export function quantizeGraphWithUsage(opts: QuantizeOptions): { model: QuantizedModel; usage: BitUsage } {
  const { graph: g, ranges } = opts
  const defaultInputBits = opts.inputBits ?? 8
  const layers = opts.layerBits
  checkLayerBits(layers)
  const state = createQuantizeState({ graph: g, ranges, bits: { input: defaultInputBits, weight: opts.weightBits ?? 8, activation: opts.activationBits ?? 12, layers }, onlyViewsFollow: viewTails(g) })
  const { tensors, constants, nodes, softmaxed, scale } = state
  const shapeOf = (name: string) => g.tensors.get(name)!.shape
  const unsupported = (node: Node, reason: string): never => {
    throw new UnsupportedOpError({ opType: node.opType, nodeName: node.name, opset: g.opset, reason })
  }

  // Ranges far outside what fixed point can represent are data errors, not models to quantize.
  for (const [name, r] of ranges) {
    if (!Number.isFinite(r.min) || !Number.isFinite(r.max) || Math.max(Math.abs(r.min), Math.abs(r.max)) > MAX_CALIBRATED_MAGNITUDE) {
      throw new CalibrationError(`The calibrated range of "${name}" is [${r.min}, ${r.max}]; values beyond ±${MAX_CALIBRATED_MAGNITUDE} (or non-finite) cannot be quantized.`, {
        metaMessages: ['Check the calibration samples (and the model) for uninitialized or corrupt values.'],
      })
    }
  }

  // Inputs.
  const floatInputs: string[] = []
  const inputs = g.inputs.map((vi) => {
    const r = ranges.get(vi.name)
    if (!r) throw new CalibrationError(`No calibration range for input "${vi.name}".`)
    if (!isFloatDType(vi.dtype)) return integerInput(vi.name, vi.dtype === 'bool', r)
    floatInputs.push(vi.name)
    const inputBits = bitsFor(layers?.input, vi.name, defaultInputBits)
    const signed = r.min < 0
    const maxInt = signed ? 2 ** (inputBits - 1) - 1 : 2 ** inputBits - 1
    const s = scaleFor(Math.max(Math.abs(r.min), Math.abs(r.max)), maxInt)
    const lo = signed ? -(2 ** (inputBits - 1)) : 0
    tensors[vi.name] = { shape: shapeOf(vi.name), scale: s }
    return { name: vi.name, shape: shapeOf(vi.name), scale: s, bits: inputBits, signed, min: lo / 2 ** s, max: maxInt / 2 ** s }
  })

  /**
   * A bool input: 1 bit at scale 0 (so every bool value is proven 0/1). An integer input: scale 0,
   * `inputBits` bits or as many as its calibrated range needs (signed when it goes below 0).
   */
  function integerInput(name: string, bool: boolean, r: { min: number; max: number }): QuantizedInput {
    const signed = !bool && r.min < 0
    const need = signed ? Math.max(-Math.floor(r.min), Math.ceil(r.max) + 1) : Math.ceil(r.max) + 1
    const bits = bool ? 1 : Math.max(defaultInputBits, Math.ceil(Math.log2(Math.max(need, 2))) + (signed ? 1 : 0))
    tensors[name] = { shape: shapeOf(name), scale: 0, dtype: bool ? 'bool' : 'int' }
    const [min, max] = signed ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1] : [0, 2 ** bits - 1]
    return { name, shape: shapeOf(name), scale: 0, bits, signed, min, max }
  }

  const outputs: QuantizedOutput[] = g.outputs.map((o) => ({ name: o.name, shape: shapeOf(o.name), scale: 0 }))

  // Nodes, in graph order: each op's rule, under the executor-range guard.
  const guard = createExecutorGuard(state, inputs)
  for (const node of g.nodes) {
    const def = opDefinition(node.opType)
    // Only view ops may follow a Softmax applied after proving.
    const post = node.inputs.map((n) => softmaxed.get(n)).find((k) => k !== undefined)
    if (post) {
      if (def?.kind !== 'compute' || !def.isView) unsupported(node, 'an op after Softmax (Softmax is supported only as the last op)')
      softmaxed.set(node.outputs[0]!, post)
    }
    if (def?.kind !== 'compute') return unsupported(node, 'no integer lowering')
    guard.quantize(node, def.quantize)
  }

  // Graph outputs that are constants (an inference Dropout's mask): a fill-only IndexMap each.
  for (const o of g.outputs) {
    const t = g.initializers.get(o.name)
    if (!t) continue
    const s = isFloatDType(t.dtype) ? scaleFor(maxAbsOf(t.data), 2 ** ((opts.activationBits ?? 12) - 1) - 1) : 0
    const fill = quantizeArray(t.data, s)
    const index = fill.map((_, i) => -i - 2)
    const c = state.contextFor({ opType: 'Constant', name: `${o.name}_constant`, inputs: [], outputs: [o.name], attributes: {} })
    c.emit({ op: 'IndexMap', name: `${o.name}_constant`, inputs: [], outputs: [o.name], index: c.addConstant(`${o.name}.index`, [index.length], index), shifts: [], fill: c.addConstant(`${o.name}.fill`, [fill.length], fill) })
    c.setScale(o.name, s)
  }

  // Outputs: softmax post-processing, scales, indices.
  for (const [name, kind] of softmaxed) {
    const o = outputs.find((v) => v.name === name)
    if (o) o.postprocess = kind
    else if (!g.nodes.some((n) => n.inputs.includes(name))) {
      throw new UnsupportedOpError({ opType: 'Softmax', nodeName: name, opset: g.opset, reason: 'Softmax is supported only as the last op' })
    }
  }
  for (const o of outputs) {
    o.scale = scale(o.name)
    o.shape = shapeOf(o.name)
    const producer = nodes.find((n) => n.outputs.includes(o.name))
    if (producer?.op === 'ArgMax' || (producer?.op === 'TopK' && producer.outputs[1] === o.name)) o.isIndex = true
  }
  const model: QuantizedModel = { version: QUANTIZED_MODEL_VERSION, inputs, outputs, tensors, constants, nodes }
  poolBeforeRequant(model)
  if (guard.requantized.length) model.requantized = guard.requantized
  const usage = { ...state.usage(), input: floatInputs }
  checkLayerBits(layers, usage)
  return { model, usage }
}
