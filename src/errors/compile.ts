/**
 * Errors of the compile pipeline (ONNX parsing, graph preparation, quantization, lowering).
 *
 * Every class stores its structured fields (op type, node name, opset, shapes) so callers can
 * narrow on `name` and inspect them, and puts the ONNX node path in `metaMessages`.
 */
import { ZkmlError } from './base.js'

/** Parameters of {@link OnnxParseError}. */
export type OnnxParseErrorParameters = {
  /** The model / tensor file being parsed, when known. */
  fileName?: string | undefined
  /** The tensor, value or node the problem is in, when known. */
  tensorName?: string | undefined
  /** The node the problem is in, when known. */
  nodeName?: string | undefined
  details?: string | undefined
  cause?: unknown
}

/**
 * The bytes are not a valid ONNX protobuf, or use a feature the parser does not support
 * (external data, string or complex tensors, sparse initializers, ...).
 */
export class OnnxParseError extends ZkmlError {
  override name = 'OnnxParseError'
  readonly fileName: string | undefined
  readonly tensorName: string | undefined
  readonly nodeName: string | undefined
  constructor(shortMessage: string, params: OnnxParseErrorParameters = {}) {
    const meta: string[] = []
    if (params.fileName !== undefined) meta.push(`File: ${params.fileName}`)
    if (params.nodeName !== undefined) meta.push(`Node: ${params.nodeName}`)
    if (params.tensorName !== undefined) meta.push(`Tensor: ${params.tensorName}`)
    super(shortMessage, {
      metaMessages: meta.length ? meta : undefined,
      details: params.details,
      cause: params.cause,
      docsPath: 'README.md#supported-onnx',
    })
    this.fileName = params.fileName
    this.tensorName = params.tensorName
    this.nodeName = params.nodeName
  }
}
export type OnnxParseErrorType = OnnxParseError & { name: 'OnnxParseError' }

/** Parameters of {@link UnsupportedOpError}. */
export type UnsupportedOpErrorParameters = {
  opType: string
  nodeName: string
  opset: number
  /** Why this particular use is unsupported (attribute value, dynamic input, rank...). */
  reason?: string | undefined
  /** The operator list shown in the message; defaults to none. */
  supportedOps?: readonly string[] | undefined
}

/** A node uses an operator, operator domain or operator form the compiler does not support. */
export class UnsupportedOpError extends ZkmlError {
  override name = 'UnsupportedOpError'
  readonly opType: string
  readonly nodeName: string
  readonly opset: number
  readonly reason: string | undefined
  constructor({ opType, nodeName, opset, reason, supportedOps }: UnsupportedOpErrorParameters) {
    const meta = [`Node: ${nodeName} (${opType}, opset ${opset})`]
    if (supportedOps?.length) meta.push(`Supported ops: ${supportedOps.join(', ')}`)
    super(
      reason === undefined
        ? `Unsupported ONNX operator "${opType}" in node "${nodeName}".`
        : `Unsupported use of ONNX operator "${opType}" in node "${nodeName}": ${reason}`,
      { metaMessages: meta, docsPath: 'README.md#supported-onnx' },
    )
    this.opType = opType
    this.nodeName = nodeName
    this.opset = opset
    this.reason = reason
  }
}
export type UnsupportedOpErrorType = UnsupportedOpError & { name: 'UnsupportedOpError' }

/** The model's default-domain opset is outside the range the compiler implements. */
export class UnsupportedOpsetError extends ZkmlError {
  override name = 'UnsupportedOpsetError'
  readonly opset: number
  readonly minOpset: number
  readonly maxOpset: number
  constructor({ opset, minOpset, maxOpset }: { opset: number; minOpset: number; maxOpset: number }) {
    super(`Unsupported ONNX opset ${opset}: supported opsets are ${minOpset} to ${maxOpset}.`, {
      docsPath: 'README.md#supported-onnx',
    })
    this.opset = opset
    this.minOpset = minOpset
    this.maxOpset = maxOpset
  }
}
export type UnsupportedOpsetErrorType = UnsupportedOpsetError & { name: 'UnsupportedOpsetError' }

/** Parameters of {@link ShapeMismatchError}. */
export type ShapeMismatchErrorParameters = {
  opType: string
  nodeName: string
  /** The shapes involved (input shapes, or expected vs actual), in the order the message names them. */
  shapes: readonly (readonly (number | string)[])[]
  /** What is wrong, e.g. `inner dimensions differ (3 vs 4)`. */
  reason: string
}

/** Tensor shapes are incompatible for an operator (or with the model's declared shapes). */
export class ShapeMismatchError extends ZkmlError {
  override name = 'ShapeMismatchError'
  readonly opType: string
  readonly nodeName: string
  readonly shapes: readonly (readonly (number | string)[])[]
  constructor({ opType, nodeName, shapes, reason }: ShapeMismatchErrorParameters) {
    super(`Shape mismatch in ${opType} node "${nodeName}": ${reason}`, {
      metaMessages: [`Node: ${nodeName} (${opType})`, `Shapes: ${shapes.map((s) => `[${s.join(',')}]`).join(' ')}`],
      docsPath: 'README.md#supported-onnx',
    })
    this.opType = opType
    this.nodeName = nodeName
    this.shapes = shapes
  }
}
export type ShapeMismatchErrorType = ShapeMismatchError & { name: 'ShapeMismatchError' }

// NOTE: QuantizationOverflowError and other quantizer / lowering errors are added below by the lead.
