/**
 * A seeded generator of hostile inputs to the compiler and the prover: ONNX models mutated at the
 * protobuf level (wrong input counts, huge or negative dims, cycles, renamed values such as
 * `__proto__`, random attributes, foreign domains, garbled bytes) and hostile calibration / prove
 * inputs. Deterministic for a seed, so a failing case is reproduced by its seed alone.
 */
import { onnxType } from '../../src/onnx/schema.js'
import { SUPPORTED_OPS } from '../../src/ops/index.js'
import { writeOnnx } from '../../src/onnx/write.js'
import type { Graph, Node, Tensor } from '../../src/onnx/ir.js'
import { cnnOnnx, mlpOnnx, uniform } from '../fixtures/models.js'

/** A protobuf ModelProto as a plain object (`toObject` with numbers for int64). */
export type ModelObject = any

const Model = onnxType('ModelProto')

/** Decodes model bytes into a mutable plain object. */
export function toObject(bytes: Uint8Array): ModelObject {
  return Model.toObject(Model.decode(bytes), { longs: Number, bytes: Uint8Array })
}

/** Encodes a (possibly mutated) plain object back into model bytes. */
export function toBytes(o: ModelObject): Uint8Array {
  return Model.encode(Model.fromObject(o)).finish()
}

/** A small model using most supported ops: Conv, BatchNorm, LeakyRelu, MaxPool, Sigmoid, Clip, Add, Mul, Concat, Transpose, Reshape, AveragePool, Flatten, MatMul, Softmax, ArgMax. */
export function richOnnx(seed = 3): Uint8Array {
  const r = uniform(seed)
  const t = (dims: number[], f = () => r() * 2 - 1): Tensor => ({ dtype: 'float32', dims, data: Float64Array.from({ length: dims.reduce((a, d) => a * d, 1) }, f) })
  const i64 = (values: number[]): Tensor => ({ dtype: 'int64', dims: [values.length], data: Float64Array.from(values) })
  const ints = (value: number[]) => ({ type: 'ints' as const, value })
  const initializers = new Map<string, Tensor>([
    ['cw', t([2, 1, 3, 3])], ['cb', t([2])],
    ['bn_s', t([2], () => 0.5 + r())], ['bn_b', t([2])], ['bn_m', t([2])], ['bn_v', t([2], () => 0.5 + r())],
    ['lo', { dtype: 'float32', dims: [], data: Float64Array.of(-0.5) }], ['hi', { dtype: 'float32', dims: [], data: Float64Array.of(0.5) }],
    ['k', t([1, 2, 1, 1])], ['shape', i64([1, 16])], ['mw', t([16, 3])],
  ])
  const nodes: Node[] = [
    { opType: 'Conv', name: 'conv', inputs: ['x', 'cw', 'cb'], outputs: ['c'], attributes: { kernel_shape: ints([3, 3]), pads: ints([1, 1, 1, 1]) } },
    { opType: 'BatchNormalization', name: 'bn', inputs: ['c', 'bn_s', 'bn_b', 'bn_m', 'bn_v'], outputs: ['n'], attributes: {} },
    { opType: 'LeakyRelu', name: 'lrelu', inputs: ['n'], outputs: ['l'], attributes: { alpha: { type: 'float', value: 0.1 } } },
    { opType: 'MaxPool', name: 'pool', inputs: ['l'], outputs: ['p'], attributes: { kernel_shape: ints([2, 2]), strides: ints([2, 2]) } },
    { opType: 'Sigmoid', name: 'sig', inputs: ['p'], outputs: ['s'], attributes: {} },
    { opType: 'Clip', name: 'clip', inputs: ['p', 'lo', 'hi'], outputs: ['q'], attributes: {} },
    { opType: 'Add', name: 'add', inputs: ['s', 'q'], outputs: ['u'], attributes: {} },
    { opType: 'Mul', name: 'mul', inputs: ['u', 'k'], outputs: ['v'], attributes: {} },
    { opType: 'Concat', name: 'cat', inputs: ['v', 'q'], outputs: ['w'], attributes: { axis: { type: 'int', value: 1 } } },
    { opType: 'Transpose', name: 'tr', inputs: ['w'], outputs: ['wt'], attributes: { perm: ints([0, 1, 3, 2]) } },
    { opType: 'AveragePool', name: 'avg', inputs: ['wt'], outputs: ['a'], attributes: { kernel_shape: ints([1, 1]) } },
    { opType: 'Reshape', name: 'flat', inputs: ['a', 'shape'], outputs: ['f'], attributes: {} },
    { opType: 'MatMul', name: 'mm', inputs: ['f', 'mw'], outputs: ['logits'], attributes: {} },
    { opType: 'Softmax', name: 'soft', inputs: ['logits'], outputs: ['probs'], attributes: { axis: { type: 'int', value: 1 } } },
    { opType: 'ArgMax', name: 'am', inputs: ['logits'], outputs: ['class'], attributes: { axis: { type: 'int', value: 1 } } },
  ]
  const graph: Graph = {
    opset: 13,
    inputs: [{ name: 'x', dtype: 'float32', shape: [1, 1, 4, 4] }],
    outputs: [{ name: 'probs', dtype: 'float32', shape: [1, 3] }, { name: 'class', dtype: 'int64', shape: [1, 1] }],
    initializers,
    nodes,
  }
  return writeOnnx({ graph })
}

