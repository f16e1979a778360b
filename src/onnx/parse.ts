/**
 * ONNX protobuf bytes → graph IR ({@link Graph}).
 *
 * Only the default operator domain (`''` / `ai.onnx`) is accepted; a node in any other domain
 * raises {@link UnsupportedOpError}. Model inputs that are also initializers (IR version < 4
 * models list weights as inputs) are not model inputs. Opset range checks happen in
 * `prepareGraph`, so that any parseable model can be inspected and re-written.
 */
import { OnnxParseError, UnsupportedOpError } from '../errors/compile.js'
import { dtypeFromCode, onnxTypeName } from './dtypes.js'
import type { Attribute, Dim, Graph, Node, Tensor, ValueInfo } from './ir.js'
import { longToNumber, onnxType } from './schema.js'
import type { OnnxAttributeMessage, OnnxModelMessage, OnnxTensorMessage, OnnxValueInfoMessage } from './schema.js'
import { tensorFromMessage } from './tensorProto.js'
import { nullRecord } from '../utils/records.js'

/** Parameters of {@link parseOnnx}. */
export type ParseOnnxParameters = {
  /** The serialized `onnx.ModelProto`. */
  bytes: Uint8Array
  /** Shown in error messages. */
  fileName?: string | undefined
}
export type ParseOnnxReturnType = Graph
export type ParseOnnxErrorType = OnnxParseError | UnsupportedOpError

/** ONNX attribute type codes (AttributeProto.AttributeType). */
const ATTR_TYPE_NAMES: Record<number, string> = {
  1: 'FLOAT', 2: 'INT', 3: 'STRING', 4: 'TENSOR', 5: 'GRAPH', 6: 'FLOATS', 7: 'INTS', 8: 'STRINGS',
  9: 'TENSORS', 10: 'GRAPHS', 11: 'SPARSE_TENSOR', 12: 'SPARSE_TENSORS', 13: 'TYPE_PROTO', 14: 'TYPE_PROTOS',
}

const utf8 = new TextDecoder()

/**
 * Parses an ONNX model into the graph IR.
 * @param parameters {@link ParseOnnxParameters}
 * @returns the graph ({@link Graph}); node names are unique, synthesized as `${opType}_${index}` when empty
 * @throws {OnnxParseError} malformed protobuf, missing graph, external data, unsupported tensor dtype
 * @throws {UnsupportedOpError} a node outside the default ONNX domain
 * @example
 * import { parseOnnx } from '@zkml/web/compiler'
 * const graph = parseOnnx({ bytes: new Uint8Array(await (await fetch('/model.onnx')).arrayBuffer()) })
 * console.log(graph.opset, graph.inputs, graph.nodes.map((n) => n.opType))
 */
export function parseOnnx({ bytes, fileName }: ParseOnnxParameters): ParseOnnxReturnType {
  let model: OnnxModelMessage
  try {
    model = onnxType('ModelProto').decode(bytes) as unknown as OnnxModelMessage
  } catch (cause) {
    throw new OnnxParseError('Invalid ONNX model: the bytes are not a ModelProto.', { fileName, cause })
  }
  const g = model.graph
  if (!g) throw new OnnxParseError('Invalid ONNX model: no graph.', { fileName })
  if (g.sparse_initializer?.length) throw new OnnxParseError('Sparse initializers are not supported.', { fileName })

  let opset: number | undefined
  for (const imp of model.opset_import ?? []) {
    if (!imp.domain || imp.domain === 'ai.onnx') opset = longToNumber(imp.version)
  }
  // IR version 1-2 models without opset_import implicitly use opset 1.
  if (opset === undefined) opset = 1

  const initializers = new Map<string, Tensor>()
  for (const t of g.initializer ?? []) {
    const name = t.name ?? ''
    if (!name) throw new OnnxParseError('Initializer without a name.', { fileName })
    initializers.set(name, tensorFromMessage(t, { fileName, tensorName: name }))
  }

  const inputs = (g.input ?? []).filter((v) => !initializers.has(v.name ?? '')).map((v) => valueInfo(v, fileName))
  const outputs = (g.output ?? []).map((v) => valueInfo(v, fileName))

  const used = new Set<string>()
  const nodes: Node[] = (g.node ?? []).map((n, index) => {
    const opType = n.op_type ?? ''
    let name = n.name || `${opType}_${index}`
    for (let k = 1; used.has(name); k++) name = `${n.name || `${opType}_${index}`}_${k}`
    used.add(name)
    if (n.domain && n.domain !== 'ai.onnx')
      throw new UnsupportedOpError({ opType, nodeName: name, opset, reason: `operator domain "${n.domain}" is not supported (only the default ONNX domain)` })
    const attributes = nullRecord<Attribute>() // any name, `__proto__` included, is an ordinary key
    for (const a of n.attribute ?? []) attributes[a.name ?? ''] = attribute(a, name, fileName)
    return { opType, name, inputs: [...(n.input ?? [])], outputs: [...(n.output ?? [])], attributes }
  })

  const producer = [model.producer_name, model.producer_version].filter(Boolean).join(' ')
  return {
    opset,
    ...(producer ? { producer } : {}),
    ...(g.name ? { name: g.name } : {}),
    inputs,
    outputs,
    initializers,
    nodes,
  }
}

