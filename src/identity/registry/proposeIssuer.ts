/**
 * `IrisRegistry.proposeIssuer(newIssuer)`: first step of the two-step issuer transfer. The role moves
 * only when `newIssuer` calls `acceptIssuer` ({@link acceptIssuer}), so a mistyped address cannot
 * take (or brick) enrollment.
 */
import { type Address, type Hash, encodeFunctionData, getAddress, isAddress } from 'viem'
import type { InsufficientFundsError, RpcUnavailableError, UnexpectedReceiptError, VerifierCallRevertedError } from '../../errors/chain.js'
import { InvalidIdentityInputError } from '../../errors/identity.js'
import { sendTransaction } from '../../chain/sendTransaction.js'
import type { AnyPublicClient, AnyWalletClient } from '../../chain/types.js'
import { irisRegistryAbi } from '../generated/irisRegistry.js'

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
export type ProposeIssuerErrorType = InvalidIdentityInputError | VerifierCallRevertedError | UnexpectedReceiptError | RpcUnavailableError | InsufficientFundsError

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
  const data = encodeFunctionData({ abi: irisRegistryAbi, functionName: 'proposeIssuer', args: [getAddress(newIssuer)] })
  const sent = await sendTransaction({ walletClient, publicClient, to: address, data, abi: irisRegistryAbi, functionName: 'proposeIssuer', eventName: 'IssuerTransferStarted' })
  return { issuer: sent.event.issuer, pendingIssuer: sent.event.pendingIssuer, transactionHash: sent.transactionHash, gasUsed: sent.gasUsed }
}
