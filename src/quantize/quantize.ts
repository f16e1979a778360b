/**
 * Quantization: a prepared float graph + calibration ranges → the integer model the circuit proves.
 *
 * Rules (power-of-two scales per tensor, see scales.ts):
 * - Inputs: `inputBits` (default 8), unsigned when the calibrated minimum is ≥ 0; the scale is the
 *   largest that holds the calibrated maximum. The circuit range-checks exactly those bits.
 * - Weights (Gemm, MatMul, Conv, constant Mul/Div): `weightBits` (default 8) per tensor. Linear ops
 *   are exact: output scale = input scale + weight scale; biases are rounded at that scale.
 * - Non-linear points (Relu, LeakyRelu, Clip, Sigmoid, and the inputs of MaxPool, Mul and Div of two
 *   activations) requantize to the tensor's target scale: the largest s with the calibrated
 *   max |x| · 2^s < 2^(activationBits−1). Nothing else rounds.
 * - AveragePool folds into the scale (free); BatchNormalization becomes a constant affine op
 *   (free); Softmax as the last op is left to post-processing (argmax is preserved).
 */
import type { Node, PreparedGraph, Tensor } from '../onnx/ir.js'
import { attrFloat, attrInt, attrInts, attrString } from '../onnx/attributes.js'
import { UnsupportedOpError } from '../errors/compile.js'
import { CalibrationError } from '../errors/quantize.js'
import { QUANTIZED_MODEL_VERSION, type IntTensor, type QNode, type QuantizedModel, type QuantizedOutput } from './model.js'
import { maxAbsOf, quantizeArray, scaleFor } from './scales.js'
import { nullRecord } from '../utils/records.js'

export type QuantizeOptions = {
  graph: PreparedGraph
  /** Calibrated float range of every tensor (from the float executor over the calibration set). */
  ranges: Map<string, { min: number; max: number }>
  inputBits?: number | undefined
  weightBits?: number | undefined
  activationBits?: number | undefined
}

const AVG_EXTRA_BITS = 8
/** Largest calibrated |value| accepted (2^40): beyond it the data is almost certainly corrupt. */
const MAX_CALIBRATED_MAGNITUDE = 2 ** 40