/** Base models the mutations start from, with their input size. */
export const BASES = [
  { name: 'mlp', bytes: () => mlpOnnx({ sizes: [8, 4, 3] }), inputSize: 8 },
  { name: 'cnn', bytes: () => cnnOnnx({ size: 6, channels: 2, kernel: 3, classes: 3 }), inputSize: 36 },
  { name: 'rich', bytes: () => richOnnx(), inputSize: 16 },
] as const

/** Names that break naive `{}`-keyed records. */
export const HOSTILE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '', ' ', 'x'.repeat(300), 'ü/\\n\u0000']
/** Integers around every limit the front end has. */
const HOSTILE_INTS = [-(2 ** 53), -(2 ** 31), -2, -1, 0, 1, 2, 3, 7, 2 ** 31, 2 ** 40, 2 ** 53]
const ATTRIBUTE_NAMES = ['axis', 'axes', 'pads', 'strides', 'dilations', 'kernel_shape', 'group', 'perm', 'transA', 'transB', 'alpha', 'beta', 'epsilon', 'keepdims', 'select_last_index', 'auto_pad', 'ceil_mode', 'count_include_pad', 'to', 'value', 'min', 'max', 'allowzero', 'training_mode', ...HOSTILE_NAMES]

/** Deterministic choices from a seed. */
export function chooser(seed: number) {
  const r = uniform(seed * 7919 + 17)
  const int = (n: number) => Math.floor(r() * n)
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!
  return { r, int, pick }
}

type Mutation = (m: ModelObject, c: ReturnType<typeof chooser>) => string

const nodesOf = (m: ModelObject): ModelObject[] => (m.graph.node ??= [])
const anyNode = (m: ModelObject, c: ReturnType<typeof chooser>) => c.pick(nodesOf(m)) ?? { input: [], output: [], attribute: [] }

/** Renames value `from` to `to` everywhere (inputs, initializers, node inputs/outputs, graph outputs). */
function rename(m: ModelObject, from: string, to: string): void {
  for (const v of [...(m.graph.input ?? []), ...(m.graph.output ?? []), ...(m.graph.initializer ?? [])]) if (v.name === from) v.name = to
  for (const n of nodesOf(m)) {
    n.input = (n.input ?? []).map((x: string) => (x === from ? to : x))
    n.output = (n.output ?? []).map((x: string) => (x === from ? to : x))
  }
}

