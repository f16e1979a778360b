/**
 * @zkml/web browser runtime: prove ONNX inference in Web Workers (onnxruntime-web + snarkjs Groth16).
 * See README.md beside this file for the headers, caching and privacy model.
 */
export { proveInference } from './proveInference.js'
export type { ProveInferenceOptions } from './proveInference.js'
export { createProver } from './createProver.js'
export type { CreateProverOptions, CreateProverReturnType, Prover } from './createProver.js'
export { verifyInference } from './verifyInference.js'
export type { VerifiableResult, VerifyInferenceOptions } from './verifyInference.js'
export { loadArtifacts } from './loadArtifacts.js'
export type { ArtifactRole, ArtifactSource, InMemoryArtifacts, LoadArtifactsErrorType, LoadArtifactsParameters, LoadArtifactsReturnType, LoadArtifactsStats, LoadedArtifacts } from './loadArtifacts.js'
export { ARTIFACT_CACHE_NAME, clearArtifactCache } from './artifactCache.js'
export { createInferenceWorker, createProverWorker } from './workers.js'
export type { WorkerFactories } from './workers.js'
export type { WorkerFactory } from './workerHost.js'
export type { InferenceInitReturnType as InferenceSessionInfo } from './worker/inference.js'
export type { Backend, BackendPreference, InferenceTimings, OnProveProgress, ProveInferenceReturnType, ProveInput, ProveOptions, ProveProgress, ProveStage } from './types.js'
export { detectEnvironment, isCrossOriginIsolated } from '../utils/env.js'
export type { RuntimeEnvironment, WebGpuAdapterInfo } from '../utils/env.js'
export {
  AbortError,
  ArtifactFetchError,
  BackendUnavailableError,
  InferenceError,
  InsecureSetupError,
  ProverDisposedError,
  UnsupportedEnvironmentError,
  WorkerCrashedError,
} from '../errors/runtime.js'
export type {
  AbortErrorType,
  ArtifactFetchErrorType,
  BackendUnavailableErrorType,
  InferenceErrorType,
  InsecureSetupErrorType,
  ProverDisposedErrorType,
  UnsupportedEnvironmentErrorType,
  WorkerCrashedErrorType,
  WorkerRole,
} from '../errors/runtime.js'
export { ForgeableVerificationKeyError } from '../errors/setup.js'
export type { ForgeableVerificationKeyErrorType, SetupOperation } from '../errors/setup.js'
export { ArtifactError, ArtifactHashMismatchError } from '../errors/artifact.js'
export { InputRangeError, InvalidInputError } from '../errors/input.js'
export { WitnessGenerationError } from '../errors/prove.js'
export { InvalidProofError } from '../errors/prove.js'
export type { VerifiedInference, VerifyFailureReason, VerifyWithArtifactsReturnType } from '../prove/verify.js'
export type { MessageInput } from '../prove/message.js'
export { ProverError } from '../prove/groth16.js'
export { ZkmlError } from '../errors/base.js'
