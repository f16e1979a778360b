/**
 * Builds the Solidity Groth16 verifier for a verification key (snarkjs's template, solc-js).
 */
import { renderVerifierSource } from '../chain/verifierSource.js'
import { readGroth16VerifierTemplate } from './verifierTemplate.js'
import { compileSolidity, SOLC_VERSION } from './compileSolidity.js'
import type { VerifierBuilder } from '../compile/compileModel.js'
import { utf8 } from '../utils/hex.js'

/** The verifier contract's name in snarkjs's template. */
export const VERIFIER_CONTRACT = 'Groth16Verifier'

/** `verifier.json`: what a deployer needs. */
export type VerifierArtifact = { contractName: string; solc: string; abi: unknown; bytecode: `0x${string}`; publicInputs: number }

/** Renders and compiles the verifier; plugs into `compileModel({ verifier })`. */
export const buildVerifier: VerifierBuilder = async (vkey) => {
  const template = await readGroth16VerifierTemplate()
  const source = renderVerifierSource({ vkey: vkey as Parameters<typeof renderVerifierSource>[0]['vkey'], template })
  const compiled = await compileSolidity({ sources: { 'Verifier.sol': source }, contract: VERIFIER_CONTRACT })
  const publicInputs = (vkey as { nPublic: number }).nPublic
  const artifact: VerifierArtifact = { contractName: VERIFIER_CONTRACT, solc: SOLC_VERSION, abi: compiled.abi, bytecode: compiled.bytecode, publicInputs }
  return { source, artifact: utf8(JSON.stringify(artifact)), solc: SOLC_VERSION, publicInputs }
}
