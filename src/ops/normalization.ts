/**
 * LayerNormalization, GroupNormalization and InstanceNormalization: the mean and variance are
 * computed from the data in the circuit (not folded constants as in BatchNormalization).
 *
 * Integer form: the input requantized to its target scale, a `Normalize` node over contiguous rows
 * (`src/ir/lower/normalize.ts`: exact integer mean and variance, one square root and one division
 * per row, one product and one rounding per element), then the scale and bias as an `Affine`
 * (free; the scale as a 12-bit fixed-point constant, so the output keeps its fraction bits for the
 * next requantize). Rows: LayerNormalization over the dims from `axis` on; InstanceNormalization
 * over each (n, c)'s spatial dims; GroupNormalization over each (n, group)'s channels and spatial
 * dims.
 *
 * Cost per element ≈ 1 (square) + the rounding of D_i·R (about B + 2·log2(N) + 20 bits for a
 * B-bit input and rows of N), plus per row a square root and a division (≈ 5 decompositions of
 * the variance's root width).
 */
import { attrFloat, attrInt } from '../onnx/attributes.js'
import type { Node, Tensor } from '../onnx/ir.js'
import { shapeSize } from '../onnx/ir.js'
import { normalizeAxis, shapeError } from '../onnx/shapes.js'
import { quantizeArray, scaleFor } from '../ir/scales.js'
import { broadcastIndex } from '../ir/lower/shape.js'
import { float, int, sameInfo } from './common.js'
import type { ComputeOp, QuantizeContext } from './types.js'
import { inputsRange, type ArityForm } from './arity.js'

/** Normalises consecutive rows of `rowSize` of x (float), then y = z · scale + bias (broadcast to x's shape). */
function normalizeFloat(x: Tensor, rowSize: number, eps: number, scale: Tensor, scaleDims: number[], bias: Tensor | undefined, biasDims: number[]): Tensor {
  const out = new Float64Array(x.data.length)
  for (let r = 0; r * rowSize < x.data.length; r++) {
    let mean = 0
    for (let i = 0; i < rowSize; i++) mean += x.data[r * rowSize + i]!
    mean /= rowSize
    let v = 0
    for (let i = 0; i < rowSize; i++) v += (x.data[r * rowSize + i]! - mean) ** 2
    const inv = 1 / Math.sqrt(v / rowSize + eps)
    for (let i = 0; i < rowSize; i++) out[r * rowSize + i] = (x.data[r * rowSize + i]! - mean) * inv
  }
  const si = broadcastIndex(scaleDims, x.dims)
  const bi = bias ? broadcastIndex(biasDims, x.dims) : undefined
  for (let i = 0; i < out.length; i++) out[i] = out[i]! * scale.data[si[i]!]! + (bias ? bias.data[bi![i]!]! : 0)
  return { dtype: x.dtype, dims: [...x.dims], data: out }
}

/** How a node's rows and its scale / bias broadcast over x. */
type Layout = { rowSize: number; scaleDims: number[]; biasDims: number[] }

/**
 * Emits the integer form (see the module doc): Normalize then Affine.
 * @param scale, bias the constant scale and bias, with `dims` broadcasting to x's shape
 */
function quantizeNormalize(node: Node, q: QuantizeContext, { rowSize, scaleDims, biasDims }: Layout, eps: number): NormalizeInput {
  const out = node.outputs[0]!
  const input = normalizeInput(node, q, rowSize)
  const x = input.x
  const { params, sZ } = normalizeParams(q, input, rowSize, eps)
  const z = `${out}@normalized`
  q.addTensor(z, q.shape(x), sZ)
  q.emit({ name: node.name, inputs: [x], outputs: [z], op: 'Normalize', ...params })
  // y = z · scale + bias: scale as a (B)-bit fixed-point constant, bias at the product's scale.
  const B = q.activationBits
  const scale = q.constant(node.inputs[1])!
  const bias = node.inputs[2] ? q.constant(node.inputs[2]) : undefined
  const maxScale = Math.max(...Array.from(scale.data, Math.abs), 2 ** -20)
  const sG = scaleFor(maxScale, 2 ** (B - 1) - 1)
  const mul = q.addConstant(`${node.name}.scale`, scaleDims, quantizeArray(scale.data, sG))
  const add = bias ? q.addConstant(`${node.name}.bias`, biasDims, quantizeArray(bias.data, sZ + sG)) : undefined
  q.emit({ name: `${node.name}.affine`, inputs: [z], outputs: [out], op: 'Affine', mul, add })
  q.setScale(out, sZ + sG)
  return input
}

/**
 * Magnitude bits of a signed value (|x| < 2^(B − 1)): the target scale's promise, the activation
 * width B, or more where the interval analysis cannot rule out larger values (an attention block's
 * residual: the analysis does not know that softmax rows sum to one).
 */
