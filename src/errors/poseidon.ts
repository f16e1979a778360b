/**
 * Errors of the Poseidon hash, its gadgets and value packing.
 */
import { ZkmlError } from './base.js'

/** Parameters of {@link PoseidonInputError}. */
export type PoseidonInputErrorParameters = {
  /** The function or gadget label that refused the input. */
  where: string
  /** What is wrong, in a few words. */
  reason: string
  /** Index of the offending element, when one is to blame. */
  index?: number | undefined
}

/**
 * An input the Poseidon hash or the packer cannot take: a wrong number of inputs, a value that is
 * not a bigint, a value outside the packing range, or an invalid bit width.
 */
export class PoseidonInputError extends ZkmlError {
  override name = 'PoseidonInputError'
  readonly where: string
  readonly reason: string
  readonly index: number | undefined
  constructor({ where, reason, index }: PoseidonInputErrorParameters) {
    super(`Invalid input to ${where}: ${reason}`, {
      metaMessages: index === undefined ? undefined : [`Index: ${index}`],
    })
    this.where = where
    this.reason = reason
    this.index = index
  }
}
export type PoseidonInputErrorType = PoseidonInputError & { name: 'PoseidonInputError' }
