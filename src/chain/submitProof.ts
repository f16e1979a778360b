/**
 * Sends a proof to a `ZkmlVerified` adapter in a transaction.
 */
import {
  type Account,
  type Address,
  type Chain,
  type Hash,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
  encodePacked,
  isAddressEqual,
  keccak256,
  parseEventLogs,
} from 'viem'
import { VerifierCallRevertedError, VkeyHashMismatchError } from '../errors/chain.js'
import type { InsufficientFundsError, RpcUnavailableError } from '../errors/chain.js'
import { zkmlVerifiedAbi } from './abi.js'
import { assertAdapterKey } from './assertAdapterKey.js'
import { verifyGasLimit } from './gas.js'
import { accountAddress, resolveAccount } from './resolveAccount.js'
import { toCalldata } from './toCalldata.js'
import { toChainError } from './toChainError.js'
import type { ProofResult } from './types.js'

export type SubmitProofParameters = {
  walletClient: WalletClient<Transport, Chain | undefined, Account | undefined>
  publicClient: PublicClient<Transport, Chain | undefined>
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
export type SubmitProofErrorType = VerifierCallRevertedError | VkeyHashMismatchError | RpcUnavailableError | InsufficientFundsError

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
 * @example
 * import { submitProof } from '@zkml/web/chain'
 * const { gasUsed, event } = await submitProof({ walletClient, publicClient, address: adapter, vkeyHash: manifest.vkeyHash }, { proof, publicSignals })
 */
export async function submitProof(parameters: SubmitProofParameters, result: ProofResult): Promise<SubmitProofReturnType> {
  const { walletClient, publicClient, address, simulate = true } = parameters
  const args = toCalldata(result.proof, result.publicSignals)
  const gas = parameters.gas ?? verifyGasLimit(args[3].length)
  const call = { address, abi: zkmlVerifiedAbi, functionName: 'verify', args } as const
  let account: Account | Address | undefined
  let transactionHash: Hash | undefined
  try {
    account = await resolveAccount(walletClient)
    if (parameters.vkeyHash !== undefined) await assertAdapterKey({ publicClient, address, vkeyHash: parameters.vkeyHash })
    if (simulate) await publicClient.simulateContract({ ...call, account, gas })
    transactionHash = await walletClient.writeContract({ ...call, account, gas, chain: walletClient.chain ?? null })
    const receipt = await publicClient.waitForTransactionReceipt({ hash: transactionHash })
    if (receipt.status !== 'success') await explainRevert({ publicClient, call, account, gas, receipt })
    const [log] = parseEventLogs({ abi: zkmlVerifiedAbi, logs: receipt.logs, eventName: 'InferenceVerified' }).filter((l) =>
      isAddressEqual(l.address, address),
    )
    if (!log) throw new VerifierCallRevertedError({ errorName: undefined, address, functionName: 'verify', transactionHash })
    const expectedHash = keccak256(encodePacked(['uint256[]'], [args[3]]))
    if (log.args.publicSignalsHash !== expectedHash)
      throw new VerifierCallRevertedError({ errorName: 'PublicSignalsHashMismatch', address, functionName: 'verify', transactionHash })
    if (parameters.vkeyHash !== undefined && log.args.vkeyHash !== parameters.vkeyHash)
      throw new VkeyHashMismatchError({ address, expected: parameters.vkeyHash, actual: log.args.vkeyHash })
    return { receipt, transactionHash, gasUsed: receipt.gasUsed, event: log.args }
  } catch (err) {
    throw toChainError(err, {
      address,
      functionName: 'verify',
      account: account ? accountAddress(account) : undefined,
      transactionHash,
    })
  }
}

/** Replays a reverted transaction as `eth_call` on its block's parent state to decode the custom error; always throws. */
async function explainRevert(options: {
  publicClient: SubmitProofParameters['publicClient']
  call: { address: Address; abi: typeof zkmlVerifiedAbi; functionName: 'verify'; args: ReturnType<typeof toCalldata> }
  account: Account | Address
  gas: bigint
  receipt: TransactionReceipt
}): Promise<never> {
  const { publicClient, call, account, gas, receipt } = options
  try {
    await publicClient.simulateContract({ ...call, account, gas, blockNumber: receipt.blockNumber - 1n })
  } catch (err) {
    throw toChainError(err, { address: call.address, functionName: 'verify', transactionHash: receipt.transactionHash })
  }
  // The replay passed: the transaction ran out of gas or lost a race with an earlier one in its block.
  throw new VerifierCallRevertedError({
    errorName: undefined,
    address: call.address,
    functionName: 'verify',
    transactionHash: receipt.transactionHash,
    cause: new Error(`reverted on chain (gas used ${receipt.gasUsed} of ${gas}) but not in replay`),
  })
}
