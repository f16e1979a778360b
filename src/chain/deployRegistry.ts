/**
 * Deploys a `ZkmlRegistry` (the CREATE2 factory that makes `deployVerifier` idempotent per model).
 */
import { type Address, type Hash, encodeDeployData } from 'viem'
import type { InsufficientFundsError, RpcUnavailableError, UnexpectedReceiptError, VerifierCallRevertedError } from '../errors/chain.js'
import { zkmlRegistryAbi } from './abi.js'
import { zkmlRegistryBytecode } from './generated/contracts.js'
import { sendTransaction } from './sendTransaction.js'
import type { AnyPublicClient, AnyWalletClient } from './types.js'

export type DeployRegistryParameters = {
  walletClient: AnyWalletClient
  publicClient: AnyPublicClient
}
export type DeployRegistryReturnType = { address: Address; transactionHash: Hash }
export type DeployRegistryErrorType = RpcUnavailableError | InsufficientFundsError | VerifierCallRevertedError | UnexpectedReceiptError

/**
 * Deploys a new `ZkmlRegistry` and waits for it to be mined (simulated first, like every write).
 *
 * @param parameters - {@link DeployRegistryParameters}
 * @returns The registry address and the deployment transaction hash.
 * @throws {InsufficientFundsError} When the account cannot pay for gas.
 * @throws {RpcUnavailableError} When the RPC does not answer.
 * @throws {VerifierCallRevertedError} When the deployment reverts.
 * @example
 * import { deployRegistry } from '@zkml/web/chain'
 * const { address: registry } = await deployRegistry({ walletClient, publicClient })
 */
export async function deployRegistry(parameters: DeployRegistryParameters): Promise<DeployRegistryReturnType> {
  const { walletClient, publicClient } = parameters
  const data = encodeDeployData({ abi: zkmlRegistryAbi, bytecode: zkmlRegistryBytecode })
  const sent = await sendTransaction({ walletClient, publicClient, data, abi: zkmlRegistryAbi, functionName: 'deploy ZkmlRegistry' })
  return { address: sent.contractAddress!, transactionHash: sent.transactionHash }
}
