/**
 * `@zkml/web/identity`: the IrisCode-style proof-of-personhood demo (synthetic irises, iris-code
 * model, the identity statement and its artifact set — proved in the browser by
 * `createStatementProver({ statement: 'identity' })` from `@zkml/web` —, the enrollment station,
 * LeanIMT, IrisRegistry actions). Browser-safe.
 */
export { IRIS_COLS, IRIS_PIXELS, IRIS_ROWS, capture, irisStrip } from './iris.js'
export type { CaptureParameters, IrisStrip, IrisStripParameters } from './iris.js'
export type { IrisSeed } from './random.js'
export {
  IRIS_CODE_BITS,
  IRIS_GEOMETRY,
  IRIS_INPUT_NAME,
  IRIS_OUTPUT_NAME,
  IRIS_SHIFTS,
  IRIS_THRESHOLD,
  MERKLE_DEPTH,
} from './config.js'
export { IRIS_MEASURED } from './measured.js'
export { GABOR_SHIFT, gaborBank } from './gabor.js'
export { codeShape, hamming, irisResponses, padStrip, shiftCode } from './irisCode.js'
export type { IrisCodeGeometry } from './irisCode.js'
export { irisCodeOnnx, quantizeIrisModel } from './model.js'
export {
  createIdentity,
  identityCommitment,
  identityLeaf,
  identityLeafFromCommitment,
  identityNullifier,
  irisCode,
  packTemplate,
  randomFieldElement,
} from './identity.js'
export type { IdentitySecrets } from './identity.js'
export { parseScope } from './scope.js'
export { matchCodes } from './match.js'
export type { MatchResult } from './match.js'
export { merkleLevels, merkleProof, merkleProofRoot, merkleRoot } from './merkle.js'
export type { MerkleProof } from './merkle.js'
export { IDENTITY_PUBLIC_SIGNALS, buildIdentityCircuit } from './statement.js'
export type { BuildIdentityCircuitParameters, BuildIdentityCircuitReturnType, IdentityWitnessInputs } from './statement.js'
export {
  IDENTITY_CIRCUIT_VERSION,
  assertIdentityCircuit,
  buildIdentityArtifacts,
  decodeIdentityArtifacts,
  parseIdentityCircuit,
} from './artifacts.js'
export type {
  BuildIdentityArtifactsParameters,
  BuildIdentityArtifactsReturnType,
  DecodeIdentityArtifactsParameters,
  IdentityArtifacts,
  IdentityCircuitArtifact,
} from './artifacts.js'
export { checkIdentityManifest } from './manifest.js'
export type { IdentityManifest } from './manifest.js'
export { identityStatement, identityWitness } from './witness.js'
export type { IdentityProofInput, IdentityProofOutput, IdentityWitnessErrorType, IdentityWitnessParameters, IdentityWitnessReturnType } from './witness.js'
export { proveIdentity } from './prove.js'
export type { ProveIdentityErrorType, ProveIdentityParameters, ProveIdentityReturnType } from './prove.js'
export { DEFAULT_ROOT_VALIDITY, deployIrisRegistry, linkIrisRegistry } from './registry/deployIrisRegistry.js'
export type { DeployIrisRegistryErrorType, DeployIrisRegistryParameters, DeployIrisRegistryReturnType } from './registry/deployIrisRegistry.js'
export { enrollLeaf } from './registry/enroll.js'
export type { EnrollLeafErrorType, EnrollLeafParameters, EnrollLeafReturnType } from './registry/enroll.js'
export { proposeIssuer } from './registry/proposeIssuer.js'
export type { ProposeIssuerErrorType, ProposeIssuerParameters, ProposeIssuerReturnType } from './registry/proposeIssuer.js'
export { acceptIssuer } from './registry/acceptIssuer.js'
export type { AcceptIssuerErrorType, AcceptIssuerParameters, AcceptIssuerReturnType } from './registry/acceptIssuer.js'
export { cancelIssuerTransfer } from './registry/cancelIssuerTransfer.js'
export type { CancelIssuerTransferErrorType, CancelIssuerTransferParameters, CancelIssuerTransferReturnType } from './registry/cancelIssuerTransfer.js'
export { createEnrollmentStation } from './station.js'
export type {
  CreateEnrollmentStationParameters,
  DuplicateMatch,
  EnrolledCode,
  EnrollmentRequest,
  EnrollmentStation,
  StationEnrollErrorType,
  StationEnrollReturnType,
} from './station.js'
export { isNullifierUsed } from './registry/isNullifierUsed.js'
export type { IsNullifierUsedErrorType, IsNullifierUsedParameters, IsNullifierUsedReturnType } from './registry/isNullifierUsed.js'
export { readRegistry } from './registry/readLeaves.js'
export type { ReadRegistryErrorType, ReadRegistryParameters, ReadRegistryReturnType } from './registry/readLeaves.js'
export { VERIFY_PERSONHOOD_GAS, toPersonhoodCalldata, verifyPersonhood } from './registry/verifyPersonhood.js'
export type {
  PersonhoodCalldata,
  PersonhoodVerifiedEvent,
  VerifyPersonhoodErrorType,
  VerifyPersonhoodParameters,
  VerifyPersonhoodReturnType,
} from './registry/verifyPersonhood.js'
export { irisRegistryAbi } from './generated/irisRegistry.js'
export { InvalidIdentityInputError, IrisNoMatchError, MerkleTreeError, RegistryOutOfSyncError } from './errors.js'
export type { InvalidIdentityInputErrorType, IrisNoMatchErrorType, MerkleTreeErrorType, RegistryOutOfSyncErrorType } from './errors.js'
export { DuplicateEnrollmentError } from '../errors/enrollment.js'
export type { DuplicateEnrollmentErrorType } from '../errors/enrollment.js'
