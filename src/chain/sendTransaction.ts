/**
 * The one way @zkml/web sends a transaction (internal): every writer — `submitProof`, the deploy
 * functions, the identity registry actions — builds its calldata and calls {@link sendTransaction}.
 *
 * A transaction is `{ to, data }`: a contract call has `to` and calldata (`encodeFunctionData`), a
 * contract creation has no `to` and the creation code with its constructor arguments as `data`
 * (`encodeDeployData`). Both go through the same steps, with one set of failure semantics:
 *
 * 1. **Account.** The wallet's hoisted account, else its first address; none → `AccountNotFoundError`.
 * 2. **Simulate** (default on): `eth_call` of the same `{ to, data, gas }` from the account on the
 *    latest state — for a creation that runs the constructor. A revert throws
 *    `VerifierCallRevertedError` with the contract's decoded error (`errorName`, `args`) and no
 *    `transactionHash`: nothing was sent, no gas was spent.
 * 3. **Write**: `eth_sendTransaction` (gas: the caller's explicit limit, else the node's estimate; a
 *    revert during estimation is decoded as in 2). Cannot pay → `InsufficientFundsError`.
 * 4. **Wait** for the receipt.
 * 5. **Check status.** A mined revert is replayed as `eth_call` on its block's parent state to decode
 *    the error: `VerifierCallRevertedError` with the decoded name and the `transactionHash`. When the
 *    replay passes (the transaction ran out of gas, or an earlier transaction in its block changed the
 *    state) the error has `errorName: undefined` and says so in `details`.
 * 6. **Decode the event** the action asked for, emitted by `to` (or by the created contract); a
 *    creation must also report the new contract's address. Missing → `UnexpectedReceiptError`.
 *
 * At any step, an RPC that does not answer gives `RpcUnavailableError`, and any other failure from
 * viem (a wallet that refuses to sign, a node that rejects the request) `ChainCallError` with viem's
 * error as `cause` (see `toChainError`). Nothing else escapes. Callers add their own checks on the
 * returned event (e.g. `submitProof` compares the public-signals hash).
 */
import {
  type Abi,
  type Address,
  type ContractEventName,
  type Hash,
  type Hex,
  type ParseEventLogsReturnType,
  type TransactionReceipt,
  getAddress,
  getContractError,
  isAddressEqual,
  parseEventLogs,
} from 'viem'
import { UnexpectedReceiptError, VerifierCallRevertedError } from '../errors/chain.js'
import { accountAddress, resolveAccount } from './resolveAccount.js'
import { toChainError } from './toChainError.js'
import type { AnyPublicClient, AnyWalletClient } from './types.js'

export type SendTransactionParameters<abi extends Abi | readonly unknown[], eventName extends ContractEventName<abi> | undefined> = {
  walletClient: AnyWalletClient
  publicClient: AnyPublicClient
  /** The contract called; omit for a contract creation. */
  to?: Address | undefined
  /** Calldata (`encodeFunctionData`), or creation code with constructor arguments (`encodeDeployData`). */
  data: Hex
  /** Decodes the contract's custom errors and the event (include the errors of contracts it calls or creates). */
  abi: abi
  /** What the transaction does, as errors name it: `verify`, `enroll`, `deploy ZkmlRegistry`, … */
  functionName: string
  /** Gas limit. Default: the node's estimate. */
  gas?: bigint | undefined
  /** `eth_call` first, so a revert costs no gas. Default true. */
  simulate?: boolean | undefined
  /** An event the transaction must emit (from `to`, or from the created contract); decoded and returned. */
  eventName?: eventName
}

export type SendTransactionReturnType<abi extends Abi | readonly unknown[], eventName extends ContractEventName<abi> | undefined> = {
  receipt: TransactionReceipt
  transactionHash: Hash
  gasUsed: bigint
  /** The account that sent it. */
  sender: Address
  /** A contract creation's new contract (checksummed); undefined for a call. */
  contractAddress: Address | undefined
  /** The decoded event's arguments, when `eventName` was given. */
  event: eventName extends ContractEventName<abi> ? Extract<ParseEventLogsReturnType<abi, eventName, true>[number], { args: unknown }>['args'] : undefined
}

