/**
 * Deploys a model's snarkjs verifier and its `ZkmlVerified` adapter.
 */
import {
  type Account,
  type Address,
  type Chain,
  type Hash,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
  encodeAbiParameters,
  getAddress,
  isHex,
  keccak256,
  parseEventLogs,
  zeroAddress,
} from 'viem'
import { ZkmlError } from '../errors/base.js'
import { VkeyHashMismatchError } from '../errors/chain.js'
import type { InsufficientFundsError, RpcUnavailableError, VerifierCallRevertedError } from '../errors/chain.js'
import { zkmlRegistryAbi, zkmlVerifiedAbi } from './abi.js'
import { zkmlVerifiedBytecode } from './generated/contracts.js'
import { adapterStatement, STATEMENT_ABI_COMPONENTS, verifierKeyAbi } from './statement.js'
import { accountAddress, resolveAccount } from './resolveAccount.js'
import { toChainError } from './toChainError.js'
import type { VerifierArtifacts } from './types.js'
import { assertTrustedSetup, hasInsecureVerifierMarker, INSECURE_VERIFIER_MARKER } from '../setup/trust.js'
import { assertGammaDeltaDistinct } from '../setup/keyCheck.js'
import { InsecureSetupError, type ForgeableVerificationKeyError } from '../errors/setup.js'

/** The registry's ABI plus the adapter's custom errors (its constructor runs inside `deploy`). */
const registryWithAdapterErrors = [...zkmlRegistryAbi, ...zkmlVerifiedAbi.filter((x) => x.type === 'error')] as const

export type DeployVerifierParameters = {
  walletClient: WalletClient<Transport, Chain | undefined, Account | undefined>
  publicClient: PublicClient<Transport, Chain | undefined>
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
export type DeployVerifierErrorType = RpcUnavailableError | InsufficientFundsError | VerifierCallRevertedError | VkeyHashMismatchError | InsecureSetupError | ForgeableVerificationKeyError | ZkmlError

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
  const bad = (field: string, reason: string) => new ZkmlError(`Invalid verifier artifacts: ${field} ${reason}.`)
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
 * @throws {ZkmlError} When the artifacts are malformed or a deployment is not mined successfully.
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
  let account: Awaited<ReturnType<typeof resolveAccount>> | undefined
  try {
    account = await resolveAccount(walletClient)
    const chain = walletClient.chain ?? null
    const mined = async (hash: Hash) => {
      const receipt = await publicClient.waitForTransactionReceipt({ hash })
      if (receipt.status !== 'success') throw new ZkmlError('Deployment transaction reverted.', { metaMessages: [`Transaction: ${hash}`] })
      return receipt
    }
    const statement = adapterStatement(artifacts)
    const hashes = { vkeyHash: artifacts.vkeyHash, modelHash: artifacts.modelHash }

    if (registry) {
      const key = registryKey(artifacts)
      const existing = await publicClient.readContract({ address: registry, abi: zkmlRegistryAbi, functionName: 'adapterOf', args: [key] })
      if (existing !== zeroAddress) {
        const verifierAddress = await publicClient.readContract({ address: existing, abi: zkmlVerifiedAbi, functionName: 'verifier' })
        return { address: existing, verifierAddress, ...hashes, reused: true, transactionHashes: [] }
      }
      const call = { address: registry, abi: registryWithAdapterErrors, functionName: 'deploy', args: [statement, artifacts.verifier.bytecode], account } as const
      await publicClient.simulateContract(call) // decodes the adapter's errors (e.g. VkeyHashMismatch) before paying
      const hash = await walletClient.writeContract({ ...call, chain })
      const receipt = await mined(hash)
      const [log] = parseEventLogs({ abi: zkmlRegistryAbi, logs: receipt.logs, eventName: 'VerifierDeployed' })
      if (!log) throw new ZkmlError('ZkmlRegistry.deploy emitted no VerifierDeployed event.', { metaMessages: [`Transaction: ${hash}`] })
      return { address: log.args.adapter, verifierAddress: log.args.verifier, ...hashes, reused: false, transactionHashes: [hash] }
    }

    const verifierHash = await walletClient.deployContract({ abi: [], bytecode: artifacts.verifier.bytecode, account, chain })
    const verifierDeployed = (await mined(verifierHash)).contractAddress
    if (!verifierDeployed) throw new ZkmlError('Verifier deployment returned no contract address.')
    const reported = await publicClient
      .readContract({ address: verifierDeployed, abi: verifierKeyAbi, functionName: 'vkeyHash' })
      .catch((e: unknown) => {
        throw new ZkmlError('The deployed verifier has no vkeyHash(); rebuild it with this version of @zkml/web.', { cause: e })
      })
    if (reported !== artifacts.vkeyHash) throw new VkeyHashMismatchError({ address: getAddress(verifierDeployed), expected: artifacts.vkeyHash, actual: reported })
    const adapterHash = await walletClient.deployContract({
      abi: zkmlVerifiedAbi,
      bytecode: zkmlVerifiedBytecode,
      args: [getAddress(verifierDeployed), statement],
      account,
      chain,
    })
    const adapterDeployed = (await mined(adapterHash)).contractAddress
    if (!adapterDeployed) throw new ZkmlError('Adapter deployment returned no contract address.')
    return { address: getAddress(adapterDeployed), verifierAddress: getAddress(verifierDeployed), ...hashes, reused: false, transactionHashes: [verifierHash, adapterHash] }
  } catch (err) {
    throw toChainError(err, {
      address: registry,
      functionName: registry ? 'ZkmlRegistry.deploy' : 'deploy verifier',
      account: account ? accountAddress(account) : undefined,
    })
  }
}
