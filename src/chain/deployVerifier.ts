/**
 * Deploys a model's snarkjs verifier and its `ZkmlVerified` adapter.
 */
import { type Address, type Hash, type Hex, encodeAbiParameters, encodeDeployData, encodeFunctionData, isHex, keccak256, zeroAddress } from 'viem'
import { InvalidVerifierArtifactsError, RpcUnavailableError, VkeyHashMismatchError } from '../errors/chain.js'
import type { ChainCallError, InsufficientFundsError, UnexpectedReceiptError, VerifierCallRevertedError } from '../errors/chain.js'
import { zkmlRegistryAbi, zkmlVerifiedAbi } from './abi.js'
import { zkmlVerifiedBytecode } from './generated/contracts.js'
import { sendTransaction } from './sendTransaction.js'
import { adapterStatement, STATEMENT_ABI_COMPONENTS, verifierKeyAbi } from './statement.js'
import { toChainError } from './toChainError.js'
import type { AnyPublicClient, AnyWalletClient, VerifierArtifacts } from './types.js'
import { assertTrustedSetup, hasInsecureVerifierMarker, INSECURE_VERIFIER_MARKER } from '../setup/trust.js'
import { assertGammaDeltaDistinct } from '../setup/keyCheck.js'
import { InsecureSetupError, type ForgeableVerificationKeyError } from '../errors/setup.js'

/** The registry's ABI plus the adapter's custom errors (its constructor runs inside `deploy`). */
const registryWithAdapterErrors = [...zkmlRegistryAbi, ...zkmlVerifiedAbi.filter((x) => x.type === 'error')] as const

export type DeployVerifierParameters = {
  walletClient: AnyWalletClient
  publicClient: AnyPublicClient
  /** A `ZkmlRegistry`: when given, an existing deployment for the same model and verifier is reused. */
  registry?: Address | undefined
  /**
   * Deploy a verifier whose setup the policy does not trust (`artifacts.setup` classified untrusted,
   * or bytecode marked `INSECURE_DEV`): development and local demos only.
   */
  allowInsecureSetup?: boolean | undefined
}
export type DeployVerifierReturnType = {
  /** The `ZkmlVerified` adapter (what `submitProof` and `verifyOnChain` take). */
  address: Address
  /** The raw snarkjs verifier. */
  verifierAddress: Address
  /** The verification key's hash the adapter carries (and emits in every `InferenceVerified`). */
  vkeyHash: Hex
  /** The model hash the adapter carries (a label). */
  modelHash: Hex
  /** True when the registry already had this deployment (no transaction was sent). */
  reused: boolean
  /** Transactions sent, in order. */
  transactionHashes: Hash[]
}
export type DeployVerifierErrorType =
  | RpcUnavailableError
  | InsufficientFundsError
  | VerifierCallRevertedError
  | UnexpectedReceiptError
  | ChainCallError
  | VkeyHashMismatchError
  | InvalidVerifierArtifactsError
  | InsecureSetupError
  | ForgeableVerificationKeyError

/**
 * The registry key of a verifier deployment: `keccak256(abi.encode(statement, keccak256(verifierInitCode)))`,
 * where the statement is the adapter's (model hash, vkeyHash, signal count, weights pin, message index).
 * Look an adapter up with `ZkmlRegistry.adapterOf(key)`: the key of artifacts you hold names exactly
 * their verifier code and statement (pin it, never a bare model hash).
 *
 * @param artifacts - {@link VerifierArtifacts}
 * @returns The bytes32 key `ZkmlRegistry.adapterOf` is indexed by.
 */
export function registryKey(artifacts: VerifierArtifacts): Hash {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'tuple', components: STATEMENT_ABI_COMPONENTS }, { type: 'bytes32' }],
      [adapterStatement(artifacts), keccak256(artifacts.verifier.bytecode)],
    ),
  )
}

const bytes32 = (v: unknown) => isHex(v) && v.length === 66

/** Checks the artifacts' shape (bytes32 hashes, bytecode, signal count, indices). */
function assertArtifacts(artifacts: VerifierArtifacts): void {
  const bad = (field: string, reason: string) => new InvalidVerifierArtifactsError({ field, reason })
  if (!bytes32(artifacts.modelHash)) throw bad('modelHash', 'must be a 0x-prefixed bytes32')
  if (!bytes32(artifacts.vkeyHash)) throw bad('vkeyHash', 'must be a 0x-prefixed bytes32 (manifest.vkeyHash)')
  if (!Number.isSafeInteger(artifacts.nPublic) || artifacts.nPublic < 1) throw bad('nPublic', 'must be a positive integer')
  if (!isHex(artifacts.verifier?.bytecode) || artifacts.verifier.bytecode.length <= 2) throw bad('verifier.bytecode', 'must be non-empty hex')
  const index = (i: unknown) => Number.isSafeInteger(i) && (i as number) >= 0 && (i as number) < artifacts.nPublic
  if (artifacts.weightsHash !== undefined && (!index(artifacts.weightsHash.index) || !bytes32(artifacts.weightsHash.value)))
    throw bad('weightsHash', 'must be { index < nPublic, value: bytes32 }')
  if (artifacts.messageIndex !== undefined && !index(artifacts.messageIndex)) throw bad('messageIndex', 'must be an index below nPublic')
}

/**
 * The setup policy for a deployment: a key with δ₂ = γ₂ (when `vkey` is given) is refused always;
 * an untrusted `setup` (when given) or bytecode carrying the `INSECURE_DEV` marker is refused unless
 * `allowInsecureSetup`. Bytecode without a marker and without a provenance cannot be judged and passes.
 */
