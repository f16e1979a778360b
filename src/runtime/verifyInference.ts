/**
 * `verifyInference`: checks a proof locally with snarkjs, in a short-lived prover worker.
 */
import { loadArtifacts, type ArtifactSource } from './loadArtifacts.js'
import { createWorkerHost, type WorkerFactory } from './workerHost.js'
import { createProverWorker } from './workers.js'
import type { ProverWorkerApi } from './worker/prover.js'
import type { ProveInferenceReturnType } from './types.js'
import { ZkmlError } from '../errors/base.js'
import { ArtifactError } from '../errors/artifact.js'
import { assertTrustedSetup } from '../setup/trust.js'
import { assertGammaDeltaDistinct } from '../setup/keyCheck.js'

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
/** What verification needs from a result; `circuitOutput` (when given) must equal the proven output. */
export type VerifiableResult = Pick<ProveInferenceReturnType, 'proof' | 'publicSignals'> & Partial<Pick<ProveInferenceReturnType, 'circuitOutput' | 'outputIntegers'>>

/**
 * Verifies a proof against the artifacts' verification key: the Groth16 proof, public inputs in
 * range, and (when the result carries it) that `circuitOutput` is exactly what the public signals prove.
 * Needs only circuit.json and vkey.json (from the cache when present). The setup policy applies
 * (`assertTrustedSetup`, before any file is downloaded): artifacts whose setup is not trusted are
 * refused unless `allowInsecureSetup: true`, since a proof against a key someone could forge means
 * nothing to a verifier; a key with δ₂ = γ₂ is refused always.
 * @returns true when valid, false when the proof or its claimed output is wrong
 * @throws InsecureSetupError; ForgeableVerificationKeyError; ZkmlError for a malformed result;
 *   ArtifactError; WorkerCrashedError; AbortError
 * @example
 * import { proveInference, verifyInference } from '@zkml/web/prover'
 * const result = await proveInference(url, input)
 * console.log(await verifyInference(result, url)) // true
 */
export async function verifyInference(result: VerifiableResult, artifacts: ArtifactSource, options: VerifyInferenceOptions = {}): Promise<boolean> {
  if (!result || typeof result !== 'object' || !result.proof || !Array.isArray(result.publicSignals)) {
    throw new ZkmlError('Malformed result: expected { proof, publicSignals } from proveInference.')
  }
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
  const { proof, publicSignals, circuitOutput, outputIntegers } = result
  try {
    return await host.run(
      (api) =>
        api.verify({
          circuit: loaded.files.circuit!,
          vkey: loaded.files.vkey!,
          proofFile: { proof, publicSignals, ...(circuitOutput ? { circuitOutput } : {}), ...(outputIntegers ? { outputIntegers } : {}) },
        }),
      { signal: options.signal, stage: 'verify' },
    )
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
