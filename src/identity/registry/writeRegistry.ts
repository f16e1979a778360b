/**
 * One state-changing `IrisRegistry` call (internal): simulated first, so a named revert fails before
 * any gas is spent, then sent and awaited. Failures come out as the chain layer's typed errors.
 */
import type { Address, Hash, TransactionReceipt } from 'viem'
import { VerifierCallRevertedError } from '../../errors/chain.js'
import { accountAddress, resolveAccount } from '../../chain/resolveAccount.js'
import { toChainError } from '../../chain/toChainError.js'
import { irisRegistryAbi } from '../generated/irisRegistry.js'
import type { AnyPublicClient, AnyWalletClient } from './types.js'

/** The registry functions this helper sends (those without a proof: `verifyPersonhood` has its own gas handling). */
export type RegistryWriteFunction = 'enroll' | 'proposeIssuer' | 'cancelIssuerTransfer' | 'acceptIssuer'

export type WriteRegistryParameters = {
  walletClient: AnyWalletClient
  publicClient: AnyPublicClient
  /** The `IrisRegistry`. */
  address: Address
  functionName: RegistryWriteFunction
  args: readonly unknown[]
}
export type WriteRegistryReturnType = { receipt: TransactionReceipt; transactionHash: Hash; sender: Address }

/**
 * Simulates, sends and awaits one registry transaction.
 *
 * @param parameters - {@link WriteRegistryParameters}
 * @returns The successful receipt, its hash and the sending account.
 * @throws {VerifierCallRevertedError} With the contract's error name (from the simulation), or with no
 *   name when the mined transaction reverted anyway.
 * @throws {RpcUnavailableError} When the RPC does not answer.
 * @throws {InsufficientFundsError} When the account cannot pay for gas.
 */
export async function writeRegistry(parameters: WriteRegistryParameters): Promise<WriteRegistryReturnType> {
  const { walletClient, publicClient, address, functionName } = parameters
  const call = { address, abi: irisRegistryAbi, functionName, args: parameters.args } as never
  let account: Awaited<ReturnType<typeof resolveAccount>> | undefined
  let transactionHash: Hash | undefined
  try {
    account = await resolveAccount(walletClient)
    const { request } = await publicClient.simulateContract({ ...(call as object), account } as never)
    transactionHash = await walletClient.writeContract({ ...(request as object), account, chain: walletClient.chain ?? null } as never)
    const receipt = await publicClient.waitForTransactionReceipt({ hash: transactionHash })
    if (receipt.status !== 'success') throw new VerifierCallRevertedError({ errorName: undefined, address, functionName, transactionHash })
    return { receipt, transactionHash, sender: accountAddress(account) }
  } catch (err) {
    throw toChainError(err, { address, functionName, account: account ? accountAddress(account) : undefined, transactionHash })
  }
}
