import { ZkmlError } from './base.js'

/** A value's worst-case range needs more bits than the circuit (or the integer executor) allows. */
export class QuantizationOverflowError extends ZkmlError {
  override name = 'QuantizationOverflowError'
  readonly where: string
  readonly bits: number
  readonly limit: number
  constructor({ where, bits, limit, hint }: { where: string; bits: number; limit: number; hint?: string }) {
    super(`Value range at ${where} needs ${bits} bits; the limit is ${limit}.`, {
      details: hint ?? 'Lower the weight or activation bit widths, or narrow the calibrated input range.',
    })
    this.where = where
    this.bits = bits
    this.limit = limit
  }
}
export type QuantizationOverflowErrorType = QuantizationOverflowError & { name: 'QuantizationOverflowError' }

/** The calibration data cannot be used (wrong shape, empty, non-finite). */
export class CalibrationError extends ZkmlError {
  override name = 'CalibrationError'
  constructor(shortMessage: string, opts: { metaMessages?: string[]; cause?: unknown } = {}) {
    super(shortMessage, opts)
  }
}
export type CalibrationErrorType = CalibrationError & { name: 'CalibrationError' }

/** The circuit grows past the constraint budget (the caller's, or the largest BN254 domain). */
export class CircuitTooLargeError extends ZkmlError {
  override name = 'CircuitTooLargeError'
  readonly limit: number
  constructor({ limit }: { limit: number }) {
    super(`The circuit needs more than ${limit} constraints.`, {
      details: 'Use a smaller model, fewer or smaller pooling windows, or lower bit widths.',
    })
    this.limit = limit
  }
}
export type CircuitTooLargeErrorType = CircuitTooLargeError & { name: 'CircuitTooLargeError' }

/**
 * No piecewise-polynomial layout approximates a function within the tolerance on its input range
 * (the range is too wide relative to the function's curvature, e.g. Log over several decades).
 */
export class FunctionFitError extends ZkmlError {
  override name = 'FunctionFitError'
  readonly function: string
  readonly tolerance: number
  readonly domain: [number, number]
  constructor({ name, tolerance, domain }: { name: string; tolerance: number; domain: [number, number] }) {
    super(`No piecewise-polynomial table approximates ${name} within ${tolerance} output quanta on [${domain[0]}, ${domain[1]}].`, {
      details: 'Narrow the calibrated input range, or lower the activation bit width.',
    })
    this.function = name
    this.tolerance = tolerance
    this.domain = domain
  }
}
export type FunctionFitErrorType = FunctionFitError & { name: 'FunctionFitError' }

/** A bit width, or a per-layer bit-width setting, that cannot be used (unknown layer, out of range, conflicting options). */
export class BitWidthError extends ZkmlError {
  override name = 'BitWidthError'
  /** The layer (ONNX node) or input the setting names, when it names one. */
  readonly layer: string | undefined
  constructor(shortMessage: string, { layer, details }: { layer?: string | undefined; details?: string | undefined } = {}) {
    super(shortMessage, { details, metaMessages: layer === undefined ? undefined : [`Layer: ${layer}`], docsPath: 'README.md#bit-widths-for-a-tolerance' })
    this.layer = layer
  }
}
export type BitWidthErrorType = BitWidthError & { name: 'BitWidthError' }

/**
 * No bit widths the search may use meet the requested tolerance: even the widest tried leaves
 * max |circuit − float| above it on the calibration set. `candidates` is the table of what was tried.
 */
export class ToleranceNotMetError extends ZkmlError {
  override name = 'ToleranceNotMetError'
  readonly tolerance: number
  /** The smallest max |circuit − float| reached by any candidate. */
  readonly bestError: number
  constructor({ tolerance, bestError, table }: { tolerance: number; bestError: number; table: string }) {
    super(`No bit widths meet the tolerance ${tolerance}: the best candidate is off by ${bestError.toPrecision(3)}.`, {
      metaMessages: table.split('\n'),
      details: 'Raise --tolerance, widen the fixed widths (--input-bits), or check the calibration set: the float model itself may be ill-conditioned for fixed point.',
      docsPath: 'README.md#bit-widths-for-a-tolerance',
    })
    this.tolerance = tolerance
    this.bestError = bestError
  }
}
export type ToleranceNotMetErrorType = ToleranceNotMetError & { name: 'ToleranceNotMetError' }
