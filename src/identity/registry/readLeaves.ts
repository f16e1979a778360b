/**
 * Reads the registry's leaves (from its `Enrolled` events) to build Merkle proofs on the device.
 */
import type { Address } from 'viem'
import type { RpcUnavailableError } from '../../errors/chain.js'
import { toChainError } from '../../chain/toChainError.js'
import { RegistryOutOfSyncError } from '../errors.js'
import { irisRegistryAbi } from '../generated/irisRegistry.js'
import { merkleRoot } from '../merkle.js'
import type { AnyPublicClient } from '../../chain/types.js'

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
  /** The contract's current root at `blockNumber`, equal to `merkleRoot({ leaves })`. */
  root: bigint
  /** The block the snapshot was read at (events up to it, state at it). */
  blockNumber: bigint
}
export type ReadRegistryErrorType = RpcUnavailableError | RegistryOutOfSyncError

/**
 * Reads every enrolled leaf and the current root as one snapshot (events up to, and state at, the
 * same block) and checks that the leaves rebuild the contract's root, so a proof made from them uses
 * the registry's current root: the one root that stays accepted however many enrollments follow
 * within `rootValidity`, up to `ROOT_HISTORY_SIZE - 1` of them. Fetching all leaves (not just one's own)
 * keeps the holder's leaf private from the RPC.
 *
 * @param parameters - {@link ReadRegistryParameters}
 * @returns {@link ReadRegistryReturnType}
 * @throws {RpcUnavailableError} When the RPC does not answer.
 * @throws {RegistryOutOfSyncError} When the events are incomplete (they do not rebuild `size()` or `root()`).
 * @example
 * import { merkleProof, readRegistry } from '@zkml/web/identity'
 * const { leaves } = await readRegistry({ publicClient, address })
 * const proof = merkleProof({ leaves, leaf })
 */
export async function readRegistry({ publicClient, address, fromBlock = 0n }: ReadRegistryParameters): Promise<ReadRegistryReturnType> {
  let snapshot: { logs: { args: { index: bigint; leaf: bigint } }[]; root: bigint; size: bigint; blockNumber: bigint }
  try {
    const blockNumber = await publicClient.getBlockNumber({ cacheTime: 0 })
    const read = (functionName: 'root' | 'size') => publicClient.readContract({ address, abi: irisRegistryAbi, functionName, blockNumber })
    const [logs, root, size] = await Promise.all([
      publicClient.getContractEvents({ address, abi: irisRegistryAbi, eventName: 'Enrolled', fromBlock, toBlock: blockNumber, strict: true }),
      read('root'),
      read('size'),
    ])
    snapshot = { logs, root, size, blockNumber }
  } catch (err) {
    throw toChainError(err, { address, functionName: 'root' })
  }
  const { logs, root, size, blockNumber } = snapshot
  const leaves: bigint[] = []
  for (const log of logs) leaves[Number(log.args.index)] = log.args.leaf
  const fail = (reason: string) => new RegistryOutOfSyncError({ address, blockNumber, leafCount: logs.length, size, reason })
  if (BigInt(leaves.length) !== size || logs.length !== leaves.length) throw fail(`found ${logs.length} Enrolled events for ${size} leaves`)
  if (merkleRoot({ leaves }) !== root) throw fail('the leaves do not rebuild root()')
  return { leaves, root, blockNumber }
}
