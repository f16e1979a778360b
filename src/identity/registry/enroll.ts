/**
 * `IrisRegistry.enroll(leaf)`: the issuer adds an identity's leaf to the tree.
 */
import { type Address, type Hash, encodeFunctionData } from 'viem'
import type { InsufficientFundsError, RpcUnavailableError, UnexpectedReceiptError, VerifierCallRevertedError } from '../../errors/chain.js'
import type { InvalidIdentityInputError } from '../../errors/identity.js'
import { sendTransaction } from '../../chain/sendTransaction.js'
import type { AnyPublicClient, AnyWalletClient } from '../../chain/types.js'
import { assertField } from '../identity.js'
import { irisRegistryAbi } from '../generated/irisRegistry.js'

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
export type EnrollLeafErrorType = InvalidIdentityInputError | VerifierCallRevertedError | UnexpectedReceiptError | RpcUnavailableError | InsufficientFundsError

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
  const data = encodeFunctionData({ abi: irisRegistryAbi, functionName: 'enroll', args: [leaf] })
  const sent = await sendTransaction({ walletClient, publicClient, to: address, data, abi: irisRegistryAbi, functionName: 'enroll', eventName: 'Enrolled' })
  return { root: sent.event.root, index: sent.event.index, transactionHash: sent.transactionHash, gasUsed: sent.gasUsed }
}
