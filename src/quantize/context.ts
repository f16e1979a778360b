/**
 * The state of one quantization run and the {@link QuantizeContext} the op rules work through
 * (see `src/ops/types.ts` for what each method means). The driver (`quantize.ts`) creates one
 * state per graph, records the inputs, then asks for a context bound to each node in turn.
 */
import type { Node, PreparedGraph, Tensor } from '../onnx/ir.js'
import { isFloatDType } from '../onnx/ir.js'
import { UnsupportedOpError } from '../errors/compile.js'
import type { IntTensor, QNode, QuantizedModel } from '../ir/model.js'
import { maxAbsOf, quantizeArray, scaleFor } from '../ir/scales.js'
import type { QuantizeContext } from '../ops/types.js'
import { nullRecord } from '../utils/records.js'
import { InternalError } from '../errors/internal.js'
import { bitsFor, type BitUsage, type LayerBits } from './bitWidths.js'

/** Bit widths of one quantization run: the global widths and per-layer overrides (see `bitWidths.ts`). */
export type QuantizeBits = { input: number; weight: number; activation: number; layers?: LayerBits | undefined }

/** What a quantization run accumulates: the integer model's parts, in the order they are added. */
export type QuantizeState = {
  tensors: QuantizedModel['tensors']
  constants: Record<string, IntTensor>
  nodes: QNode[]
  /** Values downstream of a Softmax / LogSoftmax applied after proving (see `softmaxAfterProving`). */
  softmaxed: Map<string, 'softmax' | 'logsoftmax'>
  /** Scale of a value already in the integer model. @throws {InternalError} when it is not */
  scale(name: string): number
  /** The context for the rule of `node` (its `unsupported` names that node). */
  contextFor(node: Node): QuantizeContext
  /** The current extent of the model (to undo a rule's additions with {@link restore}). */
  snapshot(): QuantizeSnapshot
  /** Removes every node, tensor and constant added since `snap`. */
  restore(snap: QuantizeSnapshot): void
  /** The activation and weight widths the rules consulted so far, by node name (inputs: empty; the driver adds them). */
  usage(): BitUsage
  /** Sets the source of {@link QuantizeContext.magnitudeBits} (the executor guard's interval analysis). */
  setMagnitudeSource(source: (name: string) => number | undefined): void
}

/** The extent of a quantization state at one point (see {@link QuantizeState.snapshot}). */
export type QuantizeSnapshot = { nodes: number; tensors: ReadonlySet<string>; constants: ReadonlySet<string>; softmaxed: ReadonlySet<string> }

/**
 * Creates the state of a quantization run over `graph`.
 * @param parameters.ranges calibrated float range of every tensor
 */
