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
export { vkeyHash, vkeyWords } from './vkeyHash.js'
export type { VkeyPoints } from './vkeyHash.js'
export type { InferenceVerifiedEvent, SubmitProofErrorType, SubmitProofParameters, SubmitProofReturnType } from './submitProof.js'
export { toCalldata } from './toCalldata.js'
export type { ToCalldataErrorType, ToCalldataReturnType } from './toCalldata.js'
export type { BigIntish, Groth16Calldata, Groth16Proof, ProofResult, VerifierArtifacts } from './types.js'
export { renderVerifierSource } from './verifierSource.js'
export type { Groth16VerificationKey, RenderVerifierSourceErrorType, RenderVerifierSourceParameters } from './verifierSource.js'
export { verifyOnChain } from './verifyOnChain.js'
export type { VerifyOnChainErrorType, VerifyOnChainParameters, VerifyOnChainReturnType } from './verifyOnChain.js'
export {
  AnvilStartError,
  InsufficientFundsError,
  InvalidProofFormatError,
  InvalidVerificationKeyError,
  RpcUnavailableError,
  SolidityCompileError,
  VerifierCallRevertedError,
  VkeyHashMismatchError,
} from '../errors/chain.js'
export { InvalidProofError } from '../errors/prove.js'
export { ForgeableVerificationKeyError, InsecureSetupError } from '../errors/setup.js'
