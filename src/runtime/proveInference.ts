/**
 * `proveInference`: one proof, start to finish — load the artifacts (cache first), run the model
 * in the inference worker, prove in the prover worker, and shut both workers down.
 */
import { createProver, checkInput, checkSetupPolicy, type CreateProverOptions } from './createProver.js'
import { isLoadedArtifacts, loadArtifacts, type ArtifactSource } from './loadArtifacts.js'
import { orderedProgress } from './progress.js'
import type { ProveInput, ProveInferenceReturnType, ProveOptions } from './types.js'

/** Options of {@link proveInference}: the per-proof options plus `createProver`'s. */
export type ProveInferenceOptions = ProveOptions & Omit<CreateProverOptions, 'onProgress' | 'signal' | 'clamp'>
export type { ProveInferenceReturnType }

/**
 * Proves one inference in Web Workers. The input is checked against the manifest before any file
 * is downloaded; after the artifacts and the workers are loaded, proving makes no network request.
 * @param artifacts URL of manifest.json (or its directory, ending in `/`), an in-memory set
 *   `{ manifest, files }`, or the result of `loadArtifacts`
 * @param input a Float32Array / number array for a single-input model, or a record of named inputs
 * @param options {@link ProveInferenceOptions}: `onProgress`, `signal`, `backend`, `allowInsecureSetup`, `clamp`,
 *   `message` (artifacts with a message signal), `salts`, …
 * @returns {@link ProveInferenceReturnType}: float output, proven output, proof, calldata, timings (and
 *   for hashed modes the salts: `inputSalt` is private, `outputSalt` opens the output)
 * @throws InvalidInputError / InputRangeError, InsecureSetupError, ArtifactError (and its
 *   hash-mismatch and fetch subclasses), BackendUnavailableError, InferenceError,
 *   WitnessGenerationError, ProverError, WorkerCrashedError, AbortError
 * @example
 * import { proveInference } from '@zkml/web/prover'
 * const result = await proveInference('/models/mnist/manifest.json', pixels, {
 *   onProgress: ({ stage, fraction }) => console.log(stage, fraction),
 * })
 * console.log(result.output, result.circuitOutput, result.backend)
 */
export async function proveInference(artifacts: ArtifactSource, input: ProveInput, options: ProveInferenceOptions = {}): Promise<ProveInferenceReturnType> {
  const progress = orderedProgress(options.onProgress)
  const alreadyLoaded = isLoadedArtifacts(artifacts)
  const loaded = await loadArtifacts({
    source: artifacts,
    onProgress: progress.emit,
    signal: options.signal,
    cache: options.cache,
    fetch: options.fetch,
    onManifest: (m) => {
      checkSetupPolicy(m, options.allowInsecureSetup)
      checkInput(m, input, options.clamp ?? false)
    },
  })
  progress.emit({ stage: 'download', fraction: 1 })
  const { onProgress: _p, signal, clamp, message, salts, ...rest } = options
  const prover = await createProver(loaded, { ...rest, signal })
  try {
    const result = await prover.prove(input, { signal, clamp, message, salts, onProgress: progress.emit })
    result.timings.download = alreadyLoaded ? 0 : loaded.stats.ms
    return result
  } finally {
    progress.close()
    await prover.dispose()
  }
}