/**
 * Simulates, sends and confirms one transaction; decodes its event (see the module doc for the steps
 * and what each failure throws).
 *
 * @param parameters - {@link SendTransactionParameters}
 * @returns {@link SendTransactionReturnType}
 * @throws {VerifierCallRevertedError} When the call or constructor reverts (simulated, estimated or mined).
 * @throws {UnexpectedReceiptError} When a successful receipt lacks the event or the created contract.
 * @throws {InsufficientFundsError} When the account cannot pay for gas.
 * @throws {RpcUnavailableError} When the RPC does not answer.
 * @throws {AccountNotFoundError} When the wallet client has no account.
 * @throws {ChainCallError} On any other failure of the wallet or the node.
 * @example
 * const { event } = await sendTransaction({
 *   walletClient, publicClient, to: registry, abi: irisRegistryAbi, functionName: 'enroll',
 *   data: encodeFunctionData({ abi: irisRegistryAbi, functionName: 'enroll', args: [leaf] }),
 *   eventName: 'Enrolled',
 * })
 */
export async function sendTransaction<const abi extends Abi | readonly unknown[], eventName extends ContractEventName<abi> | undefined = undefined>(
  parameters: SendTransactionParameters<abi, eventName>,
): Promise<SendTransactionReturnType<abi, eventName>> {
  const { walletClient, publicClient, to, data, abi, functionName, gas, simulate = true, eventName } = parameters
  const address = to ?? '(deployment)'
  // viem's decoder for a failed call: the contract's custom error as a ContractFunctionRevertedError.
  const decoded = (err: unknown) => getContractError(err as never, { abi: abi as Abi, functionName, args: [], address: to })
  let sender: Address | undefined
  let transactionHash: Hash | undefined
  try {
    const account = await resolveAccount(walletClient)
    sender = accountAddress(account)
    const request = { account, to, data, ...(gas === undefined ? {} : { gas }) }
    if (simulate) await publicClient.call(request).catch((e: unknown) => Promise.reject(decoded(e)))
    const hash: Hash = await walletClient
      .sendTransaction({ ...request, chain: walletClient.chain ?? null } as never)
      .catch((e: unknown) => Promise.reject(decoded(e)))
    transactionHash = hash
    const receipt = await publicClient.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') {
      // Replay on the parent block's state to decode the custom error.
      await publicClient.call({ ...request, blockNumber: receipt.blockNumber - 1n }).catch((e: unknown) => Promise.reject(decoded(e)))
      throw new VerifierCallRevertedError({
        errorName: undefined,
        address,
        functionName,
        transactionHash: hash,
        details: `reverted on chain (gas used ${receipt.gasUsed}${gas === undefined ? '' : ` of ${gas}`}) but not in a replay on the parent block: out of gas, or an earlier transaction in the block changed the state`,
      })
    }
    const missing = (expected: string) => new UnexpectedReceiptError({ transactionHash: receipt.transactionHash, address, functionName, expected })
    const contractAddress = receipt.contractAddress ? getAddress(receipt.contractAddress) : undefined
    if (to === undefined && !contractAddress) throw missing('contract address')
    let event: unknown
    if (eventName !== undefined) {
      const emitter = (to ?? contractAddress)!
      const [log] = parseEventLogs({ abi: abi as Abi, logs: receipt.logs, eventName: eventName as string, strict: true }).filter((l) =>
        isAddressEqual(l.address, emitter),
      )
      if (!log) throw missing(`${eventName} event`)
      event = log.args
    }
    return { receipt, transactionHash: hash, gasUsed: receipt.gasUsed, sender, contractAddress, event } as SendTransactionReturnType<abi, eventName>
  } catch (err) {
    throw toChainError(err, { address: to, functionName, account: sender, transactionHash })
  }
}
