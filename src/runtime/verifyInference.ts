/**
 * `verifyInference`: checks a proof locally with snarkjs, in a short-lived prover worker.
 */
import { loadArtifacts, type ArtifactSource } from './loadArtifacts.js'
import { createWorkerHost, type WorkerFactory } from './workerHost.js'
import { createProverWorker } from './workers.js'
import type { ProverWorkerApi } from './worker/prover.js'
import type { VerifyWithArtifactsReturnType } from '../prove/verify.js'
import { verifiableProof, type VerifiableResult } from './verifiableResult.js'
import { ArtifactError } from '../errors/artifact.js'
import { assertTrustedSetup } from '../setup/trust.js'
import { assertGammaDeltaDistinct } from '../setup/keyCheck.js'

export type { VerifiableResult } from './verifiableResult.js'
export type { VerifyInferenceErrorType } from './errors.js'

/** Options of {@link verifyInference}. */
export type VerifyInferenceOptions = {
  signal?: AbortSignal | undefined
  cache?: boolean | string | undefined
  fetch?: typeof fetch | undefined
  /** A custom prover worker factory. */
  worker?: WorkerFactory | undefined
  /**
   * Accept artifacts whose setup the policy does not trust (the one-party dev setup, a ceremony key
   * without a secret contribution, a beacon-only one): development and tests only. A key with
   * δ₂ = γ₂ is refused regardless.
   */
  allowInsecureSetup?: boolean | undefined
}

/**
 * Verifies a proof against the artifacts' verification key, in a short-lived prover worker running
 * the same code as `zkml verify`: the Groth16 proof, public inputs in range, the hidden-weights
 * commitment (`weightsHash` must equal the artifacts'), revealed output integers (canonical, the exact
 * count, inside the proven interval, opening the hashed output with `outputSalt`), and that a claimed
 * `circuitOutput` is exactly the proven output. Needs only circuit.json and vkey.json (from the cache
 * when present). The setup policy applies (`assertTrustedSetup`, before any file is downloaded):
 * artifacts whose setup is not trusted are refused unless `allowInsecureSetup: true`, since a proof
 * against a key someone could forge means nothing to a verifier; a key with δ₂ = γ₂ is refused always.
 * @returns the verified outputs and public parts (`valid: true`), or `{ valid: false, reason }` when
 *   the proof does not hold or a claim is false
 * @throws {@link VerifyInferenceErrorType}: InvalidProofError for a malformed result (checked before
 *   anything loads); InsecureSetupError; ForgeableVerificationKeyError; ArtifactError; WorkerCrashedError;
 *   AbortError. Narrow on `name`.
 * @example
 * import { proveInference, verifyInference } from '@zkml/web/prover'
 * const result = await proveInference(url, input)
 * const verdict = await verifyInference(result, url)
 * if (verdict.valid) console.log(verdict.circuitOutput)
 */
export async function verifyInference(result: VerifiableResult, artifacts: ArtifactSource, options: VerifyInferenceOptions = {}): Promise<VerifyWithArtifactsReturnType> {
  const proofFile = verifiableProof(result)
  const loaded = await loadArtifacts({
    source: artifacts,
    include: ['circuit', 'vkey'],
    signal: options.signal,
    cache: options.cache,
    fetch: options.fetch,
    onManifest: (m) => assertTrustedSetup({ setup: m.setup, allowInsecureSetup: options.allowInsecureSetup, operation: 'verify' }),
  })
  assertGammaDeltaDistinct(parseVkey(loaded.files.vkey!), 'vkey.json')
  const host = createWorkerHost<ProverWorkerApi>({ role: 'prover', create: options.worker ?? createProverWorker })
  try {
    return await host.run(async (api): Promise<VerifyWithArtifactsReturnType> => api.verify({ circuit: loaded.files.circuit!, vkey: loaded.files.vkey!, proofFile }), { signal: options.signal, stage: 'verify' })
  } finally {
    host.terminate()
  }
}

/** Parses vkey.json's bytes (already hash-checked against the manifest). */
function parseVkey(bytes: Uint8Array): Record<string, unknown> {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>
  } catch (cause) {
    throw new ArtifactError('vkey.json is not valid JSON.', { file: 'vkey.json', cause })
  }
}
