/**
 * Proving personhood on the device: witness from the private capture, template, salt, secret and
 * Merkle path; Groth16 proof with snarkjs. Nothing private leaves this function.
 */
import { proveGroth16, type Groth16Proof } from '../prove/groth16.js'
import { WitnessGenerationError } from '../errors/prove.js'
import { assertIdentityCircuit, type IdentityArtifacts } from './artifacts.js'
import { IRIS_CODE_BITS } from './config.js'
import { InvalidIdentityInputError, IrisNoMatchError } from './errors.js'
import { assertField, assertTemplate, identityLeaf, identityNullifier, irisCode } from './identity.js'
import { assertStrip, type IrisStrip } from './iris.js'
import { matchCodes } from './match.js'
import { type MerkleProof, merkleProofRoot } from './merkle.js'
import { buildIdentityCircuit } from './statement.js'
import { type PersonhoodCalldata, toPersonhoodCalldata } from './registry/verifyPersonhood.js'
import { InternalError } from '../errors/internal.js'
import type { OnProgress } from '../utils/progress.js'

/** Parameters of {@link proveIdentity}. */
export type ProveIdentityParameters = {
  artifacts: IdentityArtifacts
  /** The fresh scan (private). */
  capture: IrisStrip
  /** The enrolled template (private). */
  template: Uint8Array
  salt: bigint
  secret: bigint
  /**
   * Inclusion proof of the identity's leaf (`merkleProof({ leaves, leaf })`); the root it leads to
   * becomes public. `leaf` and `root`, when present, are checked against the computed ones.
   */
  merkleProof: Pick<MerkleProof, 'index' | 'siblings'> & Partial<Pick<MerkleProof, 'root' | 'leaf'>>
  /** Public: the scope whose nullifier is spent (e.g. an app id). */
  scope: bigint
  /**
   * Public: the bound message. For `IrisRegistry` it must be the address (as a uint160) of the account
   * that will submit the proof: the registry refuses it from any other sender (`MessageNotSender`).
   */
  message: bigint
  /** Progress: `match`, `witness`, `prove`. */
  onProgress?: OnProgress<'match' | 'witness' | 'prove'> | undefined
}

/** Result of {@link proveIdentity}. */
export type ProveIdentityReturnType = {
  proof: Groth16Proof
  /** `[root, nullifier, scope, message]` as decimal strings (snarkjs order). */
  publicSignals: string[]
  /** `verifyPersonhood` arguments. */
  calldata: PersonhoodCalldata
  root: bigint
  nullifier: bigint
  /** Hamming distance at the proven rotation, and that rotation. */
  distance: number
  shift: number
  /** The code the circuit computed (equal to `irisCode({ strip: capture })`). */
  code: Uint8Array
  timings: { witnessMs: number; proveMs: number }
}
export type ProveIdentityErrorType = IrisNoMatchError | InvalidIdentityInputError

/**
 * Proves that `capture` matches the enrolled identity, without revealing which one.
 *
 * @param parameters - {@link ProveIdentityParameters}
 * @returns {@link ProveIdentityReturnType}
 * @throws {IrisNoMatchError} When the capture's code is more than τ bits from the template at every
 *   allowed rotation: no witness exists, so no proof is made (and nothing is sent).
 * @throws {InvalidIdentityInputError} When an input is malformed, or the Merkle proof is not for this identity's leaf.
 * @throws {ArtifactError} When the artifacts are stale.
 * @example
 * import { merkleProof, proveIdentity } from '@zkml/web/identity'
 * const result = await proveIdentity({ artifacts, capture: scan, ...stored, merkleProof: merkleProof({ leaves, leaf }), scope: 1n, message: BigInt(submitter.address) })
 */
export async function proveIdentity(parameters: ProveIdentityParameters): Promise<ProveIdentityReturnType> {
  const { artifacts, merkleProof, onProgress } = parameters
  const circuit = assertIdentityCircuit(artifacts?.circuit)
  const capture = assertStrip(parameters.capture, 'capture')
  const template = assertTemplate(parameters.template)
  const salt = assertField(parameters.salt, 'salt')
  const secret = assertField(parameters.secret, 'secret')
  const scope = assertField(parameters.scope, 'scope')
  const message = assertField(parameters.message, 'message')
  if (!merkleProof || !Array.isArray(merkleProof.siblings) || merkleProof.siblings.length > circuit.merkleDepth || !Number.isSafeInteger(merkleProof.index) || merkleProof.index < 0)
    throw new InvalidIdentityInputError({ field: 'merkleProof', reason: `expected { index, siblings } with at most ${circuit.merkleDepth} siblings` })
  merkleProof.siblings.forEach((s, i) => assertField(s, `merkleProof.siblings[${i}]`))

  onProgress?.({ stage: 'match', done: 0, total: 1 })
  const match = matchCodes({ code: irisCode({ strip: capture }), template, threshold: circuit.threshold })
  if (!match.match) throw new IrisNoMatchError({ distance: match.distance, threshold: circuit.threshold, shift: match.shift, bits: IRIS_CODE_BITS })
  const leaf = identityLeaf({ template, salt, secret })
  if (merkleProof.leaf !== undefined && merkleProof.leaf !== leaf)
    throw new InvalidIdentityInputError({ field: 'merkleProof', reason: 'it proves another leaf than this identity’s (template, salt, secret)' })
  const root = merkleProofRoot({ leaf, index: merkleProof.index, siblings: merkleProof.siblings })
  if (merkleProof.root !== undefined && merkleProof.root !== root)
    throw new InvalidIdentityInputError({ field: 'merkleProof', reason: 'its siblings do not lead to its root' })
  onProgress?.({ stage: 'match', done: 1, total: 1 })

  onProgress?.({ stage: 'witness', done: 0, total: 1 })
  const t0 = performance.now()
  let built: ReturnType<typeof buildIdentityCircuit>
  try {
    built = buildIdentityCircuit({
      model: circuit.model,
      threshold: circuit.threshold,
      mode: { constraints: false, witness: true },
      inputs: { capture, template, salt, secret, merkleProof, scope, message, shift: match.shift },
    })
  } catch (err) {
    if (err instanceof WitnessGenerationError && err.wire === 'match')
      throw new IrisNoMatchError({ distance: match.distance, threshold: circuit.threshold, shift: match.shift, bits: IRIS_CODE_BITS })
    throw err
  }
  const t1 = performance.now()
  onProgress?.({ stage: 'witness', done: 1, total: 1 })
  const nullifier = identityNullifier({ scope, secret })
  const [pRoot, pNullifier] = built.publicSignals!
  if (pRoot !== root || pNullifier !== nullifier) throw new InternalError({ invariant: 'circuit and native identity values disagree' })

  onProgress?.({ stage: 'prove', done: 0, total: 1 })
  const { proof, publicSignals } = await proveGroth16({ zkey: artifacts.zkey, witness: built.witness! })
  const t2 = performance.now()
  onProgress?.({ stage: 'prove', done: 1, total: 1 })
  return {
    proof,
    publicSignals,
    calldata: toPersonhoodCalldata(proof, publicSignals),
    root,
    nullifier,
    distance: match.distance,
    shift: match.shift,
    code: built.code!,
    timings: { witnessMs: t1 - t0, proveMs: t2 - t1 },
  }
}
