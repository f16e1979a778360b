/**
 * @zkml/web browser runtime: prove ONNX inference in Web Workers (onnxruntime-web + snarkjs Groth16).
 *
 * The browser guide ships in the package as `src/runtime/README.md`
 * (`node_modules/@zkml/web/src/runtime/README.md`): the Vite config, the headers, the options, the
 * result, the errors, caching and privacy. The files a browser needs come from
 * `zkml export DIR --web OUT`.
 */
export { proveInference } from './proveInference.js'
export type { ProveInferenceOptions } from './proveInference.js'
export { createProver } from './createProver.js'
export type { CreateProverOptions, CreateProverReturnType, Prover } from './createProver.js'
export { verifyInference } from './verifyInference.js'
export type { VerifiableResult, VerifyInferenceOptions } from './verifyInference.js'
export type { CreateProverErrorType, LoadArtifactsErrorType, ProveErrorType, ProveInferenceErrorType, RuntimeErrorType, VerifyInferenceErrorType } from './errors.js'
export { createStatementProver } from './createStatementProver.js'
export type {
  CreateStatementProverParameters,
  CreateStatementProverReturnType,
  StatementProof,
  StatementProveOptions,
  StatementProver,
} from './createStatementProver.js'
export type { StatementInput, StatementKind, StatementManifest, StatementOutput, StatementTypes } from './statements.js'
export type { ManifestBase } from '../compile/manifest.js'
export { createInferenceSession } from './createInferenceSession.js'
export type { CreateInferenceSessionParameters, CreateInferenceSessionReturnType, InferenceOutputs, InferenceSession } from './createInferenceSession.js'
export type { InferenceFeeds } from './worker/inference.js'
export { exposeInferenceWorker, exposeProverWorker } from './exposeWorker.js'
export { loadArtifacts } from './loadArtifacts.js'
export type { ArtifactRole, ArtifactSource, InMemoryArtifacts, LoadArtifactsParameters, LoadArtifactsReturnType, LoadArtifactsStats, LoadedArtifacts } from './loadArtifacts.js'
export { ARTIFACT_CACHE_NAME, clearArtifactCache } from './artifactCache.js'
export { createInferenceWorker, createProverWorker } from './workers.js'
export type { WorkerFactories } from './workers.js'
export type { WorkerFactory } from './workerHost.js'
export type { InferenceInitReturnType as InferenceSessionInfo } from './worker/inference.js'
export type {
  Backend,
  BackendPreference,
  Groth16CalldataJson,
  InferenceTimings,
  OnProveProgress,
  ProveInferenceJson,
  ProveInferenceReturnType,
  ProveInput,
  ProveOptions,
  ProveProgress,
  ProveStage,
} from './types.js'
// The types the functions above take and return, so a consumer never reaches into internal paths.
export type { FileEntry, Manifest, SetupBeacon, SetupContribution, SetupProvenance } from '../compile/manifest.js'
export type { FidelityReport } from '../compile/fidelity.js'
export type { QuantizedInput, QuantizedOutput } from '../ir/model.js'
export type { InputVisibility, OutputVisibility, PublicSignalEntry, StatementSalts, Visibility, WeightVisibility } from '../circuit/lowerModel.js'
export type { ModelInput } from '../quantize/quantizeInput.js'
export type { Groth16Proof } from '../prove/groth16.js'
export type { Groth16Calldata } from '../chain/types.js'
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
  AbortStage,
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
export type { ArtifactErrorType, ArtifactHashMismatchErrorType } from '../errors/artifact.js'
export { InputRangeError, InvalidInputError } from '../errors/input.js'
export type { InputRangeErrorType, InvalidInputErrorType } from '../errors/input.js'
export { InvalidProofError, WitnessGenerationError } from '../errors/prove.js'
export type { InvalidProofErrorType, WitnessGenerationErrorType } from '../errors/prove.js'
export type { VerifiedInference, VerifyFailureReason, VerifyWithArtifactsReturnType } from '../prove/verify.js'
export type { MessageInput } from '../prove/message.js'
export { ProverError } from '../errors/prove.js'
export type { ProverErrorType } from '../errors/prove.js'
export { ZkmlError } from '../errors/base.js'
export type { ZkmlErrorParameters } from '../errors/base.js'
export { ProverNotInitializedError, StatementMismatchError } from '../errors/statement.js'
export type { ProverNotInitializedErrorType, StatementMismatchErrorType } from '../errors/statement.js'
