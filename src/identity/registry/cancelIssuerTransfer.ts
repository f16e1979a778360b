/**
 * `IrisRegistry.cancelIssuerTransfer()`: the issuer withdraws a pending proposal.
 */
import { type Address, type Hash, parseEventLogs } from 'viem'
import type { InsufficientFundsError, RpcUnavailableError } from '../../errors/chain.js'
import { VerifierCallRevertedError } from '../../errors/chain.js'
import { irisRegistryAbi } from '../generated/irisRegistry.js'
import type { AnyPublicClient, AnyWalletClient } from './types.js'
import { writeRegistry } from './writeRegistry.js'

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
export type CancelIssuerTransferErrorType = VerifierCallRevertedError | RpcUnavailableError | InsufficientFundsError

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
  const { receipt, transactionHash } = await writeRegistry({ walletClient, publicClient, address, functionName: 'cancelIssuerTransfer', args: [] })
  const [log] = parseEventLogs({ abi: irisRegistryAbi, logs: receipt.logs, eventName: 'IssuerTransferCancelled' })
  if (!log) throw new VerifierCallRevertedError({ errorName: undefined, address, functionName: 'cancelIssuerTransfer', transactionHash })
  return { cancelled: log.args.pendingIssuer, transactionHash, gasUsed: receipt.gasUsed }
}
