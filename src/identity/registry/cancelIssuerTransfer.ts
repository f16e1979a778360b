/**
 * `IrisRegistry.cancelIssuerTransfer()`: the issuer withdraws a pending proposal.
 */
import { type Address, type Hash, encodeFunctionData } from 'viem'
import type { InsufficientFundsError, RpcUnavailableError, UnexpectedReceiptError, VerifierCallRevertedError } from '../../errors/chain.js'
import { sendTransaction } from '../../chain/sendTransaction.js'
import type { AnyPublicClient, AnyWalletClient } from '../../chain/types.js'
import { irisRegistryAbi } from '../generated/irisRegistry.js'

export type CancelIssuerTransferParameters = {
  /** The current issuer's wallet. */
  walletClient: AnyWalletClient
  publicClient: AnyPublicClient
  /** The `IrisRegistry`. */
  address: Address
}
export type CancelIssuerTransferReturnType = {
  /** The proposal that was withdrawn. */
  cancelled: Address
  transactionHash: Hash
  gasUsed: bigint
}
export type CancelIssuerTransferErrorType = VerifierCallRevertedError | UnexpectedReceiptError | RpcUnavailableError | InsufficientFundsError

/**
 * Withdraws the pending issuer proposal (issuer only; simulated first).
 *
 * @param parameters - {@link CancelIssuerTransferParameters}
 * @returns {@link CancelIssuerTransferReturnType}
 * @throws {VerifierCallRevertedError} With `errorName` `NotIssuer` or `NoPendingIssuer`.
 * @example
 * import { cancelIssuerTransfer } from '@zkml/web/identity'
 * await cancelIssuerTransfer({ walletClient: issuerWallet, publicClient, address })
 */
export async function cancelIssuerTransfer(parameters: CancelIssuerTransferParameters): Promise<CancelIssuerTransferReturnType> {
  const { walletClient, publicClient, address } = parameters
  const data = encodeFunctionData({ abi: irisRegistryAbi, functionName: 'cancelIssuerTransfer' })
  const sent = await sendTransaction({ walletClient, publicClient, to: address, data, abi: irisRegistryAbi, functionName: 'cancelIssuerTransfer', eventName: 'IssuerTransferCancelled' })
  return { cancelled: sent.event.pendingIssuer, transactionHash: sent.transactionHash, gasUsed: sent.gasUsed }
}