/**
 * Parses a serialized `onnx.TensorProto` (the `.pb` files of the ONNX backend test suite).
 * @param parameters.bytes the serialized TensorProto
 * @param parameters.fileName shown in error messages
 * @returns the tensor and its name (`''` when unnamed)
 * @throws {OnnxParseError} malformed bytes, external data, unsupported dtype
 * @example
 * const { name, tensor } = parseTensorProto({ bytes: readFileSync('input_0.pb') })
 */
export function parseTensorProto({ bytes, fileName }: { bytes: Uint8Array; fileName?: string | undefined }): {
  name: string
  tensor: Tensor
} {
  let msg: OnnxTensorMessage
  try {
    msg = onnxType('TensorProto').decode(bytes) as unknown as OnnxTensorMessage
  } catch (cause) {
    throw new OnnxParseError('Invalid TensorProto bytes.', { fileName, cause })
  }
  return { name: msg.name ?? '', tensor: tensorFromMessage(msg, { fileName }) }
}

function valueInfo(v: OnnxValueInfoMessage, fileName: string | undefined): ValueInfo {
  const name = v.name ?? ''
  const tt = v.type?.tensor_type
  if (!tt) throw new OnnxParseError(`Value "${name}" is not a tensor (sequence, map and optional types are not supported).`, { fileName, tensorName: name })
  const code = tt.elem_type ?? 0
  const dtype = dtypeFromCode(code)
  if (dtype === undefined) throw new OnnxParseError(`Unsupported data type ${onnxTypeName(code)} of value "${name}".`, { fileName, tensorName: name })
  if (!tt.shape) return { name, dtype }
  const shape: Dim[] = (tt.shape.dim ?? []).map((d) =>
    has(d, 'dim_value') ? longToNumber(d.dim_value) : (d.dim_param ?? ''),
  )
  return { name, dtype, shape }
}

function attribute(a: OnnxAttributeMessage, nodeName: string, fileName: string | undefined): Attribute {
  const type = a.type || inferAttrType(a)
  switch (type) {
    case 1:
      return { type: 'float', value: a.f ?? 0 }
    case 2:
      return { type: 'int', value: longToNumber(a.i) }
    case 3:
      return { type: 'string', value: utf8.decode(a.s ?? new Uint8Array()) }
    case 4:
      return { type: 'tensor', value: tensorFromMessage(a.t ?? {}, { fileName, tensorName: `${nodeName}.${a.name}` }) }
    case 6:
      return { type: 'floats', value: [...(a.floats ?? [])] }
    case 7:
      return { type: 'ints', value: (a.ints ?? []).map((x) => longToNumber(x)) }
    case 8:
      return { type: 'strings', value: (a.strings ?? []).map((s) => utf8.decode(s)) }
    default:
      return { type: 'unsupported', onnxType: ATTR_TYPE_NAMES[type] ?? `type ${type}` }
  }
}

/** Old (IR < 3) models leave AttributeProto.type unset: infer it from the field that is present. */
function inferAttrType(a: OnnxAttributeMessage): number {
  if (has(a, 'f')) return 1
  if (has(a, 'i')) return 2
  if (has(a, 's')) return 3
  if (a.t) return 4
  if (a.g) return 5
  if (a.floats?.length) return 6
  if (a.ints?.length) return 7
  if (a.strings?.length) return 8
  if (a.tensors?.length) return 9
  if (a.graphs?.length) return 10
  return 0
}

/** True when a decoded message field is set (protobufjs puts defaults on the prototype). */
function has(msg: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(msg, key) && (msg as Record<string, unknown>)[key] != null
}
