/**
 * Checks a proof against a deployed verifier with `eth_call` (no transaction, no gas paid).
 */
import type { Account, Address, Chain, Hex, PublicClient, Transport } from 'viem'
import { VerifierCallRevertedError } from '../errors/chain.js'
import type { RpcUnavailableError, VkeyHashMismatchError } from '../errors/chain.js'
import { assertAdapterKey } from './assertAdapterKey.js'
import { groth16VerifierAbi, zkmlVerifiedAbi } from './abi.js'
import { verifyGasLimit } from './gas.js'
import { toCalldata } from './toCalldata.js'
import { toChainError } from './toChainError.js'
import type { ProofResult } from './types.js'

export type VerifyOnChainParameters = {
  publicClient: PublicClient<Transport, Chain | undefined>
  /** A `ZkmlVerified` adapter (default) or a raw snarkjs verifier (`kind: 'verifier'`). */
  address: Address
  /** What sits at `address`. Default `'adapter'`. */
  kind?: 'adapter' | 'verifier' | undefined
  /** Gas for the call. Default {@link verifyGasLimit}. */
  gas?: bigint | undefined
  /** Caller of the simulated call (only matters for adapters that check `msg.sender`). */
  account?: Account | Address | undefined
  /**
   * The verification key you expect (`manifest.vkeyHash`): when given, the contract's `vkeyHash()` is
   * read first and a different key throws `VkeyHashMismatchError` (a contract that does not verify
   * your artifacts answers nothing you can trust).
   */
  vkeyHash?: Hex | undefined
}
export type VerifyOnChainReturnType = boolean
export type VerifyOnChainErrorType = VerifierCallRevertedError | VkeyHashMismatchError | RpcUnavailableError

/**
 * Verifies a proof on chain via `eth_call`.
 *
 * Returns `false` only when the proof is invalid: the raw verifier returned false, or the adapter reverted
 * with `InvalidProof()` or `WeightsHashMismatch` (a proof for other hidden weights). Anything else (wrong
 * signal count, too little gas, no contract, RPC down, another key than `vkeyHash`) throws.
 *
 * @param parameters - {@link VerifyOnChainParameters}
 * @param result - `{ proof, publicSignals }` as snarkjs returns them.
 * @returns Whether the contract accepts the proof.
 * @throws {VerifierCallRevertedError} On any revert other than `InvalidProof` (e.g. `WrongPublicSignalCount`).
 * @throws {VkeyHashMismatchError} When `vkeyHash` is given and the contract carries another key.
 * @throws {RpcUnavailableError} When the RPC does not answer.
 * @throws {InvalidProofFormatError} When the proof cannot be encoded.
 * @example
 * import { verifyOnChain } from '@zkml/web/chain'
 * const ok = await verifyOnChain({ publicClient, address: adapter, vkeyHash: manifest.vkeyHash }, { proof, publicSignals })
 */
export async function verifyOnChain(parameters: VerifyOnChainParameters, result: ProofResult): Promise<VerifyOnChainReturnType> {
  const { publicClient, address, kind = 'adapter', account } = parameters
  const args = toCalldata(result.proof, result.publicSignals)
  const gas = parameters.gas ?? verifyGasLimit(args[3].length)
  const functionName = kind === 'adapter' ? 'verify' : 'verifyProof'
  try {
    if (parameters.vkeyHash !== undefined) await assertAdapterKey({ publicClient, address, vkeyHash: parameters.vkeyHash, kind })
    if (kind === 'verifier')
      return (
        await publicClient.simulateContract({ address, abi: groth16VerifierAbi(args[3].length), functionName: 'verifyProof', args, gas, ...(account ? { account } : {}) })
      ).result
    await publicClient.simulateContract({ address, abi: zkmlVerifiedAbi, functionName: 'verify', args, gas, ...(account ? { account } : {}) })
    return true
  } catch (err) {
    const error = toChainError(err, { address, functionName })
    if (kind === 'adapter' && error instanceof VerifierCallRevertedError && (error.errorName === 'InvalidProof' || error.errorName === 'WeightsHashMismatch')) return false
    throw error
  }
}
