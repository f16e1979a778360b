/**
 * Checks which verification key a deployed adapter or verifier carries (browser-safe).
 */
import type { Address, Chain, Hex, PublicClient, Transport } from 'viem'
import { VkeyHashMismatchError } from '../errors/chain.js'
import { zkmlVerifiedAbi } from './abi.js'
import { verifierKeyAbi } from './statement.js'
import { toChainError } from './toChainError.js'

/** Parameters of {@link assertAdapterKey}. */
export type AssertAdapterKeyParameters = {
  publicClient: PublicClient<Transport, Chain | undefined>
  /** The contract to check. */
  address: Address
  /** The key you expect (`manifest.vkeyHash`). */
  vkeyHash: Hex
  /** What sits at `address`: a `ZkmlVerified` adapter (default) or a generated verifier. */
  kind?: 'adapter' | 'verifier' | undefined
}

/**
 * Reads the `vkeyHash()` of a `ZkmlVerified` adapter or of a generated verifier and throws unless it
 * equals the expected key. Use it once before you pin an adapter address you did not deploy.
 * @param parameters - {@link AssertAdapterKeyParameters}
 * @throws {VkeyHashMismatchError} On a different key; `VerifierCallRevertedError` / `RpcUnavailableError` /
 *   `ChainCallError` (e.g. no contract at `address`) when the read fails.
 * @example
 * import { assertAdapterKey } from '@zkml/web/chain'
 * await assertAdapterKey({ publicClient, address: adapter, vkeyHash: manifest.vkeyHash })
 */
export async function assertAdapterKey({ publicClient, address, vkeyHash, kind = 'adapter' }: AssertAdapterKeyParameters): Promise<void> {
  const actual = await publicClient
    .readContract({ address, abi: kind === 'adapter' ? zkmlVerifiedAbi : verifierKeyAbi, functionName: 'vkeyHash' })
    .catch((err: unknown) => Promise.reject(toChainError(err, { address, functionName: 'vkeyHash' })))
  if (actual.toLowerCase() !== vkeyHash.toLowerCase()) throw new VkeyHashMismatchError({ address, expected: vkeyHash, actual })
}
