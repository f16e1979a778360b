/**
 * The subset of `onnx.proto` (proto2, package `onnx`) the front end reads and writes, as a
 * protobufjs JSON descriptor. Field numbers are those of onnx.proto; messages the compiler
 * never needs (training info, functions, sequence/map types, ...) are left out, so their fields
 * are skipped as unknown fields when decoding.
 *
 * Repeated numeric fields carry an explicit `packed` option, matching onnx.proto: tensor data
 * fields are `[packed = true]`, attribute lists (`floats`, `ints`) and `dims` are not.
 * `int64` fields decode to `Long` objects or numbers depending on the protobufjs build; use
 * {@link longToNumber} / {@link longToBigInt}.
 */
import protobuf from 'protobufjs/light.js'

const packed = { packed: true }
const expanded = { packed: false }

/** The JSON descriptor (package `onnx`). */
export const ONNX_SCHEMA_JSON = {
  nested: {
    onnx: {
      nested: {
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            ref_attr_name: { type: 'string', id: 21 },
            doc_string: { type: 'string', id: 13 },
            type: { type: 'int32', id: 20 },
            f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 },
            s: { type: 'bytes', id: 4 },
            t: { type: 'TensorProto', id: 5 },
            g: { type: 'GraphProto', id: 6 },
            floats: { rule: 'repeated', type: 'float', id: 7, options: expanded },
            ints: { rule: 'repeated', type: 'int64', id: 8, options: expanded },
            strings: { rule: 'repeated', type: 'bytes', id: 9 },
            tensors: { rule: 'repeated', type: 'TensorProto', id: 10 },
            graphs: { rule: 'repeated', type: 'GraphProto', id: 11 },
          },
        },
        ValueInfoProto: {
          fields: {
            name: { type: 'string', id: 1 },
            type: { type: 'TypeProto', id: 2 },
            doc_string: { type: 'string', id: 3 },
          },
        },
        NodeProto: {
          fields: {
            input: { rule: 'repeated', type: 'string', id: 1 },
            output: { rule: 'repeated', type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            op_type: { type: 'string', id: 4 },
            domain: { type: 'string', id: 7 },
            attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
            doc_string: { type: 'string', id: 6 },
          },
        },
        ModelProto: {
          fields: {
            ir_version: { type: 'int64', id: 1 },
            opset_import: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
            producer_name: { type: 'string', id: 2 },
            producer_version: { type: 'string', id: 3 },
            domain: { type: 'string', id: 4 },
            model_version: { type: 'int64', id: 5 },
            doc_string: { type: 'string', id: 6 },
            graph: { type: 'GraphProto', id: 7 },
            metadata_props: { rule: 'repeated', type: 'StringStringEntryProto', id: 14 },
          },
        },
        StringStringEntryProto: {
          fields: {
            key: { type: 'string', id: 1 },
            value: { type: 'string', id: 2 },
          },
        },
        GraphProto: {
          fields: {
            node: { rule: 'repeated', type: 'NodeProto', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
            sparse_initializer: { rule: 'repeated', type: 'SparseTensorProto', id: 15 },
            doc_string: { type: 'string', id: 10 },
            input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
            output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
            value_info: { rule: 'repeated', type: 'ValueInfoProto', id: 13 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: 'repeated', type: 'int64', id: 1, options: expanded },
            data_type: { type: 'int32', id: 2 },
            segment: { type: 'Segment', id: 3 },
            float_data: { rule: 'repeated', type: 'float', id: 4, options: packed },
            int32_data: { rule: 'repeated', type: 'int32', id: 5, options: packed },
            string_data: { rule: 'repeated', type: 'bytes', id: 6 },
            int64_data: { rule: 'repeated', type: 'int64', id: 7, options: packed },
            name: { type: 'string', id: 8 },
            doc_string: { type: 'string', id: 12 },
            raw_data: { type: 'bytes', id: 9 },
            external_data: { rule: 'repeated', type: 'StringStringEntryProto', id: 13 },
            /** DataLocation: 0 = DEFAULT, 1 = EXTERNAL. */
            data_location: { type: 'int32', id: 14 },
            double_data: { rule: 'repeated', type: 'double', id: 10, options: packed },
            uint64_data: { rule: 'repeated', type: 'uint64', id: 11, options: packed },
          },
          nested: {
            Segment: {
              fields: {
                begin: { type: 'int64', id: 1 },
                end: { type: 'int64', id: 2 },
              },
            },
          },
        },
        SparseTensorProto: {
          fields: {
            values: { type: 'TensorProto', id: 1 },
            indices: { type: 'TensorProto', id: 2 },
            dims: { rule: 'repeated', type: 'int64', id: 3, options: expanded },
          },
        },
        TensorShapeProto: {
          fields: {
            dim: { rule: 'repeated', type: 'Dimension', id: 1 },
          },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ['dim_value', 'dim_param'] } },
              fields: {
                dim_value: { type: 'int64', id: 1 },
                dim_param: { type: 'string', id: 2 },
                denotation: { type: 'string', id: 3 },
              },
            },
          },
        },
        TypeProto: {
          fields: {
            tensor_type: { type: 'Tensor', id: 1 },
            denotation: { type: 'string', id: 6 },
          },
          nested: {
            Tensor: {
              fields: {
                elem_type: { type: 'int32', id: 1 },
                shape: { type: 'TensorShapeProto', id: 2 },
              },
            },
          },
        },
        OperatorSetIdProto: {
          fields: {
            domain: { type: 'string', id: 1 },
            version: { type: 'int64', id: 2 },
          },
        },
      },
    },
  },
} as const

