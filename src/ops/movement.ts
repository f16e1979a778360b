/**
 * The data-movement ops share one description: a {@link Plan} per output says, for each output
 * element, which element of the op's data inputs it is (or a constant zero). Pad, Slice, Gather,
 * GatherElements, ScatterElements, Expand, Tile, Split, Trilu, DepthToSpace, SpaceToDepth,
 * Resize/Upsample and Concat with constant inputs define only their plan (`planner`); the shape
 * rule, the float kernel and the quantization rule come from it here, so the float and integer
 * semantics cannot differ. A plan may also carry constant coefficients and a constant term
 * (Resize linear/cubic, ScatterElements add): a sparse linear map.
 *
 * Quantization: the runtime data inputs are aligned to the largest of their scales (a free
 * shift). A pure-movement plan becomes one `IndexMap` integer node per output, whose constant
 * data elements (a constant Concat operand, a Pad value) become fill constants at the output
 * scale; a linear plan becomes a `SparseLinear` node whose coefficients are quantized at the
 * smallest scale that holds them exactly (2 bits per axis for the ¼/¾ of a 2× bilinear upsample), or at
 * the weight width when none does; each row's coefficients are corrected to keep their rounded
 * sum, so constant regions stay constant. Both cost zero constraints.
 */
import type { DType, Node, Tensor, TensorInfo } from '../onnx/ir.js'
import { shapeSize } from '../onnx/ir.js'
import { checkShapeSize, type ShapeContext } from '../onnx/shapes.js'
import { quantizeArray, scaleFor } from '../ir/scales.js'
import type { InferShape, Kernel, Quantize, QuantizeContext } from './types.js'

/**
 * Where the elements of one output come from. Sources are the op's data inputs (see
 * {@link MovementSpec.dataSlots}) flattened row-major and concatenated in slot order.
 */
export type Plan = {
  shape: number[]
  /** Per output element and term (`terms` entries each): a source element, or −1 (nothing: zero). */
  index: Int32Array
  /** Entries per output element (default 1). */
  terms?: number | undefined
  /** A coefficient per `index` entry (absent: every coefficient is 1, pure movement). */
  coeff?: Float64Array | undefined
  /** A constant added to each output element (absent: 0). */
  bias?: Float64Array | undefined
}

/**
 * Computes the plans of a canonical node (one per output).
 * @param data shapes of the data inputs, in `dataSlots` order
 * @param param the constant value of an input slot (indices, pads, scales, …), if any
 * @throws {ShapeMismatchError} shapes or parameters that contradict each other
 */
export type Planner = (node: Node, data: readonly number[][], param: (slot: number) => Tensor | undefined) => Plan[]

/** What a data-movement op defines. */
export type MovementSpec = {
  /** The input slots whose elements move to the output (default: slot 0). */
  dataSlots?: ((node: Node) => number[]) | undefined
  planner: Planner
}

const defaultSlots = () => [0]

/** The data slots of `node` (non-empty inputs only). */
function slotsOf(spec: MovementSpec, node: Node): number[] {
  return (spec.dataSlots ?? defaultSlots)(node).filter((s) => node.inputs[s])
}

type Cached = { shapes: string; params: (Tensor | undefined)[]; plans: Plan[] }
const planCache = new WeakMap<Node, Cached>()

/**
 * The plans of `node`, computed once per node, input shapes and parameter tensors (the float
 * kernel runs once per calibration sample; a Resize plan is not free to build).
 */
function plansOf(spec: MovementSpec, node: Node, slots: readonly number[], data: readonly number[][], param: (slot: number) => Tensor | undefined): Plan[] {
  const shapes = JSON.stringify(data)
  const params = node.inputs.map((_, s) => (slots.includes(s) ? undefined : param(s)))
  const hit = planCache.get(node)
  if (hit && hit.shapes === shapes && hit.params.length === params.length && hit.params.every((t, i) => t === params[i])) return hit.plans
  const plans = spec.planner(node, data, param)
  planCache.set(node, { shapes, params, plans })
  return plans
}

/** Iterates over every coordinate of `shape` in row-major order (`coords` is reused). */
export function forEachIndex(shape: readonly number[], f: (coords: readonly number[], flat: number) => void): void {
  const n = shapeSize(shape)
  const coords = new Array<number>(shape.length).fill(0)
  for (let o = 0; o < n; o++) {
    f(coords, o)
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++coords[d]! < shape[d]!) break
      coords[d] = 0
    }
  }
}

/** Row-major strides of `shape`. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length)
  for (let i = shape.length - 1, acc = 1; i >= 0; i--) {
    s[i] = acc
    acc *= shape[i]!
  }
  return s
}

/**
 * A pure-movement plan: output coordinates → source index (−1: zero) by `f`.
 * @throws {ShapeMismatchError} an output shape beyond the tensor size limit (checked before allocating)
 */
