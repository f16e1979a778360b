/**
 * The errors each browser-runtime function can throw, as unions whose members carry their `name` as
 * a literal type, so a `catch` narrows on `name` (viem's `XErrorType` convention):
 *
 * ```ts
 * try { await proveInference(url, input) } catch (e) {
 *   const err = e as ProveInferenceErrorType
 *   if (err.name === 'InputRangeError') show(`allowed: [${err.min}, ${err.max}]`)
 *   else if (err.name === 'AbortError') show(`cancelled during ${err.stage}`)
 * }
 * ```
 */
import type { ArtifactErrorType, ArtifactHashMismatchErrorType } from '../errors/artifact.js'
import type { InputRangeErrorType, InvalidInputErrorType } from '../errors/input.js'
import type { InvalidProofErrorType, WitnessGenerationErrorType } from '../errors/prove.js'
import type {
  AbortErrorType,
  ArtifactFetchErrorType,
  BackendUnavailableErrorType,
  InferenceErrorType,
  ProverDisposedErrorType,
  UnsupportedEnvironmentErrorType,
  WorkerCrashedErrorType,
} from '../errors/runtime.js'
import type { ForgeableVerificationKeyErrorType, InsecureSetupErrorType } from '../errors/setup.js'
import type { ProverErrorType } from '../errors/prove.js'
import type { StatementMismatchErrorType } from '../errors/statement.js'

/** `loadArtifacts`: a bad manifest or file, a set of another statement, a fetch failure, a cancellation. */
export type LoadArtifactsErrorType = ArtifactErrorType | ArtifactHashMismatchErrorType | StatementMismatchErrorType | ArtifactFetchErrorType | AbortErrorType

/** `createProver`: loading, the setup policy, starting the workers and the inference session. */
export type CreateProverErrorType =
  | LoadArtifactsErrorType
  | InsecureSetupErrorType
  | ForgeableVerificationKeyErrorType
  | BackendUnavailableErrorType
  | InferenceErrorType
  | WorkerCrashedErrorType
  | UnsupportedEnvironmentErrorType

/** `prover.prove`: input checks, inference, witness, proof, cancellation, a disposed handle. */
export type ProveErrorType =
  | InvalidInputErrorType
  | InputRangeErrorType
  | InferenceErrorType
  | WitnessGenerationErrorType
  | ProverErrorType
  | WorkerCrashedErrorType
  | AbortErrorType
  | ProverDisposedErrorType

/** `proveInference`: everything `createProver` and `prover.prove` can throw. */
export type ProveInferenceErrorType = CreateProverErrorType | ProveErrorType

/** `verifyInference` and `prover.verify`: a malformed result, loading, the setup policy, the worker. */
export type VerifyInferenceErrorType =
  | InvalidProofErrorType
  | LoadArtifactsErrorType
  | InsecureSetupErrorType
  | ForgeableVerificationKeyErrorType
  | WorkerCrashedErrorType
  | ProverDisposedErrorType

/** Every error the browser runtime throws (all extend `ZkmlError`). */
export type RuntimeErrorType = ProveInferenceErrorType | VerifyInferenceErrorType