/** An int64 as protobufjs decodes it: a number, a `Long`-like object, or a decimal string. */
export type Int64Like = number | string | { toString(): string; low: number; high: number; unsigned?: boolean }

/** Decoded shapes of the messages (only the fields the front end uses). */
export type OnnxAttributeMessage = {
  name?: string
  type?: number
  f?: number
  i?: Int64Like
  s?: Uint8Array
  t?: OnnxTensorMessage
  g?: unknown
  floats?: number[]
  ints?: Int64Like[]
  strings?: Uint8Array[]
  tensors?: OnnxTensorMessage[]
  graphs?: unknown[]
}
export type OnnxTensorMessage = {
  dims?: Int64Like[]
  data_type?: number
  segment?: unknown
  float_data?: number[]
  int32_data?: number[]
  string_data?: Uint8Array[]
  int64_data?: Int64Like[]
  name?: string
  raw_data?: Uint8Array
  external_data?: { key?: string; value?: string }[]
  data_location?: number
  double_data?: number[]
  uint64_data?: Int64Like[]
}
export type OnnxDimensionMessage = { dim_value?: Int64Like; dim_param?: string }
export type OnnxValueInfoMessage = {
  name?: string
  type?: { tensor_type?: { elem_type?: number; shape?: { dim?: OnnxDimensionMessage[] } } }
}
export type OnnxNodeMessage = {
  input?: string[]
  output?: string[]
  name?: string
  op_type?: string
  domain?: string
  attribute?: OnnxAttributeMessage[]
}
export type OnnxGraphMessage = {
  node?: OnnxNodeMessage[]
  name?: string
  initializer?: OnnxTensorMessage[]
  sparse_initializer?: unknown[]
  input?: OnnxValueInfoMessage[]
  output?: OnnxValueInfoMessage[]
}
export type OnnxModelMessage = {
  ir_version?: Int64Like
  opset_import?: { domain?: string; version?: Int64Like }[]
  producer_name?: string
  producer_version?: string
  graph?: OnnxGraphMessage
}

let root: protobuf.Root | undefined

/**
 * Returns the protobufjs type of an ONNX message, building the schema on first use.
 * @param name message name without the package, e.g. `ModelProto`
 * @example
 * const model = onnxType('ModelProto').decode(bytes)
 */
export function onnxType(name: 'ModelProto' | 'TensorProto'): protobuf.Type {
  root ??= protobuf.Root.fromJSON(ONNX_SCHEMA_JSON as unknown as protobuf.INamespace)
  return root.lookupType(`onnx.${name}`)
}

/** Converts a decoded int64 to a JS number (exact up to 2^53). */
export function longToNumber(v: Int64Like | undefined): number {
  if (v === undefined) return 0
  if (typeof v === 'number') return v
  if (typeof v === 'string') return Number(v)
  return Number(longToBigInt(v))
}

/** Converts a decoded int64 to a bigint, exactly. */
export function longToBigInt(v: Int64Like | undefined): bigint {
  if (v === undefined) return 0n
  if (typeof v === 'number') return BigInt(v)
  if (typeof v === 'string') return BigInt(v)
  const lo = BigInt(v.low >>> 0)
  const hi = BigInt(v.high >>> 0)
  const u = (hi << 32n) | lo
  return v.unsigned ? u : BigInt.asIntN(64, u)
}