export function mapPlan(node: ShapeContext, shape: number[], f: (coords: readonly number[]) => number): Plan {
  const index = new Int32Array(checkShapeSize(node, shape))
  forEachIndex(shape, (c, o) => (index[o] = f(c)))
  return { shape, index }
}

/** The shape rule of a movement op: output shapes from its plans, dtype of its first data input. */
export function movementShape(spec: MovementSpec): InferShape {
  return (node, inputs, constant) => {
    const slots = slotsOf(spec, node)
    const dtype: DType = inputs[slots[0]!]!.dtype
    const param = (s: number) => (node.inputs[s] ? constant(node.inputs[s]) : undefined)
    const plans = plansOf(spec, node, slots, slots.map((s) => inputs[s]!.shape), param)
    return plans.map((p): TensorInfo => ({ dtype, shape: p.shape }))
  }
}

/** The float kernel of a movement op: applies its plans. */
export function movementKernel(spec: MovementSpec): Kernel {
  return (node, inputs) => {
    const slots = slotsOf(spec, node)
    const data = slots.map((s) => inputs[s]!)
    const src = concatData(data)
    const plans = plansOf(spec, node, slots, data.map((t) => t.dims), (s) => inputs[s])
    return plans.map((p) => ({ dtype: data[0]!.dtype, dims: p.shape, data: applyPlan(p, src) }))
  }
}

function concatData(ts: readonly Tensor[]): Float64Array {
  if (ts.length === 1) return ts[0]!.data
  const out = new Float64Array(ts.reduce((a, t) => a + t.data.length, 0))
  let off = 0
  for (const t of ts) {
    out.set(t.data, off)
    off += t.data.length
  }
  return out
}

/** Evaluates a plan over the concatenated sources. */
export function applyPlan(p: Plan, src: ArrayLike<number>): Float64Array {
  const T = p.terms ?? 1
  const n = p.index.length / T
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let acc = p.bias ? p.bias[i]! : 0
    for (let t = i * T; t < (i + 1) * T; t++) {
      const j = p.index[t]!
      if (j >= 0) acc += (p.coeff ? p.coeff[t]! : 1) * src[j]!
    }
    out[i] = acc + 0 // + 0 turns −0 into 0
  }
  return out
}

/** The plan as pure movement when it is one (≤ 1 term of coefficient 1 per element, no constant), else undefined. */
export function asMovement(p: Plan): Plan | undefined {
  const T = p.terms ?? 1
  if (!p.coeff && T === 1 && !p.bias) return p
  if (p.bias?.some((b) => b !== 0)) return undefined
  const n = p.index.length / T
  const index = new Int32Array(n).fill(-1)
  for (let i = 0; i < n; i++)
    for (let t = i * T; t < (i + 1) * T; t++) {
      const c = p.coeff ? p.coeff[t]! : 1
      if (p.index[t]! < 0 || c === 0) continue
      if (c !== 1 || index[i] !== -1) return undefined
      index[i] = p.index[t]!
    }
  return { shape: p.shape, index }
}

/** Where each source element is in the integer model: a runtime input's element, or a constant's float value. */
type Sources = { runtime: string[]; scales: number[]; slot: Int32Array; offset: Int32Array; constants: Float64Array }

function sourcesOf(node: Node, q: QuantizeContext, slots: number[]): Sources {
  const names = slots.map((s) => node.inputs[s]!)
  const total = names.reduce((a, n) => a + shapeSize(q.graphShape(n)), 0)
  const runtime: string[] = []
  const scales: number[] = []
  const slot = new Int32Array(total).fill(-1)
  const offset = new Int32Array(total)
  const constants = new Float64Array(total)
  let j = 0
  let runtimeOffset = 0
  for (const name of names) {
    const c = q.constant(name)
    const n = shapeSize(q.graphShape(name))
    if (c) constants.set(c.data, j)
    else {
      for (let i = 0; i < n; i++) (slot[j + i] = runtime.length), (offset[j + i] = runtimeOffset + i)
      runtime.push(name)
      scales.push(q.scale(name))
      runtimeOffset += n
    }
    j += n
  }
  return { runtime, scales, slot, offset, constants }
}

/** Integer of a constant at scale s. @throws {UnsupportedOpError} beyond the exactly representable range */
function quantizeConstant(q: QuantizeContext, v: number, s: number): number {
  const [n] = quantizeArray([v], s)
  if (!Number.isSafeInteger(n!) || Math.abs(n!) > 2 ** 50) q.unsupported(`the constant ${v} does not fit at scale 2^${s}`)
  return n!
}

