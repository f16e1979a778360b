/**
 * Errors of the identity statement, its Merkle tree and registry (all extend {@link ZkmlError}; narrow on `name`).
 */
import { ZkmlError } from './base.js'

/** An identity input (strip, template, salt, secret, Merkle proof, scope, message) is malformed. */
export class InvalidIdentityInputError extends ZkmlError {
  override name = 'InvalidIdentityInputError'
  /** The offending parameter. */
  readonly field: string
  constructor({ field, reason }: { field: string; reason: string }) {
    super(`Invalid ${field}: ${reason}.`)
    this.field = field
  }
}
export type InvalidIdentityInputErrorType = InvalidIdentityInputError

/**
 * The capture does not match the template: at every allowed rotation its code differs from the
 * template in more than τ bits, so no witness (and no proof) exists. Nothing was sent anywhere.
 */
export class IrisNoMatchError extends ZkmlError {
  override name = 'IrisNoMatchError'
  /** Smallest Hamming distance over the allowed shifts. */
  readonly distance: number
  /** The threshold τ (bits). */
  readonly threshold: number
  /** The shift (code columns) that achieved `distance`. */
  readonly shift: number
  constructor({ distance, threshold, shift, bits }: { distance: number; threshold: number; shift: number; bits: number }) {
    super('No match: this capture does not match the enrolled template, so no proof can be made.', {
      metaMessages: [
        `Hamming distance: ${distance} of ${bits} bits (best rotation ${shift}); the threshold is ${threshold}.`,
        'Nothing was sent: the capture, template, salt and secret never left this device.',
      ],
    })
    this.distance = distance
    this.threshold = threshold
    this.shift = shift
  }
}
export type IrisNoMatchErrorType = IrisNoMatchError

/** A Merkle tree operation failed (unknown leaf, duplicate leaf, tree full, bad proof). */
export class MerkleTreeError extends ZkmlError {
  override name = 'MerkleTreeError'
  constructor(shortMessage: string, details?: string) {
    super(shortMessage, details === undefined ? {} : { details })
  }
}
export type MerkleTreeErrorType = MerkleTreeError

/**
 * The registry's `Enrolled` events, read at one block, do not rebuild the root (or the size) the
 * contract reports at that block: logs are missing (an RPC log-range limit, a `fromBlock` after the
 * deployment) or the address is not an `IrisRegistry`. A proof built from such leaves would be refused.
 */
export class RegistryOutOfSyncError extends ZkmlError {
  override name = 'RegistryOutOfSyncError'
  /** The registry. */
  readonly address: string
  /** The block the snapshot was read at. */
  readonly blockNumber: bigint
  /** Leaves found in the events, and the contract's `size()`. */
  readonly leafCount: number
  readonly size: bigint
  constructor({ address, blockNumber, leafCount, size, reason }: { address: string; blockNumber: bigint; leafCount: number; size: bigint; reason: string }) {
    super(`The registry's enrollment events do not match its state: ${reason}.`, {
      metaMessages: [
        `Registry: ${address} at block ${blockNumber}`,
        `Leaves in events: ${leafCount}; size(): ${size}`,
        'Pass the deployment block as `fromBlock`, or use an RPC that returns every log.',
      ],
    })
    this.address = address
    this.blockNumber = blockNumber
    this.leafCount = leafCount
    this.size = size
  }
}
export type RegistryOutOfSyncErrorType = RegistryOutOfSyncError