function magnitudeOf(q: QuantizeContext, x: string): number {
  return Math.max(q.activationBits, (q.magnitudeBits(x) ?? 0) + 1)
}

/** Bits dropped before normalising rows of N values of B magnitude bits, so that N³·2^(2B) ≤ 2^48. */
const narrowing = (rowSize: number, B: number) => Math.max(0, Math.ceil((3 * Math.log2(rowSize) + 2 * B - 48) / 2))

/**
 * x requantized to its target scale, or lower where rows of N would make the exact variance pass
 * the executor's range (N³·2^(2B) ≤ 2^48, B the magnitude bits): B − k bits are kept.
 */
function normalizeInput(node: Node, q: QuantizeContext, rowSize: number): NormalizeInput {
  const x = q.toTarget(node.inputs[0]!, `${node.name}.requant`)
  const magnitude = magnitudeOf(q, x)
  const k = narrowing(rowSize, magnitude)
  const bits = { magnitude: magnitude - k, precision: q.activationBits - k }
  if (k === 0) return { x, bits }
  const narrow = `${node.outputs[0]}@narrow`
  q.addTensor(narrow, q.shape(x), q.scale(x) - k)
  q.emit({ name: `${node.name}.narrow`, inputs: [x], outputs: [narrow], op: 'Requant', shift: k, relu: false })
  return { x: narrow, bits }
}

/** The normalised value and its bits: magnitude (|x| < 2^(magnitude − 1)) and precision kept. */
type NormalizeInput = { x: string; bits: { magnitude: number; precision: number } }

/** The `Normalize` node's parameters for rows of N values of x (see the kernel's doc), and z's scale. */
function normalizeParams(q: QuantizeContext, { x, bits }: NormalizeInput, rowSize: number, eps: number) {
  const s = q.scale(x)
  // x's magnitude bound in bits (`Bm`, sizes the exact sums) and the precision kept (`B`, sizes
  // the root, the reciprocal and z's scale), both less any narrowing. Equal unless the interval
  // analysis bounds x above its target scale's promise.
  const Bm = bits.magnitude
  const B = bits.precision
  const N = rowSize
  // Exact integers: D = N·x − Σx with |x| < 2^(Bm−1), V = Σ D² ≤ N³·2^(2Bm).
  const E = Math.round(eps * N ** 3 * 2 ** (2 * s))
  const vMax = N ** 3 * 2 ** (2 * Bm)
  // Q = √((V + E)·4^a): at least 2^(B+2) for the smallest rows (V = 0), as long as V·4^a stays below 2^50.
  const aPrecision = Math.max(0, Math.ceil(B + 2 - Math.log2(Math.max(Math.sqrt(E), 1))))
  const aRoom = Math.floor((50 - Math.log2(vMax + E + 1)) / 2)
  if (aRoom < 0) q.unsupported(`rows of ${N} elements at ${B}-bit activations: the variance exceeds the executor's exact range`)
  const a = Math.min(aPrecision, aRoom)
  const qMin = Math.max(1, Math.floor(Math.sqrt(E) * 2 ** a))
  const qMax = Math.ceil(Math.sqrt(vMax + E) * 2 ** a) + 1
  // R = recipNum / Q with recipNum = √N·2^b keeps ≥ 2^(B+3) for every Q ≤ qMax.
  const b = B + 3 + Math.ceil(Math.log2(qMax / Math.sqrt(N)))
  const recipNum = Math.round(Math.sqrt(N) * 2 ** b)
  if (recipNum >= 2 ** 50) q.unsupported(`rows of ${N} elements at ${B}-bit activations: the reciprocal exceeds the executor's exact range`)
  // z = D·R / 2^shift at scale sZ: D·R = (x − μ)/σ · 2^(b − a).
  const sZ = B - 3
  const shift = b - a - sZ
  const bound = Math.ceil((2 * recipNum) / 2 ** a + qMax / 2 ** a) + 4
  return { params: { rowSize: N, eps: E, rootShift: 2 * a, recipNum, recipMin: qMin, shift, bound }, sZ, invStdScale: b - a - s }
}

/**
 * LayerNormalization's optional outputs, per row (shape: x's dims before `axis`, then ones):
 * Mean = Σx / N (a `Linear` with unit weights, free; the 1/N a scale shift for N = 2^k, else a
 * 16-bit constant) and InvStdDev = 1/√(var + ε) = N·R (a second `Normalize` in `invStd` mode: the
 * row's sums, root and division again).
 */