export function createQuantizeState({
  graph: g,
  ranges,
  bits,
  onlyViewsFollow = () => false,
}: {
  graph: PreparedGraph
  ranges: ReadonlyMap<string, { min: number; max: number }>
  bits: QuantizeBits
  /** See {@link QuantizeContext.onlyViewsFollow} (default: never). */
  onlyViewsFollow?: ((name: string) => boolean) | undefined
}): QuantizeState {
  // Per-layer widths: a tensor's activation width is its producing node's; weights take the width
  // of the node quantizing them. Widths consulted are recorded (the tolerance search varies them).
  const producer = new Map<string, string>()
  for (const n of g.nodes) for (const o of n.outputs) producer.set(o, n.name)
  const usedActivation = new Set<string>()
  const usedWeight = new Set<string>()
  const activationBitsOf = (nodeName: string | undefined) => {
    if (nodeName !== undefined) usedActivation.add(nodeName)
    return bitsFor(bits.layers?.activation, nodeName, bits.activation)
  }
  const weightBitsOf = (nodeName: string | undefined) => {
    if (nodeName !== undefined) usedWeight.add(nodeName)
    return bitsFor(bits.layers?.weight, nodeName, bits.weight)
  }
  // Keyed by model-chosen names: no prototype, so `__proto__` or `constructor` are ordinary keys.
  const tensors: QuantizedModel['tensors'] = nullRecord()
  const constants = nullRecord<IntTensor>()
  const nodes: QNode[] = []
  const softmaxed = new Map<string, 'softmax' | 'logsoftmax'>()
  let constId = 0
  /** The node whose rule is running (named by a refused constant). */
  let current: Node | undefined

  const scale = (name: string) => {
    const t = tensors[name]
    if (!t) throw new InternalError({ invariant: `no scale for ${name}` })
    return t.scale
  }
  // A value the quantizer introduced (e.g. `x@requant`) has its own shape, and the calibrated range of what it stands for.
  const graphShape = (name: string) => g.tensors.get(name)?.shape ?? tensors[name]!.shape
  const graphDtype = (name: string): 'int' | 'bool' | undefined => {
    const t = g.tensors.get(name)
    return !t || isFloatDType(t.dtype) ? undefined : t.dtype === 'bool' ? 'bool' : 'int'
  }
  const record = (name: string, shape: number[], s: number, dtype: 'int' | 'bool' | undefined) => {
    tensors[name] = dtype ? { shape, scale: s, dtype } : { shape, scale: s }
  }
  const targetScale = (name: string) => {
    const base = ranges.has(name) ? name : name.replace(/@requant$/, '')
    const r = ranges.get(base)
    return scaleFor(r ? Math.max(Math.abs(r.min), Math.abs(r.max)) : 0, 2 ** (activationBitsOf(producer.get(base)) - 1) - 1)
  }
  const addConstant = (hint: string, dims: number[], data: number[]) => {
    // A NaN or infinite weight (or one beyond 2^53 once quantized) has no integer: refuse the model.
    if (!data.every(Number.isSafeInteger))
      throw new UnsupportedOpError({ opType: current?.opType ?? '', nodeName: current?.name ?? hint, opset: g.opset, reason: `its constant ${hint} holds a non-finite value (NaN or ±Infinity) or one too large to quantize` })
    const name = `${hint}#${constId++}`
    constants[name] = { dims, data }
    return name
  }
  let magnitudeSource: (name: string) => number | undefined = () => undefined
  const shared: Omit<QuantizeContext, 'unsupported'> = {
    magnitudeBits: (name) => magnitudeSource(name),
    opset: g.opset,
    activationBits: bits.activation,
    weightBits: bits.weight,
    scale,
    graphShape,
    shape: (name) => tensors[name]!.shape,
    setScale(name, s) {
      record(name, graphShape(name), s, graphDtype(name))
    },
    addTensor(name, shape, s, dtype) {
      record(name, shape, s, dtype)
    },
    dtype: (name) => tensors[name]?.dtype,
    targetScale,
    range: (name) => ranges.get(name) ?? { min: 0, max: 0 },
    constant: (name): Tensor | undefined => (name ? g.initializers.get(name) : undefined),
    isConstant: (name) => g.initializers.has(name),
    addConstant,
    addWeights(hint, dims, data) {
      const s = scaleFor(maxAbsOf(data), 2 ** (weightBitsOf(current?.name) - 1) - 1)
      return { name: addConstant(hint, dims, quantizeArray(data, s)), scale: s }
    },
    toTarget(name, label) {
      if (tensors[name]?.dtype) return name
      const t = targetScale(name)
      const s = scale(name)
      if (s <= t) return name
      const out = `${name}@requant`
      // Several consumers share one requantization (the same value, the same constraints once).
      if (tensors[out]?.scale === t && nodes.some((n) => n.outputs[0] === out)) return out
      tensors[out] = { shape: tensors[name]!.shape, scale: t }
      nodes.push({ op: 'Requant', name: label, inputs: [name], outputs: [out], shift: s - t, relu: false })
      return out
    },
    emit(node) {
      nodes.push(node)
    },
    softmaxAfterProving(name, kind = 'softmax') {
      softmaxed.set(name, kind)
    },
    onlyViewsFollow,
  }
  return {
    tensors,
    constants,
    nodes,
    softmaxed,
    scale,
    snapshot: () => ({ nodes: nodes.length, tensors: new Set(Object.keys(tensors)), constants: new Set(Object.keys(constants)), softmaxed: new Set(softmaxed.keys()) }),
    restore(snap) {
      nodes.length = snap.nodes
      for (const k of Object.keys(tensors)) if (!snap.tensors.has(k)) delete tensors[k]
      for (const k of Object.keys(constants)) if (!snap.constants.has(k)) delete constants[k]
      for (const k of [...softmaxed.keys()]) if (!snap.softmaxed.has(k)) softmaxed.delete(k)
    },
    usage: () => ({ activation: [...usedActivation], weight: [...usedWeight], input: [] }),
    setMagnitudeSource(source) {
      magnitudeSource = source
    },
    contextFor(node) {
      current = node
      const unsupported = (reason: string): never => {
        throw new UnsupportedOpError({ opType: node.opType, nodeName: node.name, opset: g.opset, reason })
      }
      return {
        ...shared,
        // The node's own widths (its output's activation width, its weights'), for rules that size values directly.
        get activationBits() {
          return activationBitsOf(node.name)
        },
        get weightBits() {
          return weightBitsOf(node.name)
        },
        setScale(name, s) {
          const dtype = graphDtype(name)
          if (dtype && s !== 0) unsupported(`the ${dtype} value "${name}" would be stored at scale ${s} (integers and bools need scale 0)`)
          shared.setScale(name, s)
        },
        unsupported,
      }
    },
  }
}
