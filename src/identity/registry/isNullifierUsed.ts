/**
 * `IrisRegistry.nullifierUsed(scope, nullifier)`: whether an identity has already verified in a scope.
 * The holder computes its nullifier locally (`identityNullifier({ scope, secret })`) and asks before
 * proving, so a proof the registry would refuse (`NullifierUsed`) is never made.
 */
import type { Address } from 'viem'
import type { RpcUnavailableError } from '../../errors/chain.js'
import { toChainError } from '../../chain/toChainError.js'
import { assertField } from '../identity.js'
import { irisRegistryAbi } from '../generated/irisRegistry.js'
import type { AnyPublicClient } from '../../chain/types.js'

export type IsNullifierUsedParameters = {
  publicClient: AnyPublicClient
  /** The `IrisRegistry`. */
  address: Address
  scope: bigint
  /** `identityNullifier({ scope, secret })`. */
  nullifier: bigint
}
export type IsNullifierUsedReturnType = boolean
export type IsNullifierUsedErrorType = RpcUnavailableError

/**
 * Reads whether `nullifier` is spent in `scope` (at the latest block).
 *
 * Privacy: the RPC learns the nullifier (and the scope) now rather than when the proof is submitted.
 * A nullifier names one identity in one scope only; it is unlinkable to the identity's leaf and to its
 * nullifiers in other scopes.
 *
 * @param parameters - {@link IsNullifierUsedParameters}
 * @returns True when the registry would refuse a proof with this nullifier (`NullifierUsed`).
 * @throws {RpcUnavailableError} When the RPC does not answer.
 * @throws {InvalidIdentityInputError} When `scope` or `nullifier` is not a field element.
 * @example
 * import { identityNullifier, isNullifierUsed } from '@zkml/web/identity'
 * const nullifier = identityNullifier({ scope, secret })
 * if (await isNullifierUsed({ publicClient, address, scope, nullifier })) console.log('already verified in this scope')
 */
export async function isNullifierUsed({ publicClient, address, scope, nullifier }: IsNullifierUsedParameters): Promise<IsNullifierUsedReturnType> {
  const args = [assertField(scope, 'scope'), assertField(nullifier, 'nullifier')] as const
  try {
    return await publicClient.readContract({ address, abi: irisRegistryAbi, functionName: 'nullifierUsed', args })
  } catch (err) {
    throw toChainError(err, { address, functionName: 'nullifierUsed' })
  }
}
