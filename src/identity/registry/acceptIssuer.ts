/**
 * `IrisRegistry.acceptIssuer()`: second step of the issuer transfer, sent by the proposed issuer.
 */
import { type Address, type Hash, parseEventLogs } from 'viem'
import type { InsufficientFundsError, RpcUnavailableError } from '../../errors/chain.js'
import { VerifierCallRevertedError } from '../../errors/chain.js'
import { irisRegistryAbi } from '../generated/irisRegistry.js'
import type { AnyPublicClient, AnyWalletClient } from './types.js'
import { writeRegistry } from './writeRegistry.js'

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
export type AcceptIssuerErrorType = VerifierCallRevertedError | RpcUnavailableError | InsufficientFundsError

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
  const { receipt, transactionHash } = await writeRegistry({ walletClient, publicClient, address, functionName: 'acceptIssuer', args: [] })
  const [log] = parseEventLogs({ abi: irisRegistryAbi, logs: receipt.logs, eventName: 'IssuerChanged' })
  if (!log) throw new VerifierCallRevertedError({ errorName: undefined, address, functionName: 'acceptIssuer', transactionHash })
  return { previousIssuer: log.args.previousIssuer, issuer: log.args.newIssuer, transactionHash, gasUsed: receipt.gasUsed }
}
