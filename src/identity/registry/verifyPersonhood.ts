/**
 * `IrisRegistry.verifyPersonhood(proof, root, nullifier, scope, message)`: submit an identity proof.
 * The registry binds each proof to its submitter: `message` must be the sending account's address
 * (as a uint160), so prove with `message: BigInt(account.address)` and send from that account.
 */
import { type Address, type Hash, type TransactionReceipt, encodeFunctionData } from 'viem'
import type { InsufficientFundsError, RpcUnavailableError, UnexpectedReceiptError, VerifierCallRevertedError } from '../../errors/chain.js'
import { InvalidIdentityInputError } from '../../errors/identity.js'
import { sendTransaction } from '../../chain/sendTransaction.js'
import { toCalldata } from '../../chain/toCalldata.js'
import type { AnyPublicClient, AnyWalletClient, BigIntish, Groth16Proof } from '../../chain/types.js'
import { irisRegistryAbi } from '../generated/irisRegistry.js'

/** Gas limit sent with `verifyPersonhood` (anvil's estimate is unreliable for pairing checks). */
export const VERIFY_PERSONHOOD_GAS = 400_000n

/** `verifyPersonhood`'s arguments: `[proof (uint256[8]), root, nullifier, scope, message]`. */
export type PersonhoodCalldata = readonly [readonly [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint], bigint, bigint, bigint, bigint]

/**
 * Converts a snarkjs proof and the identity circuit's public signals `[root, nullifier, scope, message]`
 * into `verifyPersonhood` arguments (G2 coordinates in EIP-197 order, see `toCalldata`).
 *
 * @throws {InvalidProofFormatError} When the proof or a signal is malformed.
 * @throws {InvalidIdentityInputError} When there are not exactly 4 public signals.
 */
export function toPersonhoodCalldata(proof: Groth16Proof<BigIntish>, publicSignals: readonly BigIntish[]): PersonhoodCalldata {
  const [a, b, c, s] = toCalldata(proof, publicSignals)
  if (s.length !== 4) throw new InvalidIdentityInputError({ field: 'publicSignals', reason: `expected 4 ([root, nullifier, scope, message]), got ${s.length}` })
  return [[a[0], a[1], b[0][0], b[0][1], b[1][0], b[1][1], c[0], c[1]], s[0]!, s[1]!, s[2]!, s[3]!]
}

export type VerifyPersonhoodParameters = {
  walletClient: AnyWalletClient
  publicClient: AnyPublicClient
  /** The `IrisRegistry`. */
  address: Address
  proof: Groth16Proof<BigIntish>
  /**
   * `[root, nullifier, scope, message]` (decimal strings or bigints); `message` must be the wallet
   * account's address, or the registry reverts with `MessageNotSender`.
   */
  publicSignals: readonly (string | bigint)[]
  /** Gas limit. Default {@link VERIFY_PERSONHOOD_GAS}. */
  gas?: bigint | undefined
  /** `eth_call` first, so a rejected proof fails before spending gas. Default true. */
  simulate?: boolean | undefined
}
/** The decoded `Verified` event (`message` is the submitting account as a uint160). */
export type PersonhoodVerifiedEvent = { scope: bigint; nullifier: bigint; message: bigint; root: bigint }
export type VerifyPersonhoodReturnType = { receipt: TransactionReceipt; transactionHash: Hash; gasUsed: bigint; event: PersonhoodVerifiedEvent }
export type VerifyPersonhoodErrorType = InvalidIdentityInputError | VerifierCallRevertedError | UnexpectedReceiptError | RpcUnavailableError | InsufficientFundsError

/**
 * Submits a personhood proof and waits for the `Verified` event. The contract checks, in order: the
 * sender binding, the root (current, or within the root history), the nullifier, then the proof.
 *
 * @param parameters - {@link VerifyPersonhoodParameters}
 * @returns {@link VerifyPersonhoodReturnType}
 * @throws {VerifierCallRevertedError} With `errorName` `MessageNotSender` (the proof was made for another
 *   account), `UnknownRoot`, `RootExpired` (the root left the history: read the registry again and
 *   re-prove), `NullifierUsed`, `InvalidProof` or `InsufficientGasForVerification`.
 * @throws {InvalidProofFormatError} When the proof or a signal is malformed (nothing is sent).
 * @throws {UnexpectedReceiptError} When the transaction succeeds without a `Verified` event (not an `IrisRegistry`).
 * @example
 * import { proveIdentity, verifyPersonhood } from '@zkml/web/identity'
 * const { proof, publicSignals } = await proveIdentity({ ..., message: BigInt(walletClient.account.address) })
 * const { gasUsed, event } = await verifyPersonhood({ walletClient, publicClient, address, proof, publicSignals })
 */
export async function verifyPersonhood(parameters: VerifyPersonhoodParameters): Promise<VerifyPersonhoodReturnType> {
  const { walletClient, publicClient, address, gas = VERIFY_PERSONHOOD_GAS, simulate = true } = parameters
  const args = toPersonhoodCalldata(parameters.proof, parameters.publicSignals)
  const data = encodeFunctionData({ abi: irisRegistryAbi, functionName: 'verifyPersonhood', args })
  const sent = await sendTransaction({ walletClient, publicClient, to: address, data, abi: irisRegistryAbi, functionName: 'verifyPersonhood', gas, simulate, eventName: 'Verified' })
  return { receipt: sent.receipt, transactionHash: sent.transactionHash, gasUsed: sent.gasUsed, event: sent.event }
}
