/**
 * ONNX `TensorProto.DataType` codes ↔ {@link DType} names, and element byte sizes.
 * Codes are from onnx.proto (FLOAT = 1, UINT8 = 2, ... BFLOAT16 = 16).
 */
import type { DType } from './ir.js'

/** ONNX data type code of each supported dtype. */
export const DTYPE_CODES: Readonly<Record<DType, number>> = {
  float32: 1,
  uint8: 2,
  int8: 3,
  uint16: 4,
  int16: 5,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
  float64: 11,
  uint32: 12,
  uint64: 13,
  bfloat16: 16,
}

/** Names of ONNX data type codes the IR does not represent (for error messages). */
const UNSUPPORTED_CODE_NAMES: Readonly<Record<number, string>> = {
  0: 'UNDEFINED',
  8: 'STRING',
  14: 'COMPLEX64',
  15: 'COMPLEX128',
  17: 'FLOAT8E4M3FN',
  18: 'FLOAT8E4M3FNUZ',
  19: 'FLOAT8E5M2',
  20: 'FLOAT8E5M2FNUZ',
  21: 'UINT4',
  22: 'INT4',
  23: 'FLOAT4E2M1',
}

const CODE_TO_DTYPE = new Map<number, DType>(Object.entries(DTYPE_CODES).map(([k, v]) => [v, k as DType]))

/** Byte size of one element in `raw_data`. */
export const DTYPE_BYTES: Readonly<Record<DType, number>> = {
  float32: 4,
  float64: 8,
  float16: 2,
  bfloat16: 2,
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  uint64: 8,
  bool: 1,
}

/** Maps an ONNX data type code to a dtype, or undefined when unsupported. */
export function dtypeFromCode(code: number): DType | undefined {
  return CODE_TO_DTYPE.get(code)
}

/** Human-readable name of an ONNX data type code (`FLOAT`, `STRING`, `code 99`). */
export function onnxTypeName(code: number): string {
  const d = CODE_TO_DTYPE.get(code)
  if (d !== undefined) return d.toUpperCase()
  return UNSUPPORTED_CODE_NAMES[code] ?? `code ${code}`
}

/** True for the integer dtypes (bool excluded). */
export function isIntegerDType(dtype: DType): boolean {
  return dtype.startsWith('int') || dtype.startsWith('uint')
}
