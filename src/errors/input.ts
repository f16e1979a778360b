import { ZkmlError } from './base.js'

/** An input to proving (or calibration) is malformed: wrong name, shape, type, NaN, or out of range. */
export class InvalidInputError extends ZkmlError {
  override name = 'InvalidInputError'
  readonly inputName: string | undefined
  constructor(shortMessage: string, opts: { inputName?: string; metaMessages?: string[]; details?: string } = {}) {
    super(shortMessage, { metaMessages: opts.metaMessages, details: opts.details, docsPath: 'src/runtime/README.md#inputs' })
    this.inputName = opts.inputName
  }
}
export type InvalidInputErrorType = InvalidInputError & { name: 'InvalidInputError' }

/** An input value lies outside the range the circuit was compiled for. */
export class InputRangeError extends InvalidInputError {
  override name = 'InputRangeError'
  readonly index: number
  readonly value: number
  readonly min: number
  readonly max: number
  constructor({ inputName, index, value, min, max }: { inputName: string; index: number; value: number; min: number; max: number }) {
    super(`Input "${inputName}"[${index}] = ${value} is outside the calibrated range [${min}, ${max}].`, {
      inputName,
      metaMessages: [`Allowed range: [${min}, ${max}]`, 'Pass `clamp: true` (CLI: --clamp) to clamp values into the range instead.'],
    })
    this.index = index
    this.value = value
    this.min = min
    this.max = max
  }
}
export type InputRangeErrorType = InputRangeError & { name: 'InputRangeError' }
