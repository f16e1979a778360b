/**
 * Deploys the identity registry: the circuit's Groth16 verifier, poseidon-solidity's PoseidonT3
 * library (unless an existing one is given) and `IrisRegistry` linked against it.
 */
import { type Address, type Hash, type Hex, encodeDeployData, getAddress, isAddress, isHex, maxUint256, zeroAddress } from 'viem'
import { InvalidIdentityInputError } from '../../errors/identity.js'
import { InternalError } from '../../errors/internal.js'
import type { InsufficientFundsError, RpcUnavailableError, UnexpectedReceiptError, VerifierCallRevertedError } from '../../errors/chain.js'
import { accountAddress, resolveAccount } from '../../chain/resolveAccount.js'
import { sendTransaction } from '../../chain/sendTransaction.js'
import { toChainError } from '../../chain/toChainError.js'
import type { AnyPublicClient, AnyWalletClient } from '../../chain/types.js'
import { irisRegistryAbi, irisRegistryBytecode, irisRegistryLinkReferences, poseidonT3Bytecode } from '../generated/irisRegistry.js'

export type DeployIrisRegistryParameters = {
  walletClient: AnyWalletClient
  publicClient: AnyPublicClient
  /** The identity verifier: an address already deployed, or its creation bytecode (`verifier.json`). */
  verifier: Address | { bytecode: Hex }
  /** The issuer (may enroll; never the zero address). Default: the deploying account. */
  issuer?: Address | undefined
  /**
   * Seconds a replaced root stays usable (on top of the fixed history of `ROOT_HISTORY_SIZE` = 32
   * roots); 0 accepts only the current root. Default {@link DEFAULT_ROOT_VALIDITY} (1 hour).
   */
  rootValidity?: bigint | undefined
  /** An existing PoseidonT3 library (e.g. poseidon-solidity's deterministic deployment). Default: deploy one. */
  poseidonT3?: Address | undefined
}
/**
 * Default `rootValidity`: one hour. A holder reads the leaves, proves (seconds to a minute in a
 * browser) and submits; a proof against a root replaced less than an hour (and fewer than 32
 * enrollments) ago still verifies, an older one reverts with `RootExpired` and must be made again.
 */
export const DEFAULT_ROOT_VALIDITY = 3600n

export type DeployIrisRegistryReturnType = {
  /** The `IrisRegistry`. */
  address: Address
  verifierAddress: Address
  poseidonT3: Address
  /** Transactions sent, in order. */
  transactionHashes: Hash[]
}
export type DeployIrisRegistryErrorType = InvalidIdentityInputError | RpcUnavailableError | InsufficientFundsError | VerifierCallRevertedError | UnexpectedReceiptError

/**
 * Writes `address` into every link placeholder of PoseidonT3 in the registry's bytecode.
 *
 * @param address - The PoseidonT3 library address.
 * @returns Linked creation bytecode.
 */
export function linkIrisRegistry(address: Address): Hex {
  const hex = irisRegistryBytecode.slice(2).split('')
  const lib = address.slice(2).toLowerCase()
  for (const refs of Object.values(irisRegistryLinkReferences))
    for (const places of Object.values(refs))
      for (const { start, length } of places) {
        if (length !== 20) throw new InternalError({ invariant: `IrisRegistry bytecode has a link reference of ${length} bytes, not 20` })
        hex.splice(2 * start, 40, ...lib)
      }
  const linked = `0x${hex.join('')}` as Hex
  if (linked.includes('__')) throw new InternalError({ invariant: 'IrisRegistry bytecode still has unlinked libraries' })
  return linked
}

/**
 * Deploys the verifier (when given as bytecode), PoseidonT3 (unless given) and the registry.
 *
 * @param parameters - {@link DeployIrisRegistryParameters}
 * @returns {@link DeployIrisRegistryReturnType}
 * @throws {InvalidIdentityInputError} When `verifier`, `issuer` (e.g. the zero address) or `rootValidity` is malformed.
 * @throws {InsufficientFundsError} When the account cannot pay for gas.
 * @throws {RpcUnavailableError} When the RPC does not answer.
 * @throws {VerifierCallRevertedError} When a deployment reverts (simulated or mined; e.g. the constructor's `ZeroIssuer`).
 * @throws {UnexpectedReceiptError} When a deployment succeeds without creating its contract.
 * @example
 * import { deployIrisRegistry } from '@zkml/web/identity'
 * const { address } = await deployIrisRegistry({ walletClient, publicClient, verifier: { bytecode } })
 */
export async function deployIrisRegistry(parameters: DeployIrisRegistryParameters): Promise<DeployIrisRegistryReturnType> {
  const { walletClient, publicClient, verifier, rootValidity = DEFAULT_ROOT_VALIDITY } = parameters
  if (typeof verifier === 'string' ? !isAddress(verifier) : !isHex(verifier?.bytecode) || verifier.bytecode.length <= 2)
    throw new InvalidIdentityInputError({ field: 'verifier', reason: 'expected an address or `{ bytecode }`' })
  if (parameters.issuer !== undefined && (typeof parameters.issuer !== 'string' || !isAddress(parameters.issuer, { strict: false }) || BigInt(parameters.issuer) === BigInt(zeroAddress)))
    throw new InvalidIdentityInputError({ field: 'issuer', reason: 'expected a non-zero address (the zero address could never enroll)' })
  if (typeof rootValidity !== 'bigint' || rootValidity < 0n || rootValidity > maxUint256)
    throw new InvalidIdentityInputError({ field: 'rootValidity', reason: 'expected a uint256 number of seconds (bigint)' })
  const transactionHashes: Hash[] = []
  const deploy = async (data: Hex, what: string): Promise<Address> => {
    const sent = await sendTransaction({ walletClient, publicClient, data, abi: irisRegistryAbi, functionName: `deploy ${what}` })
    transactionHashes.push(sent.transactionHash)
    return sent.contractAddress!
  }
  const verifierAddress = typeof verifier === 'string' ? getAddress(verifier) : await deploy(verifier.bytecode, 'identity verifier')
  const poseidonT3 = parameters.poseidonT3 ? getAddress(parameters.poseidonT3) : await deploy(poseidonT3Bytecode, 'PoseidonT3')
  // Default issuer: the deploying account (resolved by the wallet client, as every send does).
  const issuer = parameters.issuer
    ? getAddress(parameters.issuer)
    : await resolveAccount(walletClient).then(accountAddress, (err: unknown) => Promise.reject(toChainError(err, { functionName: 'deploy IrisRegistry' })))
  const data = encodeDeployData({ abi: irisRegistryAbi, bytecode: linkIrisRegistry(poseidonT3), args: [verifierAddress, issuer, rootValidity] })
  const address = await deploy(data, 'IrisRegistry')
  return { address, verifierAddress, poseidonT3, transactionHashes }
}
