/** Errors of the binary-format readers and writers (`.r1cs`, `.wtns`, `.ptau`, `.zkey`). */
import { ZkmlError } from './base.js'

/** A binary file is malformed, or a value cannot be encoded. */
export class BinFileFormatError extends ZkmlError {
  override name = 'BinFileFormatError'
  readonly magic: string
  constructor(message: string, { magic, details }: { magic: string; details?: string }) {
    super(message, { details, metaMessages: magic ? [`File type: ${magic}`] : undefined })
    this.magic = magic
  }
}
export type BinFileFormatErrorType = BinFileFormatError & { name: 'BinFileFormatError' }

/** An R1CS object is inconsistent (wire index out of range, bad counts). */
export class InvalidR1csError extends ZkmlError {
  override name = 'InvalidR1csError'
  readonly constraintIndex: number | undefined
  constructor(message: string, { constraintIndex }: { constraintIndex?: number } = {}) {
    super(message, { metaMessages: constraintIndex === undefined ? undefined : [`Constraint: ${constraintIndex}`] })
    this.constraintIndex = constraintIndex
  }
}
export type InvalidR1csErrorType = InvalidR1csError & { name: 'InvalidR1csError' }