/** The quantization rule of a movement op (see the module doc). */
export function quantizeMovement(spec: MovementSpec): Quantize {
  return (node, q) => {
    const slots = slotsOf(spec, node)
    const src = sourcesOf(node, q, slots)
    if (src.runtime.length === 0) q.unsupported('no runtime data input')
    const plans = plansOf(spec, node, slots, slots.map((s) => q.graphShape(node.inputs[s]!)), (s) => q.constant(node.inputs[s]))
    plans.forEach((plan, k) => {
      const out = node.outputs[k]
      if (!out) return
      const name = plans.length > 1 ? `${node.name}#${k}` : node.name
      const move = asMovement(plan)
      if (move) emitIndexMap(q, name, out, move, src)
      else emitSparseLinear(q, name, out, plan, src)
    })
  }
}

function emitIndexMap(q: QuantizeContext, name: string, out: string, p: Plan, src: Sources): void {
  const s = Math.max(...src.scales)
  // One fill entry per constant source element used (by position, never by value: with hidden
  // weights the circuit's structure must not depend on the constants' values).
  const fills: number[] = []
  const fillCode = new Map<number, number>()
  const code = (j: number) => {
    let c = fillCode.get(j)
    if (c === undefined) {
      c = -fills.length - 2
      fills.push(quantizeConstant(q, src.constants[j]!, s))
      fillCode.set(j, c)
    }
    return c
  }
  const index = Array.from(p.index, (j) => (j < 0 ? -1 : src.slot[j]! >= 0 ? src.offset[j]! : code(j)))
  q.emit({
    name,
    inputs: src.runtime,
    outputs: [out],
    op: 'IndexMap',
    index: q.addConstant(`${name}.index`, [index.length], index),
    shifts: src.scales.map((r) => s - r),
    fill: fills.length ? q.addConstant(`${name}.fill`, [fills.length], fills) : undefined,
  })
  q.setScale(out, s)
}

function emitSparseLinear(q: QuantizeContext, name: string, out: string, p: Plan, src: Sources): void {
  // A sum or interpolation of bits is no bit: a bool output must stay a proven bit.
  if (src.runtime.some((r) => q.dtype(r) === 'bool')) q.unsupported('a linear map (interpolation or sum) of bool values')
  const T = p.terms ?? 1
  const n = p.index.length / T
  const s = Math.max(...src.scales)
  const coeff = (t: number) => (p.coeff ? p.coeff[t]! : 1)
  // Coefficients relative to scale s (a runtime input at a lower scale r counts 2^(s−r) more).
  const rel = new Float64Array(p.index.length)
  let maxAbs = 0
  for (let t = 0; t < p.index.length; t++) {
    const j = p.index[t]!
    if (j < 0 || src.slot[j]! < 0) continue
    rel[t] = coeff(t) * 2 ** (s - src.scales[src.slot[j]!]!)
    maxAbs = Math.max(maxAbs, Math.abs(rel[t]!))
  }
  const widest = scaleFor(maxAbs, 2 ** (q.weightBits - 1) - 1)
  let e = 0
  while (e < widest && !rel.every((c) => Number.isInteger(c * 2 ** e))) e++
  const sOut = s + e
  const index = new Array<number>(p.index.length).fill(-1)
  const weight = new Array<number>(p.index.length).fill(0)
  const bias = new Array<number>(n).fill(0)
  // A constant term exists by structure (a constant operand, an extrapolation value), never by value.
  let hasBias = !!p.bias
  for (let i = 0; i < n; i++) {
    let constant = p.bias ? p.bias[i]! : 0
    let sum = 0
    let exact = 0
    let largest = -1
    for (let t = i * T; t < (i + 1) * T; t++) {
      const j = p.index[t]!
      if (j < 0) continue
      if (src.slot[j]! < 0) {
        constant += coeff(t) * src.constants[j]!
        hasBias = true
        continue
      }
      index[t] = src.offset[j]!
      weight[t] = Math.round(rel[t]! * 2 ** e)
      sum += weight[t]!
      exact += rel[t]! * 2 ** e
      if (largest < 0 || Math.abs(rel[t]!) > Math.abs(rel[largest]!)) largest = t
    }
    // Keep the row's rounded coefficient sum (e.g. 2^e for an interpolation), so constants stay constant.
    if (largest >= 0) weight[largest]! += Math.round(exact) - sum
    bias[i] = quantizeConstant(q, constant, sOut)
  }
  q.emit({
    name,
    inputs: src.runtime,
    outputs: [out],
    op: 'SparseLinear',
    index: q.addConstant(`${name}.index`, [index.length], index),
    weight: q.addConstant(`${name}.weight`, [weight.length], weight),
    terms: T,
    bias: hasBias ? q.addConstant(`${name}.bias`, [n], bias) : undefined,
  })
  q.setScale(out, sOut)
}

/** The shape rule, float kernel, quantization rule and emitted integer ops of a movement op. */
export function movementOp(spec: MovementSpec, emits: readonly ('IndexMap' | 'SparseLinear')[] = ['IndexMap']) {
  return { inferShape: movementShape(spec), floatKernel: movementKernel(spec), quantize: quantizeMovement(spec), emits }
}
