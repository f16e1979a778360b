/**
 * `@zkml/web/chain`: verifier source, deployment, proof submission and on-chain verification (browser-safe).
 */
export { groth16VerifierAbi, zkmlRegistryAbi, zkmlVerifiedAbi } from './abi.js'
export { createChainClients } from './createChainClients.js'
export type { CreateChainClientsParameters, CreateChainClientsReturnType } from './createChainClients.js'
export { deployRegistry } from './deployRegistry.js'
export type { DeployRegistryErrorType, DeployRegistryParameters, DeployRegistryReturnType } from './deployRegistry.js'
export { deployVerifier, registryKey } from './deployVerifier.js'
export type { DeployVerifierErrorType, DeployVerifierParameters, DeployVerifierReturnType } from './deployVerifier.js'
export { verifyGasLimit } from './gas.js'
export { assertAdapterKey } from './assertAdapterKey.js'
export type { AssertAdapterKeyParameters } from './assertAdapterKey.js'
export { submitProof } from './submitProof.js'
export { adapterStatement, addressMessage, NO_SIGNAL, verifierArtifacts, verifierKeyAbi } from './statement.js'
export type { AdapterStatement, VerifierArtifactsParameters } from './statement.js'
export type { Manifest, SetupProvenance } from '../compile/manifest.js'
export { vkeyHash, vkeyWords } from './vkeyHash.js'
export type { VkeyPoints } from './vkeyHash.js'
export type { InferenceVerifiedEvent, SubmitProofErrorType, SubmitProofParameters, SubmitProofReturnType } from './submitProof.js'
export { toCalldata } from './toCalldata.js'
export type { ToCalldataErrorType, ToCalldataReturnType } from './toCalldata.js'
export type { BigIntish, Groth16Calldata, Groth16Proof, Groth16VerificationKey, ProofResult, VerifierArtifacts } from './types.js'
export { fillTemplate } from './fillTemplate.js'
export type { FillTemplateErrorType, FillTemplateParameters, FillTemplateReturnType, TemplateValue } from './fillTemplate.js'
export { renderVerifierSource } from './verifierSource.js'
export type { RenderVerifierSourceErrorType, RenderVerifierSourceParameters } from './verifierSource.js'
export { verifyOnChain } from './verifyOnChain.js'
export type { VerifyOnChainErrorType, VerifyOnChainParameters, VerifyOnChainReturnType } from './verifyOnChain.js'
export {
  AccountNotFoundError,
  AnvilStartError,
  ChainCallError,
  InsufficientFundsError,
  InvalidProofFormatError,
  InvalidVerificationKeyError,
  InvalidVerifierArtifactsError,
  InvalidVerifierTemplateError,
  RpcUnavailableError,
  SolidityCompileError,
  UnexpectedReceiptError,
  VerifierCallRevertedError,
  VkeyHashMismatchError,
} from '../errors/chain.js'
export { InvalidProofError } from '../errors/prove.js'
export { ForgeableVerificationKeyError, InsecureSetupError } from '../errors/setup.js'
