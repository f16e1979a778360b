/**
 * Proving personhood in this thread (Node, tests, or a worker of your own): the identity statement's
 * witness (`identityWitness`) and a Groth16 proof with snarkjs. Nothing private leaves this function.
 * In the browser, `createStatementProver({ statement: 'identity' })` runs the same steps in the
 * runtime's prover worker.
 */
import { proveGroth16, type Groth16Proof } from '../prove/groth16.js'
import type { IdentityArtifacts } from './artifacts.js'
import type { InvalidIdentityInputError, IrisNoMatchError } from './errors.js'
import { type PersonhoodCalldata, toPersonhoodCalldata } from './registry/verifyPersonhood.js'
import { type IdentityProofInput, type IdentityProofOutput, identityWitness } from './witness.js'

/** Parameters of {@link proveIdentity}. */
export type ProveIdentityParameters = IdentityProofInput & {
  artifacts: IdentityArtifacts
  /** Progress: `witness` (matching included), then `prove`. */
  onProgress?: ((p: { stage: 'witness' | 'prove'; done: number; total: number }) => void) | undefined
}

/** Result of {@link proveIdentity}. */
export type ProveIdentityReturnType = IdentityProofOutput & {
  proof: Groth16Proof
  /** `[root, nullifier, scope, message]` as decimal strings (snarkjs order). */
  publicSignals: string[]
  /** `verifyPersonhood` arguments. */
  calldata: PersonhoodCalldata
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
  const { artifacts, onProgress, ...input } = parameters
  onProgress?.({ stage: 'witness', done: 0, total: 1 })
  const t0 = performance.now()
  const { witness, output } = identityWitness({ circuit: artifacts?.circuit, input })
  const t1 = performance.now()
  onProgress?.({ stage: 'witness', done: 1, total: 1 })
  onProgress?.({ stage: 'prove', done: 0, total: 1 })
  const { proof, publicSignals } = await proveGroth16({ zkey: artifacts.zkey, witness })
  const t2 = performance.now()
  onProgress?.({ stage: 'prove', done: 1, total: 1 })
  return { ...output, proof, publicSignals, calldata: toPersonhoodCalldata(proof, publicSignals), timings: { witnessMs: t1 - t0, proveMs: t2 - t1 } }
}
