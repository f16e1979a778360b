/**
 * Reads the registry's leaves (from its `Enrolled` events) to build Merkle proofs on the device.
 */
import type { Address } from 'viem'
import type { RpcUnavailableError } from '../../errors/chain.js'
import { toChainError } from '../../chain/toChainError.js'
import { irisRegistryAbi } from '../generated/irisRegistry.js'
import type { AnyPublicClient } from './types.js'

export type ReadRegistryParameters = {
  publicClient: AnyPublicClient
  /** The `IrisRegistry`. */
  address: Address
  /** First block to scan for events. Default 0 (use the deployment block on long chains). */
  fromBlock?: bigint | undefined
}
export type ReadRegistryReturnType = {
  /** Leaves in insertion order (index order). */
  leaves: bigint[]
  /** The contract's current root. */
  root: bigint
}
export type ReadRegistryErrorType = RpcUnavailableError

/**
 * Reads every enrolled leaf and the current root. Fetching all leaves (not just one's own) keeps
 * the holder's leaf private from the RPC.
 *
 * @param parameters - {@link ReadRegistryParameters}
 * @returns {@link ReadRegistryReturnType}
 * @throws {RpcUnavailableError} When the RPC does not answer.
 * @example
 * import { merkleProof, readRegistry } from '@zkml/web/identity'
 * const { leaves } = await readRegistry({ publicClient, address })
 * const proof = merkleProof({ leaves, leaf })
 */
export async function readRegistry({ publicClient, address, fromBlock = 0n }: ReadRegistryParameters): Promise<ReadRegistryReturnType> {
  try {
    const [logs, root] = await Promise.all([
      publicClient.getContractEvents({ address, abi: irisRegistryAbi, eventName: 'Enrolled', fromBlock, strict: true }),
      publicClient.readContract({ address, abi: irisRegistryAbi, functionName: 'root' }),
    ])
    const leaves: bigint[] = []
    for (const log of logs) leaves[Number(log.args.index)] = log.args.leaf
    return { leaves, root }
  } catch (err) {
    throw toChainError(err, { address, functionName: 'root' })
  }
}
