/**
 * Conversion between decoded `onnx.TensorProto` messages and IR {@link Tensor}s.
 *
 * Reading accepts every storage form of onnx.proto: `raw_data` (little-endian) and the typed
 * fields (`float_data`, `int32_data` for int8/16/32, uint8/16, bool, float16 and bfloat16 bits,
 * `int64_data`, `double_data`, `uint64_data` for uint32/64). Writing always uses `raw_data`.
 */
import { OnnxParseError } from '../errors/compile.js'
import { DTYPE_BYTES, DTYPE_CODES, dtypeFromCode, onnxTypeName } from './dtypes.js'
import type { DType, Tensor } from './ir.js'
import { MAX_TENSOR_ELEMENTS, checkedShapeSize } from './ir.js'
import { longToBigInt, longToNumber } from './schema.js'
import type { Int64Like, OnnxTensorMessage } from './schema.js'

/** Context for error messages. */
type Where = { fileName?: string | undefined; tensorName?: string | undefined }

/**
 * Converts a decoded TensorProto into a tensor.
 * @throws {OnnxParseError} external data, segments, unsupported dtype, or a data length that does not match the dims
 */
export function tensorFromMessage(msg: OnnxTensorMessage, where: Where = {}): Tensor {
  const name = msg.name || where.tensorName
  const err = (m: string, details?: string) =>
    new OnnxParseError(m, { fileName: where.fileName, tensorName: name, details })
  if (msg.data_location === 1 || (msg.external_data && msg.external_data.length > 0))
    throw err('External tensor data is not supported.', 'Re-export the model with the weights embedded (save_as_external_data=False).')
  if (msg.segment) throw err('Segmented tensors are not supported.')
  const code = msg.data_type ?? 0
  const dtype = dtypeFromCode(code)
  if (dtype === undefined) throw err(`Unsupported tensor data type ${onnxTypeName(code)}.`)
  const dims = (msg.dims ?? []).map((d) => longToNumber(d))
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) throw err(`Invalid tensor dims [${dims.join(',')}].`)
  // Sizes are checked against the limit and the data actually present before anything is allocated.
  const size = checkedShapeSize(dims)
  if (size === undefined) throw err(`Tensor dims [${dims.join(',')}] hold more than ${MAX_TENSOR_ELEMENTS} elements (the limit).`)
  const raw = msg.raw_data
  if (raw && raw.length > 0) {
    const bytes = DTYPE_BYTES[dtype]
    if (raw.length !== size * bytes)
      throw err(`Tensor raw_data has ${raw.length} bytes; dims [${dims.join(',')}] of ${dtype} need ${size * bytes}.`)
    const data = new Float64Array(size)
    decodeRaw(dtype, new DataView(raw.buffer, raw.byteOffset, raw.byteLength), data)
    return { dtype, dims, data }
  }
  const typed = typedField(dtype, msg)
  if (typed.length !== size)
    throw err(`Tensor has ${typed.length} data elements; dims [${dims.join(',')}] need ${size}.`)
  const data = new Float64Array(size)
  for (let i = 0; i < size; i++) {
    const v = typed[i]!
    if (dtype === 'float16') data[i] = halfToFloat(Number(v) & 0xffff)
    else if (dtype === 'bfloat16') data[i] = bfloat16ToFloat(Number(v) & 0xffff)
    else if (typeof v === 'number') data[i] = dtype === 'bool' ? (v ? 1 : 0) : v
    else data[i] = Number(dtype === 'uint64' || dtype === 'uint32' ? BigInt.asUintN(64, longToBigInt(v)) : longToBigInt(v))
  }
  return { dtype, dims, data }
}

function typedField(dtype: DType, msg: OnnxTensorMessage): readonly (number | Int64Like)[] {
  switch (dtype) {
    case 'float32':
      return msg.float_data ?? []
    case 'float64':
      return msg.double_data ?? []
    case 'int64':
      return msg.int64_data ?? []
    case 'uint32':
    case 'uint64':
      return msg.uint64_data ?? []
    default:
      return msg.int32_data ?? []
  }
}

function decodeRaw(dtype: DType, view: DataView, out: Float64Array): void {
  const n = out.length
  switch (dtype) {
    case 'float32':
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true)
      return
    case 'float64':
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(i * 8, true)
      return
    case 'float16':
      for (let i = 0; i < n; i++) out[i] = halfToFloat(view.getUint16(i * 2, true))
      return
    case 'bfloat16':
      for (let i = 0; i < n; i++) out[i] = bfloat16ToFloat(view.getUint16(i * 2, true))
      return
    case 'int8':
      for (let i = 0; i < n; i++) out[i] = view.getInt8(i)
      return
    case 'uint8':
      for (let i = 0; i < n; i++) out[i] = view.getUint8(i)
      return
    case 'bool':
      for (let i = 0; i < n; i++) out[i] = view.getUint8(i) ? 1 : 0
      return
    case 'int16':
      for (let i = 0; i < n; i++) out[i] = view.getInt16(i * 2, true)
      return
    case 'uint16':
      for (let i = 0; i < n; i++) out[i] = view.getUint16(i * 2, true)
      return
    case 'int32':
      for (let i = 0; i < n; i++) out[i] = view.getInt32(i * 4, true)
      return
    case 'uint32':
      for (let i = 0; i < n; i++) out[i] = view.getUint32(i * 4, true)
      return
    case 'int64':
      for (let i = 0; i < n; i++) out[i] = Number(view.getBigInt64(i * 8, true))
      return
    case 'uint64':
      for (let i = 0; i < n; i++) out[i] = Number(view.getBigUint64(i * 8, true))
      return
  }
}

