/**
 * The `ZkmlVerified.Statement` a deployment checks, from verifier artifacts or a manifest (browser-safe).
 */
import type { Address, Hex } from 'viem'
import type { Manifest } from '../compile/manifest.js'
import { InvalidVerifierArtifactsError } from '../errors/chain.js'
import type { VerifierArtifacts } from './types.js'
import type { GammaDeltaKey } from '../setup/keyCheck.js'

/** `ZkmlVerified.NONE`: the index of a signal the statement does not have. */
export const NO_SIGNAL = (1n << 256n) - 1n

/** The adapter's constructor argument (`ZkmlVerified.Statement`). */
export type AdapterStatement = {
  modelHash: Hex
  vkeyHash: Hex
  publicSignalCount: bigint
  weightsHashIndex: bigint
  weightsHash: bigint
  messageIndex: bigint
}

/** ABI components of `ZkmlVerified.Statement`, in field order. */
export const STATEMENT_ABI_COMPONENTS = [
  { name: 'modelHash', type: 'bytes32' },
  { name: 'vkeyHash', type: 'bytes32' },
  { name: 'publicSignalCount', type: 'uint256' },
  { name: 'weightsHashIndex', type: 'uint256' },
  { name: 'weightsHash', type: 'uint256' },
  { name: 'messageIndex', type: 'uint256' },
] as const

/** ABI of the verifier's `vkeyHash()` (every verifier @zkml/web generates has it). */
export const verifierKeyAbi = [{ type: 'function', name: 'vkeyHash', stateMutability: 'pure', inputs: [], outputs: [{ name: '', type: 'bytes32' }] }] as const

/**
 * The adapter statement of verifier artifacts.
 * @param artifacts - {@link VerifierArtifacts}
 * @returns {@link AdapterStatement}, with `NO_SIGNAL` indices for absent signals.
 */
export function adapterStatement(artifacts: VerifierArtifacts): AdapterStatement {
  return {
    modelHash: artifacts.modelHash,
    vkeyHash: artifacts.vkeyHash,
    publicSignalCount: BigInt(artifacts.nPublic),
    weightsHashIndex: artifacts.weightsHash ? BigInt(artifacts.weightsHash.index) : NO_SIGNAL,
    weightsHash: artifacts.weightsHash ? BigInt(artifacts.weightsHash.value) : 0n,
    messageIndex: artifacts.messageIndex === undefined ? NO_SIGNAL : BigInt(artifacts.messageIndex),
  }
}

/** Parameters of {@link verifierArtifacts}. */
export type VerifierArtifactsParameters = {
  /** The artifacts' manifest.json (parsed). */
  manifest: Pick<Manifest, 'modelHash' | 'publicSignals' | 'weights'> & { vkeyHash?: Hex | undefined; setup?: Manifest['setup'] | undefined }
  /** verifier.json (parsed): the compiled verifier. */
  verifier: { bytecode: Hex }
  /** vkey.json (parsed), when at hand: `deployVerifier` then refuses a key with δ₂ = γ₂. */
  vkey?: GammaDeltaKey | undefined
}

/**
 * Builds `deployVerifier`'s artifacts from a manifest and its verifier.json: model hash, vkeyHash,
 * signal count, the pins the statement needs (the hidden-weights commitment, the message index), and
 * the setup provenance (and key, when given) that `deployVerifier`'s setup policy judges.
 * @param parameters - {@link VerifierArtifactsParameters}
 * @returns {@link VerifierArtifacts}
 * @throws {InvalidVerifierArtifactsError} When the manifest has no vkeyHash (compiled by an older version) or is inconsistent.
 * @example
 * import { deployVerifier, verifierArtifacts } from '@zkml/web/chain'
 * const { address } = await deployVerifier(clients, verifierArtifacts({ manifest, verifier }))
 */
export function verifierArtifacts({ manifest, verifier, vkey }: VerifierArtifactsParameters): VerifierArtifacts {
  if (!manifest.vkeyHash) throw new InvalidVerifierArtifactsError({ field: 'manifest.vkeyHash', reason: 'is missing; recompile the model with this version of @zkml/web' })
  const layout = manifest.publicSignals.layout
  const weights = layout.find((e) => e.kind === 'weightsHash')
  const message = layout.find((e) => e.kind === 'message')
  if (weights && !manifest.weights) throw new InvalidVerifierArtifactsError({ field: 'manifest.weights', reason: 'is missing although the layout has a weightsHash signal' })
  return {
    modelHash: manifest.modelHash,
    vkeyHash: manifest.vkeyHash,
    nPublic: manifest.publicSignals.count,
    verifier: { bytecode: verifier.bytecode },
    ...(weights ? { weightsHash: { index: weights.offset, value: manifest.weights!.commitment } } : {}),
    ...(message ? { messageIndex: message.offset } : {}),
    ...(manifest.setup ? { setup: manifest.setup } : {}),
    ...(vkey ? { vkey } : {}),
  }
}

/** An address as the message field element a contract compares with `uint160(msg.sender)`. */
export function addressMessage(address: Address): bigint {
  return BigInt(address)
}
