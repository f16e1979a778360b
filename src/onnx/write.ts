/**
 * Graph IR → ONNX protobuf bytes, the inverse of {@link parseOnnx}.
 *
 * Tensors are written with `raw_data`; initializers are not repeated as graph inputs; the IR
 * version is the lowest one (at least 7) that the graph's opset needs.
 */
import { DTYPE_CODES } from './dtypes.js'
import type { Attribute, Graph, Tensor, ValueInfo } from './ir.js'
import { onnxType } from './schema.js'
import type { OnnxAttributeMessage, OnnxModelMessage, OnnxValueInfoMessage } from './schema.js'
import { tensorToMessage } from './tensorProto.js'

/** Parameters of {@link writeOnnx}. */
export type WriteOnnxParameters = {
  graph: Graph
  /** `producer_name`; defaults to the graph's `producer` or `@zkml/web`. */
  producerName?: string | undefined
}

/** Lowest IR version for each opset (from the ONNX versioning table). */
function irVersionFor(opset: number): number {
  if (opset >= 25) return 13
  if (opset >= 24) return 12
  if (opset >= 23) return 11
  if (opset >= 21) return 10
  if (opset >= 19) return 9
  if (opset >= 15) return 8
  return 7
}

const utf8 = new TextEncoder()

/**
 * Serializes a graph as an ONNX ModelProto.
 * @param parameters {@link WriteOnnxParameters}
 * @returns the model bytes
 * @example
 * import { parseOnnx, writeOnnx } from '@zkml/web/compiler'
 * const bytes = writeOnnx({ graph: parseOnnx({ bytes: original }) })
 */
export function writeOnnx({ graph, producerName }: WriteOnnxParameters): Uint8Array {
  const model: OnnxModelMessage = {
    ir_version: irVersionFor(graph.opset),
    opset_import: [{ domain: '', version: graph.opset }],
    producer_name: producerName ?? graph.producer ?? '@zkml/web',
    graph: {
      name: graph.name ?? 'graph',
      node: graph.nodes.map((n) => ({
        name: n.name,
        op_type: n.opType,
        input: [...n.inputs],
        output: [...n.outputs],
        attribute: Object.entries(n.attributes).flatMap(([name, a]) => {
          const m = attributeMessage(name, a)
          return m ? [m] : []
        }),
      })),
      initializer: [...graph.initializers].map(([name, t]) => tensorToMessage(t, name)),
      input: graph.inputs.map(valueInfoMessage),
      output: graph.outputs.map(valueInfoMessage),
    },
  }
  const type = onnxType('ModelProto')
  return type.encode(type.fromObject(model)).finish()
}

/**
 * Serializes a tensor as an `onnx.TensorProto` (the format of the backend-test `.pb` files).
 * @param parameters.tensor the tensor
 * @param parameters.name stored in `TensorProto.name`
 * @returns the bytes
 */
export function writeTensorProto({ tensor, name }: { tensor: Tensor; name?: string | undefined }): Uint8Array {
  const type = onnxType('TensorProto')
  return type.encode(type.fromObject(tensorToMessage(tensor, name))).finish()
}

function valueInfoMessage(v: ValueInfo): OnnxValueInfoMessage {
  return {
    name: v.name,
    type: {
      tensor_type: {
        elem_type: DTYPE_CODES[v.dtype],
        ...(v.shape
          ? { shape: { dim: v.shape.map((d) => (typeof d === 'number' ? { dim_value: d } : d ? { dim_param: d } : {})) } }
          : {}),
      },
    },
  }
}

function attributeMessage(name: string, a: Attribute): OnnxAttributeMessage | undefined {
  switch (a.type) {
    case 'float':
      return { name, type: 1, f: a.value }
    case 'int':
      return { name, type: 2, i: a.value }
    case 'string':
      return { name, type: 3, s: utf8.encode(a.value) }
    case 'tensor':
      return { name, type: 4, t: tensorToMessage(a.value) }
    case 'floats':
      return { name, type: 6, floats: [...a.value] }
    case 'ints':
      return { name, type: 7, ints: [...a.value] }
    case 'strings':
      return { name, type: 8, strings: a.value.map((s) => utf8.encode(s)) }
    case 'unsupported':
      // Graph / sparse-tensor / type-proto attributes are not kept by the parser and cannot be written.
      return undefined
  }
}