/** Quantizes `graph`; see the module doc for the rules. */
export function quantizeGraph(opts: QuantizeOptions): QuantizedModel {
  const { graph: g, ranges } = opts
  const inputBits = opts.inputBits ?? 8
  const weightBits = opts.weightBits ?? 8
  const actBits = opts.activationBits ?? 12
  const wMax = 2 ** (weightBits - 1) - 1
  // Keyed by model-chosen names: no prototype, so `__proto__` or `constructor` are ordinary keys.
  const tensors: QuantizedModel['tensors'] = nullRecord()
  const constants = nullRecord<IntTensor>()
  const nodes: QNode[] = []
  const scale = (name: string) => {
    const t = tensors[name]
    if (!t) throw new Error(`internal: no scale for ${name}`)
    return t.scale
  }
  const shapeOf = (name: string) => g.tensors.get(name)!.shape
  const setOut = (name: string, s: number) => (tensors[name] = { shape: shapeOf(name), scale: s })
  const target = (name: string) => {
    const r = ranges.get(name)
    return scaleFor(r ? Math.max(Math.abs(r.min), Math.abs(r.max)) : 0, 2 ** (actBits - 1) - 1)
  }
  const constTensor = (name: string | undefined): Tensor | undefined => (name ? g.initializers.get(name) : undefined)
  const isConst = (name: string) => g.initializers.has(name)
  let constId = 0
  let current: Node | undefined
  const addConst = (hint: string, dims: number[], data: number[]) => {
    // A NaN or infinite weight (or one beyond 2^53 once quantized) has no integer: refuse the model.
    if (!data.every(Number.isSafeInteger))
      throw new UnsupportedOpError({ opType: current?.opType ?? '', nodeName: current?.name ?? hint, opset: g.opset, reason: `its constant ${hint} holds a non-finite value (NaN or ±Infinity) or one too large to quantize` })
    const name = `${hint}#${constId++}`
    constants[name] = { dims, data }
    return name
  }
  const quantWeights = (hint: string, dims: number[], data: ArrayLike<number>) => {
    const s = scaleFor(maxAbsOf(data), wMax)
    return { name: addConst(hint, dims, quantizeArray(data, s)), s }
  }
  /** Requantizes `name` down to its target scale if it is above it; returns the (new) name. */
  const toTarget = (name: string, label: string) => {
    const t = target(name)
    const s = scale(name)
    if (s <= t) return name
    const out = `${name}@requant`
    tensors[out] = { shape: tensors[name]!.shape, scale: t }
    nodes.push({ op: 'Requant', name: label, inputs: [name], outputs: [out], shift: s - t, relu: false })
    return out
  }
  const unsupported = (node: Node, reason: string): never => {
    throw new UnsupportedOpError({ opType: node.opType, nodeName: node.name, opset: g.opset, reason })
  }

  /**
   * 1-D Conv/pooling runs as 2-D with height 1: reshape [N, C, L] → [N, C, 1, L] around the op.
   * Returns the names the 2-D op reads and writes, and a function that reshapes the result back.
   */
  const as2d = (node: Node, x: string, out: string) => {
    const xs = tensors[x]!.shape
    if (xs.length === 4) return { x2: x, out2: out, done: () => {} }
    if (xs.length !== 3) unsupported(node, `${xs.length - 2}-D input (only 1-D and 2-D)`)
    const x2 = `${x}@2d`
    const out2 = `${out}@2d`
    tensors[x2] = { shape: [xs[0]!, xs[1]!, 1, xs[2]!], scale: scale(x) }
    nodes.push({ op: 'Reshape', name: `${node.name}.to2d`, inputs: [x], outputs: [x2] })
    const os = shapeOf(out)
    return {
      x2,
      out2,
      done: () => {
        tensors[out2] = { shape: [os[0]!, os[1]!, 1, os[2]!], scale: scale(out) }
        nodes.push({ op: 'Reshape', name: `${node.name}.from2d`, inputs: [out2], outputs: [out] })
      },
    }
  }
  const geometry2d = (node: Node) => {
    const k = attrInts(node, 'kernel_shape', [])
    const one = k.length === 1 || (node.opType === 'Conv' && constTensor(node.inputs[1])?.dims.length === 3)
    const pads = attrInts(node, 'pads', one ? [0, 0] : [0, 0, 0, 0])
    const strides = attrInts(node, 'strides', one ? [1] : [1, 1])
    const dilations = attrInts(node, 'dilations', one ? [1] : [1, 1])
    if (!one) {
      if (k.length > 2 || pads.length !== 4) unsupported(node, `${Math.max(k.length, pads.length / 2)}-D window (only 1-D and 2-D)`)
      return { kernel: [k[0] ?? 1, k[1] ?? 1] as [number, number], pads: [pads[0]!, pads[1]!, pads[2]!, pads[3]!] as [number, number, number, number], strides: strides as [number, number], dilations: dilations as [number, number] }
    }
    return { kernel: [1, k[0] ?? 1] as [number, number], pads: [0, pads[0]!, 0, pads[1]!] as [number, number, number, number], strides: [1, strides[0]!] as [number, number], dilations: [1, dilations[0]!] as [number, number] }
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
  const inputs = g.inputs.map((vi) => {
    const r = ranges.get(vi.name)
    if (!r) throw new CalibrationError(`No calibration range for input "${vi.name}".`)
    const signed = r.min < 0
    const maxInt = signed ? 2 ** (inputBits - 1) - 1 : 2 ** inputBits - 1
    const s = scaleFor(Math.max(Math.abs(r.min), Math.abs(r.max)), maxInt)
    const lo = signed ? -(2 ** (inputBits - 1)) : 0
    tensors[vi.name] = { shape: shapeOf(vi.name), scale: s }
    return { name: vi.name, shape: shapeOf(vi.name), scale: s, bits: inputBits, signed, min: lo / 2 ** s, max: maxInt / 2 ** s }
  })

  const outputs: QuantizedOutput[] = g.outputs.map((o) => ({ name: o.name, shape: shapeOf(o.name), scale: 0 }))
  const graphOutputs = new Set(g.outputs.map((o) => o.name))
  // Values downstream of a final Softmax: only reshapes may follow it (see the Softmax case).
  const softmaxed = new Set<string>()
  const RESHAPES = new Set(['Flatten', 'Reshape', 'Squeeze', 'Unsqueeze', 'Identity'])

  for (const node of g.nodes) {
    current = node
    const [x, w, b] = node.inputs
    const out = node.outputs[0]!
    const io = { name: node.name, inputs: [x!], outputs: [out] }
    if (node.inputs.some((n) => softmaxed.has(n))) {
      if (!RESHAPES.has(node.opType)) unsupported(node, 'an op after Softmax (Softmax is supported only as the last op)')
      softmaxed.add(out)
    }
    switch (node.opType) {
      case 'Gemm': {
        if (!isConst(w!) || isConst(x!)) unsupported(node, 'Gemm needs a runtime A and a constant B')
        const alpha = attrFloat(node, 'alpha', 1)
        const beta = attrFloat(node, 'beta', 1)
        let a = x!
        if (attrInt(node, 'transA', 0)) {
          a = `${x}@T`
          tensors[a] = { shape: [...tensors[x!]!.shape].reverse(), scale: scale(x!) }
          nodes.push({ op: 'Transpose', name: `${node.name}.transA`, inputs: [x!], outputs: [a], perm: [1, 0] })
        }
        const B = constTensor(w)!
        const [r0, r1] = B.dims as [number, number]
        const transB = attrInt(node, 'transB', 0) === 1
        const N = transB ? r0 : r1
        const K = transB ? r1 : r0
        const Wt = new Float64Array(N * K)
        for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) Wt[n * K + k] = alpha * (transB ? B.data[n * K + k]! : B.data[k * N + n]!)
        const q = quantWeights(`${node.name}.W`, [N, K], Wt)
        const sOut = scale(a) + q.s
        let bias: string | undefined
        const C = constTensor(b)
        if (C) {
          if (C.data.length !== 1 && C.data.length !== N) unsupported(node, `bias C of shape [${C.dims}] (only [N] or scalar)`)
          const full = Array.from({ length: N }, (_, n) => beta * C.data[C.data.length === 1 ? 0 : n]!)
          bias = addConst(`${node.name}.b`, [N], quantizeArray(full, sOut))
        } else if (b) unsupported(node, 'Gemm with a runtime C')
        nodes.push({ ...io, inputs: [a], op: 'Linear', weight: q.name, bias })
        setOut(out, sOut)
        break
      }
      case 'MatMul': {
        if (!isConst(w!) || isConst(x!)) unsupported(node, 'MatMul needs a runtime left side and a constant 2-D right side')
        const B = constTensor(w)!
        if (B.dims.length !== 2) unsupported(node, `MatMul with a ${B.dims.length}-D constant`)
        const [K, N] = B.dims as [number, number]
        const Wt = new Float64Array(N * K)
        for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) Wt[n * K + k] = B.data[k * N + n]!
        const q = quantWeights(`${node.name}.W`, [N, K], Wt)
        nodes.push({ ...io, op: 'Linear', weight: q.name })
        setOut(out, scale(x!) + q.s)
        break
      }
      case 'Conv': {
        if (!isConst(w!)) unsupported(node, 'Conv with a runtime weight')
        const W = constTensor(w)!
        if (W.dims.length !== 4 && W.dims.length !== 3) unsupported(node, `${W.dims.length - 2}-D convolution (only 1-D and 2-D)`)
        const dims = W.dims.length === 3 ? [W.dims[0]!, W.dims[1]!, 1, W.dims[2]!] : W.dims
        const q = quantWeights(`${node.name}.W`, dims, W.data)
        const sOut = scale(x!) + q.s
        const C = constTensor(b)
        const { pads, strides, dilations } = geometry2d(node)
        const v = as2d(node, x!, out)
        setOut(out, sOut)
        nodes.push({
          name: node.name,
          inputs: [v.x2],
          outputs: [v.out2],
          op: 'Conv',
          weight: q.name,
          bias: C ? addConst(`${node.name}.b`, C.dims, quantizeArray(C.data, sOut)) : undefined,
          pads,
          strides,
          dilations,
          group: attrInt(node, 'group', 1),
        })
        v.done()
        break
      }
      case 'BatchNormalization': {
        const [, sc, bi, mean, variance] = node.inputs.map((n) => constTensor(n)!)
        const eps = attrFloat(node, 'epsilon', 1e-5)
        const C = sc!.data.length
        const mul = Array.from({ length: C }, (_, c) => sc!.data[c]! / Math.sqrt(variance!.data[c]! + eps))
        const add = mul.map((m, c) => bi!.data[c]! - mean!.data[c]! * m)
        const rank = shapeOf(x!).length
        const dims = [C, ...new Array(Math.max(0, rank - 2)).fill(1)]
        const qm = quantWeights(`${node.name}.scale`, dims, mul)
        const sOut = scale(x!) + qm.s
        nodes.push({ ...io, op: 'Affine', mul: qm.name, add: addConst(`${node.name}.bias`, dims, quantizeArray(add, sOut)) })
        setOut(out, sOut)
        break
      }
      case 'Add':
      case 'Sub':
      case 'Mul':
      case 'Div': {
        const [p, q] = [node.inputs[0]!, node.inputs[1]!]
        const cp = isConst(p)
        const cq = isConst(q)
        if (cp && cq) unsupported(node, 'both inputs constant (should have been folded)')
        if (cp || cq) {
          const act = cp ? q : p
          const k = constTensor(cp ? p : q)!
          const s = scale(act)
          const base = { name: node.name, inputs: [act], outputs: [out] }
          if (node.opType === 'Add' || node.opType === 'Sub') {
            const sign = node.opType === 'Sub' && cq ? -1 : 1
            const negX = node.opType === 'Sub' && cp
            const addVals = Array.from(k.data, (v) => sign * v)
            if (negX) {
              nodes.push({ ...base, op: 'Affine', mul: addConst(`${node.name}.neg`, [1], [-1]), add: addConst(`${node.name}.c`, k.dims, quantizeArray(addVals, s)) })
            } else {
              nodes.push({ ...base, op: 'Affine', add: addConst(`${node.name}.c`, k.dims, quantizeArray(addVals, s)) })
            }
            setOut(out, s)
          } else {
            if (node.opType === 'Div' && cp) unsupported(node, 'a constant divided by an activation')
            const vals = Array.from(k.data, (v) => (node.opType === 'Div' ? 1 / v : v))
            if (vals.some((v) => !Number.isFinite(v))) unsupported(node, 'division by a zero constant')
            const qk = quantWeights(`${node.name}.c`, k.dims, vals)
            nodes.push({ ...base, op: 'Affine', mul: qk.name })
            setOut(out, s + qk.s)
          }
          break
        }
        if (node.opType === 'Add' || node.opType === 'Sub') {
          const s = Math.max(scale(p), scale(q))
          nodes.push({ name: node.name, inputs: [p, q], outputs: [out], op: 'Add', shifts: [s - scale(p), s - scale(q)], subtract: node.opType === 'Sub' })
          setOut(out, s)
        } else if (node.opType === 'Mul') {
          const a = toTarget(p, `${node.name}.requantA`)
          const c = toTarget(q, `${node.name}.requantB`)
          nodes.push({ name: node.name, inputs: [a, c], outputs: [out], op: 'Mul' })
          setOut(out, scale(a) + scale(c))
        } else {
          const a = toTarget(p, `${node.name}.requantA`)
          const c = toTarget(q, `${node.name}.requantB`)
          const shift = Math.max(0, target(out) - scale(a) + scale(c))
          nodes.push({ name: node.name, inputs: [a, c], outputs: [out], op: 'Div', shift })
          setOut(out, scale(a) + shift - scale(c))
        }
        break
      }
      case 'Relu': {
        const s = Math.min(scale(x!), target(out))
        nodes.push({ ...io, op: 'Requant', shift: scale(x!) - s, relu: true })
        setOut(out, s)
        break
      }
      case 'LeakyRelu': {
        const s = Math.min(scale(x!), target(out))
        const alphaShift = 8
        nodes.push({ ...io, op: 'LeakyRelu', shift: scale(x!) - s, alpha: Math.round(attrFloat(node, 'alpha', 0.01) * 2 ** alphaShift), alphaShift })
        setOut(out, s)
        break
      }
      case 'Clip': {
        const lo = g.opset >= 11 ? constTensor(node.inputs[1])?.data[0] : attrFloatOr(node, 'min')
        const hi = g.opset >= 11 ? constTensor(node.inputs[2])?.data[0] : attrFloatOr(node, 'max')
        const s = Math.min(scale(x!), target(out))
        const q = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : Math.round(v * 2 ** s))
        nodes.push({ ...io, op: 'Clip', shift: scale(x!) - s, lo: q(lo), hi: q(hi) })
        setOut(out, s)
        break
      }
      case 'Sigmoid': {
        const s = Math.min(scale(x!), actBits - 1)
        // The output scale is the input's when coarser; below 2^0 the PLAN constants are not integers.
        if (s < 0) unsupported(node, `an input at scale 2^${s} (|x| ≥ 2^${actBits - 1}); Sigmoid needs a scale ≥ 0`)
        nodes.push({ ...io, op: 'Sigmoid', shift: scale(x!) - s })
        setOut(out, s)
        break
      }
      case 'MaxPool': {
        if (node.outputs.length > 1 && node.outputs[1]) unsupported(node, 'MaxPool with an Indices output')
        const a = toTarget(x!, `${node.name}.requant`)
        const v = as2d(node, a, out)
        setOut(out, scale(a))
        const { kernel, pads, strides, dilations } = geometry2d(node)
        nodes.push({ name: node.name, inputs: [v.x2], outputs: [v.out2], op: 'MaxPool', kernel, pads, strides, dilations })
        v.done()
        break
      }
      case 'AveragePool':
      case 'GlobalAveragePool': {
        const v = as2d(node, x!, out)
        const geo = node.opType === 'GlobalAveragePool' ? globalGeometry(tensors[v.x2]!.shape) : geometry2d(node)
        const count = geo.kernel[0] * geo.kernel[1]
        const pow2 = Number.isInteger(Math.log2(count))
        const shift = pow2 ? Math.log2(count) : Math.ceil(Math.log2(count)) + AVG_EXTRA_BITS
        const countIncludePad = node.opType === 'AveragePool' && attrInt(node, 'count_include_pad', 0) === 1
        setOut(out, scale(x!) + shift)
        nodes.push({ name: node.name, inputs: [v.x2], outputs: [v.out2], op: 'SumPool', ...geo, average: { shift, countIncludePad } })
        v.done()
        break
      }
      case 'Flatten':
      case 'Reshape':
      case 'Squeeze':
      case 'Unsqueeze':
      case 'Identity':
        nodes.push({ ...io, op: 'Reshape' })
        setOut(out, scale(x!))
        break
      case 'Transpose': {
        const rank = shapeOf(x!).length
        const perm = attrInts(node, 'perm', Array.from({ length: rank }, (_, i) => rank - 1 - i))
        nodes.push({ ...io, op: 'Transpose', perm })
        setOut(out, scale(x!))
        break
      }
      case 'Concat': {
        const ins = node.inputs
        if (ins.some(isConst)) unsupported(node, 'Concat with a constant input')
        const s = Math.max(...ins.map(scale))
        const rank = shapeOf(out).length
        const axis = (attrInt(node, 'axis') + rank) % rank
        nodes.push({ name: node.name, inputs: ins, outputs: [out], op: 'Concat', axis, shifts: ins.map((n) => s - scale(n)) })
        setOut(out, s)
        break
      }
      case 'ArgMax': {
        const rank = shapeOf(x!).length
        const axis = (attrInt(node, 'axis', 0) + rank) % rank
        nodes.push({ ...io, op: 'ArgMax', axis, selectLastIndex: attrInt(node, 'select_last_index', 0) === 1 })
        setOut(out, 0)
        break
      }
      case 'Softmax': {
        const rank = shapeOf(x!).length
        const axis = (attrInt(node, 'axis', g.opset >= 13 ? -1 : 1) + rank) % rank
        if (axis !== rank - 1) unsupported(node, 'Softmax over an axis other than the last')
        softmaxed.add(out)
        // The circuit proves the logits; the graph output is their softmax, applied after proving.
        nodes.push({ ...io, op: 'Reshape' })
        setOut(out, scale(x!))
        break
      }
      default:
        unsupported(node, 'no integer lowering')
    }
  }
  for (const name of softmaxed) {
    const o = outputs.find((v) => v.name === name)
    if (o) o.postprocess = 'softmax'
    else if (!g.nodes.some((n) => n.inputs.includes(name))) {
      throw new UnsupportedOpError({ opType: 'Softmax', nodeName: name, opset: g.opset, reason: 'Softmax is supported only as the last op' })
    }
  }
  for (const o of outputs) {
    o.scale = scale(o.name)
    o.shape = shapeOf(o.name)
    if (nodes.find((n) => n.outputs[0] === o.name)?.op === 'ArgMax') o.isIndex = true
  }
  return { version: QUANTIZED_MODEL_VERSION, inputs, outputs, tensors, constants, nodes }
}

function attrFloatOr(node: Node, name: string): number | undefined {
  return node.attributes[name] ? attrFloat(node, name) : undefined
}

function globalGeometry(shape: number[]) {
  return {
    kernel: [shape[2]!, shape[3]!] as [number, number],
    pads: [0, 0, 0, 0] as [number, number, number, number],
    strides: [1, 1] as [number, number],
    dilations: [1, 1] as [number, number],
  }
}
