/**
 * Deploys a `ZkmlRegistry` (the CREATE2 factory that makes `deployVerifier` idempotent per model).
 */
import { type Account, type Address, type Chain, type Hash, type PublicClient, type Transport, type WalletClient, getAddress } from 'viem'
import { ZkmlError } from '../errors/base.js'
import type { InsufficientFundsError, RpcUnavailableError } from '../errors/chain.js'
import { zkmlRegistryAbi } from './abi.js'
import { zkmlRegistryBytecode } from './generated/contracts.js'
import { accountAddress, resolveAccount } from './resolveAccount.js'
import { toChainError } from './toChainError.js'

export type DeployRegistryParameters = {
  walletClient: WalletClient<Transport, Chain | undefined, Account | undefined>
  publicClient: PublicClient<Transport, Chain | undefined>
}
export type DeployRegistryReturnType = { address: Address; transactionHash: Hash }
export type DeployRegistryErrorType = RpcUnavailableError | InsufficientFundsError | ZkmlError

/**
 * Deploys a new `ZkmlRegistry` and waits for it to be mined.
 *
 * @param parameters - {@link DeployRegistryParameters}
 * @returns The registry address and the deployment transaction hash.
 * @throws {InsufficientFundsError} When the account cannot pay for gas.
 * @throws {RpcUnavailableError} When the RPC does not answer.
 * @example
 * import { deployRegistry } from '@zkml/web/chain'
 * const { address: registry } = await deployRegistry({ walletClient, publicClient })
 */
export async function deployRegistry(parameters: DeployRegistryParameters): Promise<DeployRegistryReturnType> {
  const { walletClient, publicClient } = parameters
  let account: Awaited<ReturnType<typeof resolveAccount>> | undefined
  try {
    account = await resolveAccount(walletClient)
    const transactionHash = await walletClient.deployContract({
      abi: zkmlRegistryAbi,
      bytecode: zkmlRegistryBytecode,
      account,
      chain: walletClient.chain ?? null,
    })
    const receipt = await publicClient.waitForTransactionReceipt({ hash: transactionHash })
    if (receipt.status !== 'success' || !receipt.contractAddress)
      throw new ZkmlError('ZkmlRegistry deployment failed.', { metaMessages: [`Transaction: ${transactionHash}`] })
    return { address: getAddress(receipt.contractAddress), transactionHash }
  } catch (err) {
    throw toChainError(err, { functionName: 'deploy ZkmlRegistry', account: account ? accountAddress(account) : undefined })
  }
}