const MUTATIONS: Record<string, Mutation> = {
  initializerDims(m, c) {
    const t: ModelObject = c.pick<ModelObject>(m.graph.initializer ?? [])
    if (!t) return 'no initializer'
    t.dims = Array.from({ length: 1 + c.int(3) }, () => c.pick(HOSTILE_INTS))
    if (c.r() < 0.5) delete t.raw_data
    return `initializer ${t.name} dims [${t.dims}]`
  },
  dropInputs(m, c) {
    const n = anyNode(m, c)
    n.input = (n.input ?? []).slice(0, c.int((n.input ?? []).length))
    return `node ${n.name} inputs [${n.input}]`
  },
  extraInputs(m, c) {
    const n = anyNode(m, c)
    n.input = [...(n.input ?? []), ...Array.from({ length: 1 + c.int(4) }, () => c.pick([...(n.input ?? ['x']), '']))]
    return `node ${n.name} inputs [${n.input}]`
  },
  emptyInput(m, c) {
    const n = anyNode(m, c)
    if ((n.input ?? []).length) n.input[c.int(n.input.length)] = ''
    return `node ${n.name} inputs [${n.input}]`
  },
  danglingInput(m, c) {
    const n = anyNode(m, c)
    if ((n.input ?? []).length) n.input[c.int(n.input.length)] = c.pick(['nope', ...HOSTILE_NAMES])
    return `node ${n.name} inputs [${n.input}]`
  },
  cycle(m, c) {
    const ns = nodesOf(m)
    if (ns.length < 1) return 'no node'
    const a = c.int(ns.length)
    const b = a + c.int(ns.length - a)
    if ((ns[a].input ?? []).length && (ns[b].output ?? []).length) ns[a].input[0] = ns[b].output[0]
    return `node ${ns[a].name} reads ${ns[b].name}'s output`
  },
  outputs(m, c) {
    const n = anyNode(m, c)
    n.output = c.pick([[], [''], [...(n.output ?? []), 'extra', 'extra2'], [c.pick(nodesOf(m)).output?.[0] ?? 'o']])
    return `node ${n.name} outputs [${n.output}]`
  },
  opType(m, c) {
    const n = anyNode(m, c)
    n.op_type = c.r() < 0.85 ? c.pick(SUPPORTED_OPS) : c.pick(['Loop', 'If', 'Foo', '', '__proto__'])
    return `node ${n.name} op ${n.op_type}`
  },
  domain(m, c) {
    const n = anyNode(m, c)
    n.domain = c.pick(['com.microsoft', 'ai.onnx.ml', '__proto__'])
    return `node ${n.name} domain ${n.domain}`
  },
  attribute(m, c) {
    const n = anyNode(m, c)
    const name = c.pick(ATTRIBUTE_NAMES)
    const type = c.pick([1, 2, 3, 4, 5, 6, 7, 8, 0])
    const a: ModelObject = { name, type }
    if (type === 1) a.f = c.pick([NaN, Infinity, -1, 0, 0.5, 3e38])
    if (type === 2) a.i = c.pick(HOSTILE_INTS)
    if (type === 3) a.s = new TextEncoder().encode(c.pick(['SAME_UPPER', 'VALID', 'NOTSET', 'junk']))
    if (type === 4) a.t = { dims: [c.pick(HOSTILE_INTS)], data_type: c.pick([1, 7, 8, 99]) }
    if (type === 5) a.g = { name: 'g' }
    if (type === 6) a.floats = Array.from({ length: c.int(5) }, () => c.pick([NaN, -1, 0, 2]))
    if (type === 7) a.ints = Array.from({ length: c.int(6) }, () => c.pick(HOSTILE_INTS))
    if (type === 8) a.strings = [new TextEncoder().encode('a')]
    n.attribute = [...(n.attribute ?? []).filter((x: ModelObject) => x.name !== name || c.r() < 0.3), a]
    return `node ${n.name} attribute ${JSON.stringify(name)} type ${type}`
  },
  hostileName(m, c) {
    const values = [...(m.graph.input ?? []).map((v: ModelObject) => v.name), ...(m.graph.initializer ?? []).map((t: ModelObject) => t.name), ...nodesOf(m).flatMap((n) => n.output ?? [])]
    const from = c.pick(values.filter(Boolean) as string[])
    const to = c.pick(HOSTILE_NAMES)
    if (c.r() < 0.8) rename(m, from, to)
    else {
      const n = anyNode(m, c)
      if ((n.input ?? []).length) n.input[0] = to
    }
    return `rename ${JSON.stringify(from)} → ${JSON.stringify(to)}`
  },
  nodeName(m, c) {
    for (const n of nodesOf(m)) n.name = c.pick(HOSTILE_NAMES)
    return 'hostile node names'
  },
  inputDims(m, c) {
    const v: ModelObject = c.pick<ModelObject>(m.graph.input ?? [])
    if (!v) return 'no input'
    const dims = Array.from({ length: c.int(5) }, () => (c.r() < 0.2 ? { dim_param: c.pick(HOSTILE_NAMES) } : { dim_value: c.pick(HOSTILE_INTS) }))
    if (c.r() < 0.2) delete v.type.tensor_type.shape
    else v.type.tensor_type.shape = { dim: dims }
    return `input ${v.name} dims ${JSON.stringify(dims)}`
  },
  elemType(m, c) {
    const v = c.pick([...(m.graph.input ?? []), ...(m.graph.initializer ?? [])])
    if (!v) return 'none'
    const code = c.pick([0, 2, 3, 6, 7, 8, 9, 10, 11, 14, 16, 99])
    if (v.type) v.type.tensor_type.elem_type = code
    else v.data_type = code
    return `${v.name} dtype ${code}`
  },
  opset(m, c) {
    m.opset_import = c.r() < 0.2 ? [] : [{ domain: '', version: c.pick([0, 1, 5, 6, 7, 9, 10, 11, 12, 13, 17, 19, 21, 25, 26, 2 ** 40]) }]
    return `opset ${JSON.stringify(m.opset_import)}`
  },
  weights(m, c) {
    const t: ModelObject = c.pick<ModelObject>(m.graph.initializer ?? [])
    if (!t?.raw_data || t.data_type !== 1) return 'no float initializer'
    const f = new Float32Array(Uint8Array.from(t.raw_data).buffer)
    f[c.int(f.length)] = c.pick([NaN, Infinity, -Infinity, 3e38, -3e38, 1e-45])
    t.raw_data = new Uint8Array(f.buffer)
    return `initializer ${t.name} gets a non-finite or extreme value`
  },
  graphOutputs(m, c) {
    m.graph.output = c.pick([[], [...(m.graph.output ?? []), { ...(m.graph.output?.[0] ?? {}), name: c.pick(['nope', ...HOSTILE_NAMES]) }], (m.graph.output ?? []).slice(0, 1)])
    return `graph outputs ${JSON.stringify((m.graph.output ?? []).map((o: ModelObject) => o.name))}`
  },
  duplicateNode(m, c) {
    const n = anyNode(m, c)
    nodesOf(m).push(structuredClone(n))
    return `node ${n.name} duplicated`
  },
}

