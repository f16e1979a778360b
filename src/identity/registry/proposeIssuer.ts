/**
 * `IrisRegistry.proposeIssuer(newIssuer)`: first step of the two-step issuer transfer. The role moves
 * only when `newIssuer` calls `acceptIssuer` ({@link acceptIssuer}), so a mistyped address cannot
 * take (or brick) enrollment.
 */
import { type Address, type Hash, getAddress, isAddress, parseEventLogs } from 'viem'
import type { InsufficientFundsError, RpcUnavailableError } from '../../errors/chain.js'
import { VerifierCallRevertedError } from '../../errors/chain.js'
import { InvalidIdentityInputError } from '../errors.js'
import { irisRegistryAbi } from '../generated/irisRegistry.js'
import type { AnyPublicClient, AnyWalletClient } from './types.js'
import { writeRegistry } from './writeRegistry.js'

export type ProposeIssuerParameters = {
  /** The current issuer's wallet. */
  walletClient: AnyWalletClient
  publicClient: AnyPublicClient
  /** The `IrisRegistry`. */
  address: Address
  /** The proposed successor (it must accept). */
  newIssuer: Address
}
export type ProposeIssuerReturnType = {
  /** The issuer that proposed. */
  issuer: Address
  /** The account that may now call `acceptIssuer`. */
  pendingIssuer: Address
  transactionHash: Hash
  gasUsed: bigint
}
export type ProposeIssuerErrorType = InvalidIdentityInputError | VerifierCallRevertedError | RpcUnavailableError | InsufficientFundsError

/**
 * Proposes a new issuer (issuer only; replaces any earlier proposal). Simulated first, so the
 * contract's `NotIssuer` or `ZeroIssuer` fails before any gas is spent.
 *
 * @param parameters - {@link ProposeIssuerParameters}
 * @returns {@link ProposeIssuerReturnType}
 * @throws {InvalidIdentityInputError} When `newIssuer` is not an address.
 * @throws {VerifierCallRevertedError} With `errorName` `NotIssuer` or `ZeroIssuer` (the zero address is refused by the contract).
 * @example
 * import { acceptIssuer, proposeIssuer } from '@zkml/web/identity'
 * await proposeIssuer({ walletClient: issuerWallet, publicClient, address, newIssuer })
 * await acceptIssuer({ walletClient: newIssuerWallet, publicClient, address })
 */
export async function proposeIssuer(parameters: ProposeIssuerParameters): Promise<ProposeIssuerReturnType> {
  const { walletClient, publicClient, address, newIssuer } = parameters
  if (typeof newIssuer !== 'string' || !isAddress(newIssuer, { strict: false }))
    throw new InvalidIdentityInputError({ field: 'newIssuer', reason: 'expected a 20-byte hex address' })
  const { receipt, transactionHash } = await writeRegistry({ walletClient, publicClient, address, functionName: 'proposeIssuer', args: [getAddress(newIssuer)] })
  const [log] = parseEventLogs({ abi: irisRegistryAbi, logs: receipt.logs, eventName: 'IssuerTransferStarted' })
  if (!log) throw new VerifierCallRevertedError({ errorName: undefined, address, functionName: 'proposeIssuer', transactionHash })
  return { issuer: log.args.issuer, pendingIssuer: log.args.pendingIssuer, transactionHash, gasUsed: receipt.gasUsed }
}