/**
 * Converts a tensor into a TensorProto message (data in `raw_data`, little-endian).
 * Integers are rounded and saturated to their dtype's range; float16/bfloat16 are rounded to nearest even.
 */
export function tensorToMessage(tensor: Tensor, name?: string): OnnxTensorMessage {
  const { dtype, dims, data } = tensor
  const bytes = DTYPE_BYTES[dtype]
  const raw = new Uint8Array(data.length * bytes)
  const view = new DataView(raw.buffer)
  const n = data.length
  switch (dtype) {
    case 'float32':
      for (let i = 0; i < n; i++) view.setFloat32(i * 4, data[i]!, true)
      break
    case 'float64':
      for (let i = 0; i < n; i++) view.setFloat64(i * 8, data[i]!, true)
      break
    case 'float16':
      for (let i = 0; i < n; i++) view.setUint16(i * 2, floatToHalf(data[i]!), true)
      break
    case 'bfloat16':
      for (let i = 0; i < n; i++) view.setUint16(i * 2, floatToBfloat16(data[i]!), true)
      break
    case 'int8':
      for (let i = 0; i < n; i++) view.setInt8(i, sat(data[i]!, -128, 127))
      break
    case 'uint8':
      for (let i = 0; i < n; i++) view.setUint8(i, sat(data[i]!, 0, 255))
      break
    case 'bool':
      for (let i = 0; i < n; i++) view.setUint8(i, data[i] ? 1 : 0)
      break
    case 'int16':
      for (let i = 0; i < n; i++) view.setInt16(i * 2, sat(data[i]!, -32768, 32767), true)
      break
    case 'uint16':
      for (let i = 0; i < n; i++) view.setUint16(i * 2, sat(data[i]!, 0, 65535), true)
      break
    case 'int32':
      for (let i = 0; i < n; i++) view.setInt32(i * 4, sat(data[i]!, -2147483648, 2147483647), true)
      break
    case 'uint32':
      for (let i = 0; i < n; i++) view.setUint32(i * 4, sat(data[i]!, 0, 4294967295), true)
      break
    case 'int64':
      for (let i = 0; i < n; i++) view.setBigInt64(i * 8, satBig(data[i]!, -(2n ** 63n), 2n ** 63n - 1n), true)
      break
    case 'uint64':
      for (let i = 0; i < n; i++) view.setBigUint64(i * 8, satBig(data[i]!, 0n, 2n ** 64n - 1n), true)
      break
  }
  const msg: OnnxTensorMessage = { dims: [...dims], data_type: DTYPE_CODES[dtype], raw_data: raw }
  if (name !== undefined) msg.name = name
  return msg
}

function sat(v: number, lo: number, hi: number): number {
  const r = Math.round(v)
  return r < lo ? lo : r > hi ? hi : Number.isNaN(r) ? 0 : r
}

function satBig(v: number, lo: bigint, hi: bigint): bigint {
  if (Number.isNaN(v)) return 0n
  if (v === Infinity) return hi
  if (v === -Infinity) return lo
  const r = BigInt(Math.round(v))
  return r < lo ? lo : r > hi ? hi : r
}

/** IEEE 754 half-precision bits → number. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1
  const exp = (h >> 10) & 0x1f
  const frac = h & 0x3ff
  if (exp === 0) return sign * frac * 2 ** -24
  if (exp === 31) return frac ? NaN : sign * Infinity
  return sign * (1 + frac / 1024) * 2 ** (exp - 15)
}

/** number → IEEE 754 half-precision bits (round to nearest even). */
export function floatToHalf(v: number): number {
  if (Number.isNaN(v)) return 0x7e00
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0
  const a = Math.abs(v)
  if (a >= 65520) return sign | 0x7c00
  if (a < 2 ** -14) return sign | roundEven(a / 2 ** -24) // subnormal (may round up to the smallest normal)
  let e = Math.floor(Math.log2(a))
  if (2 ** e > a) e -= 1
  else if (2 ** (e + 1) <= a) e += 1
  const m = roundEven((a / 2 ** e - 1) * 1024)
  return m === 1024 ? sign | ((e + 16) << 10) : sign | ((e + 15) << 10) | m
}

/** bfloat16 bits → number. */
export function bfloat16ToFloat(b: number): number {
  const view = new DataView(new ArrayBuffer(4))
  view.setUint32(0, b << 16)
  return view.getFloat32(0)
}

/** number → bfloat16 bits (round to nearest even). */
export function floatToBfloat16(v: number): number {
  const view = new DataView(new ArrayBuffer(4))
  view.setFloat32(0, v)
  const bits = view.getUint32(0)
  if (Number.isNaN(v)) return 0x7fc0
  return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff
}

function roundEven(x: number): number {
  const f = Math.floor(x)
  const d = x - f
  return d > 0.5 || (d === 0.5 && f % 2 === 1) ? f + 1 : f
}