/** A hostile model: the base, the mutations applied (names, for the failure message), and its bytes. */
export type HostileModel = { base: (typeof BASES)[number]; mutations: string[]; bytes: Uint8Array }

/** The hostile model of a seed: 1–3 protobuf-level mutations of a base model, or garbled bytes. */
export function hostileModel(seed: number): HostileModel {
  const c = chooser(seed)
  const base = c.pick(BASES)
  const bytes = base.bytes()
  if (c.r() < 0.08) {
    const kind = c.pick(['truncate', 'flip', 'random'])
    const out = kind === 'random' ? Uint8Array.from({ length: 64 + c.int(4096) }, () => c.int(256)) : bytes.slice(0, kind === 'truncate' ? c.int(bytes.length) : bytes.length)
    if (kind === 'flip') for (let i = c.int(16); i < out.length; i += 1 + c.int(64)) out[i]! ^= 1 << c.int(8)
    return { base, mutations: [`${kind} bytes`], bytes: out }
  }
  const m = toObject(bytes)
  const names = Object.keys(MUTATIONS)
  const mutations = Array.from({ length: 1 + c.int(3) }, () => {
    const name = c.pick(names)
    return `${name}: ${MUTATIONS[name]!(m, c)}`
  })
  return { base, mutations, bytes: toBytes(m) }
}

/** Hostile calibration or prove-input JSON (as `JSON.parse` would return it) for a model with these inputs. */
export function hostileSamples(seed: number, inputs: readonly { name: string; size: number }[]): { what: string; json: unknown } {
  const c = chooser(seed + 1_000_003)
  const good = () => Array.from({ length: inputs[0]?.size ?? 1 }, () => c.r())
  const name = inputs[0]?.name ?? 'x'
  const cases: [string, () => unknown][] = [
    ['valid', () => ({ input_data: inputs.map((i) => Array.from({ length: i.size * 2 }, () => c.r())) })],
    ['valid by name', () => Object.fromEntries(inputs.map((i) => [i.name, Array.from({ length: i.size }, () => c.r())]))],
    ['__proto__ key', () => JSON.parse(`{"__proto__": {"${name}": ${JSON.stringify(good())}}}`)],
    ['__proto__ beside a valid entry', () => JSON.parse(`{"__proto__": {"polluted": 1}, ${JSON.stringify(name)}: ${JSON.stringify(good())}}`)],
    ['constructor key', () => JSON.parse(`{"constructor": ${JSON.stringify(good())}}`)],
    ['NaN', () => ({ input_data: [good().map((v, i) => (i === 0 ? NaN : v))] })],
    ['huge', () => ({ input_data: [good().map(() => c.pick([1e300, -1e308, 3e38]))] })],
    ['constant', () => ({ input_data: [good().map(() => 0)] })],
    ['wrong length', () => ({ input_data: [good().slice(1)] })],
    ['1000× too long', () => ({ input_data: [Array.from({ length: (inputs[0]?.size ?? 1) * 1000 + 1 }, () => 0)] })],
    ['strings', () => ({ input_data: [good().map(String)] })],
    ['nested', () => ({ input_data: [[good().map((v) => [v])]] })],
    ['null', () => null],
    ['array', () => [good()]],
    ['empty', () => ({})],
    ['input_data not an array', () => ({ input_data: 'x' })],
  ]
  const [what, make] = c.pick(cases)
  return { what, json: make() }
}