function quantizeStatistics(node: Node, q: QuantizeContext, input: NormalizeInput, rowSize: number, eps: number): void {
  const x = input.x
  const [, mean, invStd] = node.outputs
  if (!mean && !invStd) return
  const s = q.scale(x)
  const rows = shapeSize(q.shape(x)) / rowSize
  const flat = `${node.outputs[0]}@rows`
  q.addTensor(flat, [rows, rowSize], s)
  q.emit({ name: `${node.name}.rows`, inputs: [x], outputs: [flat], op: 'Reshape' })
  if (mean) {
    const sum = `${mean}@sum`
    q.addTensor(sum, [rows, 1], s)
    q.emit({ name: `${node.name}.sum`, inputs: [flat], outputs: [sum], op: 'Linear', weight: q.addConstant(`${node.name}.ones`, [1, rowSize], new Array<number>(rowSize).fill(1)) })
    const k = Math.log2(rowSize)
    if (Number.isInteger(k)) {
      q.emit({ name: `${node.name}.mean`, inputs: [sum], outputs: [mean], op: 'Reshape' })
      q.setScale(mean, s + k)
    } else {
      const scaled = `${mean}@scaled`
      q.addTensor(scaled, [rows, 1], s + 16)
      q.emit({ name: `${node.name}.mean.scale`, inputs: [sum], outputs: [scaled], op: 'Affine', mul: q.addConstant(`${node.name}.invN`, [1], [Math.round(2 ** 16 / rowSize)]) })
      q.emit({ name: `${node.name}.mean`, inputs: [scaled], outputs: [mean], op: 'Reshape' })
      q.setScale(mean, s + 16)
    }
  }
  if (invStd) {
    const { params, invStdScale } = normalizeParams(q, input, rowSize, eps)
    const r = `${invStd}@recip`
    q.addTensor(r, [rows], invStdScale)
    q.emit({ name: `${node.name}.invstd`, inputs: [flat], outputs: [r], op: 'Normalize', ...params, stat: 'invStd' })
    const scaled = `${invStd}@scaled`
    q.addTensor(scaled, [rows], invStdScale)
    q.emit({ name: `${node.name}.invstd.n`, inputs: [r], outputs: [scaled], op: 'Affine', mul: q.addConstant(`${node.name}.n`, [1], [rowSize]) })
    q.emit({ name: `${node.name}.invstd.shape`, inputs: [scaled], outputs: [invStd], op: 'Reshape' })
    q.setScale(invStd, invStdScale)
  }
}

const LAYER_NORM_ARITY: ArityForm = { inputs: [2, 3], outputs: [1, 3] }

/** LayerNormalization. Canonical: inputs X, Scale, B?; attributes axis (≥ 0) and epsilon. */
export const layerNormalization: ComputeOp = {
  opType: 'LayerNormalization',
  arity: [LAYER_NORM_ARITY],
  kind: 'compute',
  constantInputs: [1, 2],
  canonicalize: (node, ctx) => ctx.rewrite({ axis: int(normalizeAxis(node, attrInt(node, 'axis', -1), ctx.rank, ctx.x.shape)), epsilon: float(attrFloat(node, 'epsilon', 1e-5)) }, ctx.inputs, node.outputs),
  inferShape(node, [x]) {
    const axis = attrInt(node, 'axis', -1)
    const stat = { dtype: 'float32' as const, shape: [...x!.shape.slice(0, axis), ...new Array<number>(x!.shape.length - axis).fill(1)] }
    return [{ dtype: x!.dtype, shape: [...x!.shape] }, ...node.outputs.slice(1).map(() => stat)]
  },
  floatKernel(node, [x, scale, bias]) {
    const axis = attrInt(node, 'axis', -1)
    const rowSize = shapeSize(x!.dims.slice(axis))
    const eps = attrFloat(node, 'epsilon', 1e-5)
    const y = normalizeFloat(x!, rowSize, eps, scale!, scale!.dims, bias, bias?.dims ?? [])
    const dims = [...x!.dims.slice(0, axis), ...new Array<number>(x!.dims.length - axis).fill(1)]
    const rows = x!.data.length / rowSize
    const mean = new Float64Array(rows)
    const inv = new Float64Array(rows)
    for (let r = 0; r < rows; r++) {
      let m = 0
      for (let i = 0; i < rowSize; i++) m += x!.data[r * rowSize + i]!
      m /= rowSize
      let v = 0
      for (let i = 0; i < rowSize; i++) v += (x!.data[r * rowSize + i]! - m) ** 2
      mean[r] = m
      inv[r] = 1 / Math.sqrt(v / rowSize + eps)
    }
    const stats = [{ dtype: 'float32' as const, dims, data: mean }, { dtype: 'float32' as const, dims, data: inv }]
    return [y, ...stats.slice(0, Math.max(0, node.outputs.length - 1))]
  },
  quantize(node, q) {
    const shape = q.graphShape(node.inputs[0]!)
    const axis = attrInt(node, 'axis', -1)
    const rowSize = shapeSize(shape.slice(axis))
    const scale = q.constant(node.inputs[1])!
    const bias = node.inputs[2] ? q.constant(node.inputs[2]) : undefined
    const eps = attrFloat(node, 'epsilon', 1e-5)
    const input = quantizeNormalize(node, q, { rowSize, scaleDims: [...scale.dims], biasDims: bias ? [...bias.dims] : [] }, eps)
    quantizeStatistics(node, q, input, rowSize, eps)
  },
  emits: ['Requant', 'Normalize', 'Affine', 'Reshape', 'Linear'],
}

