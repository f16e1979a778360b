/**
 * Builds the Solidity Groth16 verifier for a verification key (snarkjs's template, solc-js).
 * Refuses a key with δ₂ = γ₂; marks the contract `INSECURE_DEV` when the given setup provenance is
 * not trusted (see `classifySetup`). Without a provenance no marker is added.
 */
import { renderVerifierSource } from '../chain/verifierSource.js'
import { readGroth16VerifierTemplate } from './verifierTemplate.js'
import { compileSolidity, SOLC_VERSION } from './compileSolidity.js'
import type { VerifierBuilder } from '../compile/compileModel.js'
import { utf8 } from '../utils/hex.js'
import { classifySetup } from '../setup/trust.js'

/** The verifier contract's name in snarkjs's template. */
export const VERIFIER_CONTRACT = 'Groth16Verifier'

/** `verifier.json`: what a deployer needs. */
export type VerifierArtifact = { contractName: string; solc: string; abi: unknown; bytecode: `0x${string}`; publicInputs: number }

/**
 * Renders and compiles the verifier; plugs into `compileModel({ verifier })`.
 * @throws {ForgeableVerificationKeyError} when the key's δ₂ equals γ₂.
 * @example const { source, artifact } = await buildVerifier(vkey, { setup: manifest.setup })
 */
export const buildVerifier: VerifierBuilder = async (vkey, options = {}) => {
  const template = await readGroth16VerifierTemplate()
  const trust = options.setup === undefined ? undefined : classifySetup(options.setup)
  const source = renderVerifierSource({
    vkey: vkey as Parameters<typeof renderVerifierSource>[0]['vkey'],
    template,
    insecureSetup: trust && !trust.trusted ? { reason: trust.reason } : undefined,
  })
  const compiled = await compileSolidity({ sources: { 'Verifier.sol': source }, contract: VERIFIER_CONTRACT })
  const publicInputs = (vkey as { nPublic: number }).nPublic
  const artifact: VerifierArtifact = { contractName: VERIFIER_CONTRACT, solc: SOLC_VERSION, abi: compiled.abi, bytecode: compiled.bytecode, publicInputs }
  return { source, artifact: utf8(JSON.stringify(artifact)), solc: SOLC_VERSION, publicInputs }
}
