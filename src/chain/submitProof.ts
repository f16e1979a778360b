/**
 * Sends a proof to a `ZkmlVerified` adapter in a transaction.
 */
import { type Address, type Hash, type Hex, type TransactionReceipt, encodeFunctionData, encodePacked, keccak256 } from 'viem'
import { VerifierCallRevertedError, VkeyHashMismatchError } from '../errors/chain.js'
import type { InsufficientFundsError, RpcUnavailableError, UnexpectedReceiptError } from '../errors/chain.js'
import { zkmlVerifiedAbi } from './abi.js'
import { assertAdapterKey } from './assertAdapterKey.js'
import { verifyGasLimit } from './gas.js'
import { sendTransaction } from './sendTransaction.js'
import { toCalldata } from './toCalldata.js'
import type { AnyPublicClient, AnyWalletClient, ProofResult } from './types.js'

export type SubmitProofParameters = {
  walletClient: AnyWalletClient
  publicClient: AnyPublicClient
  /** The `ZkmlVerified` adapter. */
  address: Address
  /** Gas limit. Default {@link verifyGasLimit} for the number of public signals. */
  gas?: bigint | undefined
  /** Run `eth_call` first so a bad proof fails before spending gas. Default true. */
  simulate?: boolean | undefined
  /**
   * The verification key you expect (`manifest.vkeyHash`): when given, the adapter's `vkeyHash()` is
   * read first and a different key throws `VkeyHashMismatchError` before any transaction is sent.
   */
  vkeyHash?: Hex | undefined
}

/** The decoded `InferenceVerified` event. */
export type InferenceVerifiedEvent = {
  modelHash: Hex
  /** The verification key's hash the adapter carries (pin this, not `modelHash`). */
  vkeyHash: Hex
  sender: Address
  /** `keccak256(abi.encodePacked(publicSignals))`. */
  publicSignalsHash: Hex
}

export type SubmitProofReturnType = {
  receipt: TransactionReceipt
  transactionHash: Hash
  gasUsed: bigint
  event: InferenceVerifiedEvent
}
export type SubmitProofErrorType = VerifierCallRevertedError | VkeyHashMismatchError | UnexpectedReceiptError | RpcUnavailableError | InsufficientFundsError

/**
 * Submits a proof to a `ZkmlVerified` adapter with an explicit gas limit and waits for the receipt.
 *
 * @param parameters - {@link SubmitProofParameters}: clients, adapter address, optional gas and simulate flag.
 * @param result - `{ proof, publicSignals }` as snarkjs returns them.
 * @returns {@link SubmitProofReturnType}: receipt, gas used and the decoded `InferenceVerified` event.
 * @throws {VerifierCallRevertedError} When the adapter reverts (`errorName` e.g. `InvalidProof`, `WeightsHashMismatch`), in simulation or on chain.
 * @throws {VkeyHashMismatchError} When `vkeyHash` is given and the adapter carries another key.
 * @throws {InsufficientFundsError} When the account cannot pay for gas.
 * @throws {RpcUnavailableError} When the RPC does not answer.
 * @throws {InvalidProofFormatError} When the proof cannot be encoded.
 * @throws {UnexpectedReceiptError} When the transaction succeeds without an `InferenceVerified` event (`address` is not an adapter).
 * @example
 * import { submitProof } from '@zkml/web/chain'
 * const { gasUsed, event } = await submitProof({ walletClient, publicClient, address: adapter, vkeyHash: manifest.vkeyHash }, { proof, publicSignals })
 */
export async function submitProof(parameters: SubmitProofParameters, result: ProofResult): Promise<SubmitProofReturnType> {
  const { walletClient, publicClient, address, simulate = true } = parameters
  const args = toCalldata(result.proof, result.publicSignals)
  const gas = parameters.gas ?? verifyGasLimit(args[3].length)
  if (parameters.vkeyHash !== undefined) await assertAdapterKey({ publicClient, address, vkeyHash: parameters.vkeyHash })
  const data = encodeFunctionData({ abi: zkmlVerifiedAbi, functionName: 'verify', args })
  const sent = await sendTransaction({ walletClient, publicClient, to: address, data, abi: zkmlVerifiedAbi, functionName: 'verify', gas, simulate, eventName: 'InferenceVerified' })
  const { event, transactionHash } = sent
  if (event.publicSignalsHash !== keccak256(encodePacked(['uint256[]'], [args[3]])))
    throw new VerifierCallRevertedError({ errorName: 'PublicSignalsHashMismatch', address, functionName: 'verify', transactionHash })
  if (parameters.vkeyHash !== undefined && event.vkeyHash !== parameters.vkeyHash)
    throw new VkeyHashMismatchError({ address, expected: parameters.vkeyHash, actual: event.vkeyHash })
  return { receipt: sent.receipt, transactionHash, gasUsed: sent.gasUsed, event }
}