/** Per-channel dims [C, 1, …, 1] broadcasting over [N, C, spatial…]. */
const channelDims = (c: number, rank: number) => [c, ...new Array<number>(rank - 2).fill(1)]

/** InstanceNormalization. Canonical: inputs X, scale, B; attribute epsilon. */
export const instanceNormalization: ComputeOp = {
  opType: 'InstanceNormalization',
  arity: [inputsRange(3, 3)],
  kind: 'compute',
  constantInputs: [1, 2],
  canonicalize: (node, ctx) => {
    if (ctx.rank < 3) shapeError(node, 'input must have rank ≥ 3 (N, C, spatial…)', [ctx.x.shape])
    return ctx.rewrite({ epsilon: float(attrFloat(node, 'epsilon', 1e-5)) })
  },
  inferShape: (_node, [x]) => sameInfo(x!, [...x!.shape]),
  floatKernel(node, [x, scale, bias]) {
    const dims = channelDims(x!.dims[1]!, x!.dims.length)
    return [normalizeFloat(x!, shapeSize(x!.dims.slice(2)), attrFloat(node, 'epsilon', 1e-5), scale!, dims, bias, dims)]
  },
  quantize(node, q) {
    const shape = q.graphShape(node.inputs[0]!)
    const dims = channelDims(shape[1]!, shape.length)
    quantizeNormalize(node, q, { rowSize: shapeSize(shape.slice(2)), scaleDims: dims, biasDims: dims }, attrFloat(node, 'epsilon', 1e-5))
  },
  emits: ['Requant', 'Normalize', 'Affine'],
}

/**
 * GroupNormalization. Canonical: inputs X, scale, bias with one value per channel (opset 18's
 * per-group scale and bias are repeated per channel); attributes num_groups, epsilon.
 */
export const groupNormalization: ComputeOp = {
  opType: 'GroupNormalization',
  arity: [inputsRange(3, 3)],
  kind: 'compute',
  constantInputs: [1, 2],
  canonicalize(node, ctx) {
    if (ctx.rank < 3) shapeError(node, 'input must have rank ≥ 3 (N, C, spatial…)', [ctx.x.shape])
    const groups = attrInt(node, 'num_groups')
    const c = ctx.x.shape[1]!
    if (groups < 1 || c % groups !== 0) shapeError(node, `num_groups ${groups} does not divide the ${c} channels`, [ctx.x.shape])
    const attributes = { num_groups: int(groups), epsilon: float(attrFloat(node, 'epsilon', 1e-5)) }
    const [scale, bias] = [ctx.constant(ctx.inputs[1]!), ctx.constant(ctx.inputs[2]!)]
    if (!scale || !bias || scale.data.length === c) return ctx.rewrite(attributes)
    if (scale.data.length !== groups || bias.data.length !== groups) shapeError(node, 'scale and bias must have one value per channel or per group', [ctx.x.shape, scale.dims, bias.dims])
    const perChannel = (t: Tensor): Tensor => ({ dtype: t.dtype, dims: [c], data: Float64Array.from({ length: c }, (_, i) => t.data[Math.floor((i * groups) / c)]!) })
    return ctx.rewrite(attributes, [ctx.inputs[0]!, ctx.addInitializer(`${node.name}_scale`, perChannel(scale)), ctx.addInitializer(`${node.name}_bias`, perChannel(bias))])
  },
  inferShape: (_node, [x]) => sameInfo(x!, [...x!.shape]),
  floatKernel(node, [x, scale, bias]) {
    const groups = attrInt(node, 'num_groups')
    const dims = channelDims(x!.dims[1]!, x!.dims.length)
    return [normalizeFloat(x!, shapeSize(x!.dims.slice(1)) / groups, attrFloat(node, 'epsilon', 1e-5), scale!, dims, bias, dims)]
  },
  quantize(node, q) {
    const shape = q.graphShape(node.inputs[0]!)
    const dims = channelDims(shape[1]!, shape.length)
    quantizeNormalize(node, q, { rowSize: shapeSize(shape.slice(1)) / attrInt(node, 'num_groups'), scaleDims: dims, biasDims: dims }, attrFloat(node, 'epsilon', 1e-5))
  },
  emits: ['Requant', 'Normalize', 'Affine'],
}