function assertDeployable(artifacts: VerifierArtifacts, allowInsecureSetup: boolean | undefined): void {
  if (artifacts.vkey !== undefined) assertGammaDeltaDistinct(artifacts.vkey, 'vkey')
  if (artifacts.setup !== undefined) assertTrustedSetup({ setup: artifacts.setup, allowInsecureSetup, operation: 'deploy' })
  if (!allowInsecureSetup && hasInsecureVerifierMarker(artifacts.verifier.bytecode))
    throw new InsecureSetupError({ setupKind: artifacts.setup?.kind ?? 'unknown', reason: `the verifier bytecode is marked ${INSECURE_VERIFIER_MARKER}: its key comes from a setup the policy does not trust.`, operation: 'deploy' })
}

/**
 * Deploys the verifier and a `ZkmlVerified` adapter for it (two transactions), or — with a `registry` —
 * deploys both through `ZkmlRegistry.deploy` once per (statement, verifier code) and reuses them
 * afterwards. The adapter requires the verifier to report `artifacts.vkeyHash`, and pins the
 * hidden-weights commitment and the message index when the artifacts have them. First applies the
 * setup policy (see `assertTrustedSetup`): an untrusted setup or an `INSECURE_DEV` verifier is
 * refused unless `allowInsecureSetup`, a key with δ₂ = γ₂ always.
 *
 * @param parameters - {@link DeployVerifierParameters}
 * @param artifacts - {@link VerifierArtifacts}: hashes, signal count, verifier bytecode, pins (see `verifierArtifacts`).
 * @returns {@link DeployVerifierReturnType}; `address` is the adapter.
 * @throws {InsufficientFundsError} When the account cannot pay for gas.
 * @throws {RpcUnavailableError} When the RPC does not answer.
 * @throws {VkeyHashMismatchError} When the verifier bytecode carries another key than `artifacts.vkeyHash`.
 * @throws {VerifierCallRevertedError} When `ZkmlRegistry.deploy` reverts (e.g. `VkeyHashMismatch`).
 * @throws {InsecureSetupError} When the setup is not trusted and `allowInsecureSetup` is not set.
 * @throws {ForgeableVerificationKeyError} When `artifacts.vkey` has δ₂ = γ₂.
 * @throws {InvalidVerifierArtifactsError} When the artifacts are malformed, or the verifier has no `vkeyHash()`.
 * @throws {UnexpectedReceiptError} When a deployment succeeds without its contract or `VerifierDeployed` event.
 * @example
 * import { deployVerifier, verifierArtifacts } from '@zkml/web/chain'
 * const { address, vkeyHash } = await deployVerifier({ walletClient, publicClient }, verifierArtifacts({ manifest, verifier, vkey }))
 */
export async function deployVerifier(
  parameters: DeployVerifierParameters,
  artifacts: VerifierArtifacts,
): Promise<DeployVerifierReturnType> {
  assertArtifacts(artifacts)
  assertDeployable(artifacts, parameters.allowInsecureSetup)
  const { walletClient, publicClient, registry } = parameters
  const clients = { walletClient, publicClient }
  const statement = adapterStatement(artifacts)
  const hashes = { vkeyHash: artifacts.vkeyHash, modelHash: artifacts.modelHash }
  const read = <T>(address: Address, functionName: string, call: Promise<T>): Promise<T> =>
    call.catch((err: unknown) => Promise.reject(toChainError(err, { address, functionName })))

  if (registry) {
    const key = registryKey(artifacts)
    const existing = await read(registry, 'adapterOf', publicClient.readContract({ address: registry, abi: zkmlRegistryAbi, functionName: 'adapterOf', args: [key] }))
    if (existing !== zeroAddress) {
      const verifierAddress = await read(existing, 'verifier', publicClient.readContract({ address: existing, abi: zkmlVerifiedAbi, functionName: 'verifier' }))
      return { address: existing, verifierAddress, ...hashes, reused: true, transactionHashes: [] }
    }
    // The simulation decodes the adapter's constructor errors (e.g. VkeyHashMismatch) before paying.
    const data = encodeFunctionData({ abi: registryWithAdapterErrors, functionName: 'deploy', args: [statement, artifacts.verifier.bytecode] })
    const sent = await sendTransaction({ ...clients, to: registry, data, abi: registryWithAdapterErrors, functionName: 'ZkmlRegistry.deploy', eventName: 'VerifierDeployed' })
    return { address: sent.event.adapter, verifierAddress: sent.event.verifier, ...hashes, reused: false, transactionHashes: [sent.transactionHash] }
  }

  const verifier = await sendTransaction({ ...clients, data: artifacts.verifier.bytecode, abi: [], functionName: 'deploy verifier' })
  const verifierAddress = verifier.contractAddress!
  const reported = await read(verifierAddress, 'vkeyHash', publicClient.readContract({ address: verifierAddress, abi: verifierKeyAbi, functionName: 'vkeyHash' })).catch(
    (err: unknown) => {
      if (err instanceof RpcUnavailableError) throw err
      throw new InvalidVerifierArtifactsError({ field: 'verifier.bytecode', reason: 'deploys a verifier without vkeyHash(); rebuild it with this version of @zkml/web', cause: err })
    },
  )
  if (reported !== artifacts.vkeyHash) throw new VkeyHashMismatchError({ address: verifierAddress, expected: artifacts.vkeyHash, actual: reported })
  const data = encodeDeployData({ abi: zkmlVerifiedAbi, bytecode: zkmlVerifiedBytecode, args: [verifierAddress, statement] })
  const adapter = await sendTransaction({ ...clients, data, abi: zkmlVerifiedAbi, functionName: 'deploy ZkmlVerified' })
  return { address: adapter.contractAddress!, verifierAddress, ...hashes, reused: false, transactionHashes: [verifier.transactionHash, adapter.transactionHash] }
}
