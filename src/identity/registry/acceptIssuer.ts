/**
 * `IrisRegistry.acceptIssuer()`: second step of the issuer transfer, sent by the proposed issuer.
 */
import { type Address, type Hash, encodeFunctionData } from 'viem'
import type { InsufficientFundsError, RpcUnavailableError, UnexpectedReceiptError, VerifierCallRevertedError } from '../../errors/chain.js'
import { sendTransaction } from '../../chain/sendTransaction.js'
import type { AnyPublicClient, AnyWalletClient } from '../../chain/types.js'
import { irisRegistryAbi } from '../generated/irisRegistry.js'

export type AcceptIssuerParameters = {
  /** The proposed issuer's wallet. */
  walletClient: AnyWalletClient
  publicClient: AnyPublicClient
  /** The `IrisRegistry`. */
  address: Address
}
export type AcceptIssuerReturnType = {
  previousIssuer: Address
  /** The new issuer (the sender). */
  issuer: Address
  transactionHash: Hash
  gasUsed: bigint
}
export type AcceptIssuerErrorType = VerifierCallRevertedError | UnexpectedReceiptError | RpcUnavailableError | InsufficientFundsError

/**
 * Takes the issuer role proposed to the sending account (simulated first, so `NotPendingIssuer`
 * fails before any gas is spent).
 *
 * @param parameters - {@link AcceptIssuerParameters}
 * @returns {@link AcceptIssuerReturnType}
 * @throws {VerifierCallRevertedError} With `errorName` `NotPendingIssuer` when the sender is not the proposed issuer.
 * @example
 * import { acceptIssuer } from '@zkml/web/identity'
 * const { issuer } = await acceptIssuer({ walletClient: newIssuerWallet, publicClient, address })
 */
export async function acceptIssuer(parameters: AcceptIssuerParameters): Promise<AcceptIssuerReturnType> {
  const { walletClient, publicClient, address } = parameters
  const data = encodeFunctionData({ abi: irisRegistryAbi, functionName: 'acceptIssuer' })
  const sent = await sendTransaction({ walletClient, publicClient, to: address, data, abi: irisRegistryAbi, functionName: 'acceptIssuer', eventName: 'IssuerChanged' })
  return { previousIssuer: sent.event.previousIssuer, issuer: sent.event.newIssuer, transactionHash: sent.transactionHash, gasUsed: sent.gasUsed }
}
