/**
 * `IrisRegistry.enroll(leaf)`: the issuer adds an identity's leaf to the tree.
 */
import { type Address, type Hash, parseEventLogs } from 'viem'
import type { InsufficientFundsError, RpcUnavailableError } from '../../errors/chain.js'
import { VerifierCallRevertedError } from '../../errors/chain.js'
import { assertField } from '../identity.js'
import { irisRegistryAbi } from '../generated/irisRegistry.js'
import type { AnyPublicClient, AnyWalletClient } from './types.js'
import { writeRegistry } from './writeRegistry.js'

export type EnrollLeafParameters = {
  /** The issuer's wallet. */
  walletClient: AnyWalletClient
  publicClient: AnyPublicClient
  /** The `IrisRegistry`. */
  address: Address
  /** The identity leaf (`identityLeaf`). */
  leaf: bigint
}
export type EnrollLeafReturnType = {
  /** The tree's root after enrolling (the registry's new current root). */
  root: bigint
  /** Position of the leaf. */
  index: bigint
  transactionHash: Hash
  gasUsed: bigint
}
export type EnrollLeafErrorType = VerifierCallRevertedError | RpcUnavailableError | InsufficientFundsError

/**
 * Enrolls one leaf (simulated first, so `NotIssuer`, `LeafAlreadyExists`, … fail before any gas is spent).
 * Each enrollment replaces the current root; the registry keeps accepting proofs against the replaced
 * root only while it is within the root history (`ROOT_HISTORY_SIZE` roots, `rootValidity` seconds).
 *
 * @param parameters - {@link EnrollLeafParameters}
 * @returns {@link EnrollLeafReturnType}
 * @throws {VerifierCallRevertedError} With `errorName` `NotIssuer`, `LeafAlreadyExists`, `LeafCannotBeZero`,
 *   `LeafGreaterThanSnarkScalarField` or `TreeFull`.
 * @throws {InvalidIdentityInputError} When `leaf` is not a field element.
 * @example
 * import { enrollLeaf } from '@zkml/web/identity'
 * const { root } = await enrollLeaf({ walletClient, publicClient, address, leaf })
 */
export async function enrollLeaf(parameters: EnrollLeafParameters): Promise<EnrollLeafReturnType> {
  const { walletClient, publicClient, address } = parameters
  const leaf = assertField(parameters.leaf, 'leaf')
  const { receipt, transactionHash } = await writeRegistry({ walletClient, publicClient, address, functionName: 'enroll', args: [leaf] })
  const [log] = parseEventLogs({ abi: irisRegistryAbi, logs: receipt.logs, eventName: 'Enrolled' })
  if (!log) throw new VerifierCallRevertedError({ errorName: undefined, address, functionName: 'enroll', transactionHash })
  return { root: log.args.root, index: log.args.index, transactionHash, gasUsed: receipt.gasUsed }
}
