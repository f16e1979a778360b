/**
 * `IrisRegistry.enroll(leaf)`: the issuer adds an identity's leaf to the tree.
 */
import { type Address, type Hash, parseEventLogs } from 'viem'
import type { InsufficientFundsError, RpcUnavailableError } from '../../errors/chain.js'
import { VerifierCallRevertedError } from '../../errors/chain.js'
import { accountAddress, resolveAccount } from '../../chain/resolveAccount.js'
import { toChainError } from '../../chain/toChainError.js'
import { assertField } from '../identity.js'
import { irisRegistryAbi } from '../generated/irisRegistry.js'
import type { AnyPublicClient, AnyWalletClient } from './types.js'

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
  /** The tree's root after enrolling. */
  root: bigint
  /** Position of the leaf. */
  index: bigint
  transactionHash: Hash
  gasUsed: bigint
}
export type EnrollLeafErrorType = VerifierCallRevertedError | RpcUnavailableError | InsufficientFundsError

/**
 * Enrolls one leaf (simulated first, so `NotIssuer`, `LeafAlreadyExists`, … fail before any gas is spent).
 *
 * @param parameters - {@link EnrollLeafParameters}
 * @returns {@link EnrollLeafReturnType}
 * @throws {VerifierCallRevertedError} With `errorName` `NotIssuer`, `LeafAlreadyExists`, `LeafCannotBeZero`,
 *   `LeafGreaterThanSnarkScalarField` or `TreeFull`.
 * @example
 * import { enrollLeaf } from '@zkml/web/identity'
 * const { root } = await enrollLeaf({ walletClient, publicClient, address, leaf })
 */
export async function enrollLeaf(parameters: EnrollLeafParameters): Promise<EnrollLeafReturnType> {
  const { walletClient, publicClient, address } = parameters
  const leaf = assertField(parameters.leaf, 'leaf')
  let account: Awaited<ReturnType<typeof resolveAccount>> | undefined
  let transactionHash: Hash | undefined
  try {
    account = await resolveAccount(walletClient)
    const call = { address, abi: irisRegistryAbi, functionName: 'enroll', args: [leaf] } as const
    const { request } = await publicClient.simulateContract({ ...call, account })
    transactionHash = await walletClient.writeContract({ ...request, account, chain: walletClient.chain ?? null })
    const receipt = await publicClient.waitForTransactionReceipt({ hash: transactionHash })
    const [log] = parseEventLogs({ abi: irisRegistryAbi, logs: receipt.logs, eventName: 'Enrolled' })
    if (receipt.status !== 'success' || !log) throw new VerifierCallRevertedError({ errorName: undefined, address, functionName: 'enroll', transactionHash })
    return { root: log.args.root, index: log.args.index, transactionHash, gasUsed: receipt.gasUsed }
  } catch (err) {
    throw toChainError(err, { address, functionName: 'enroll', account: account ? accountAddress(account) : undefined, transactionHash })
  }
}
