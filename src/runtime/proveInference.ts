/**
 * `proveInference`: one proof, start to finish — load the artifacts (cache first) while the workers
 * start, run the model in the inference worker, prove in the prover worker, and shut both down.
 */
import { checkInput, startProver, type CreateProverOptions } from './createProver.js'
import type { ArtifactSource } from './loadArtifacts.js'
import { orderedProgress } from './progress.js'
import type { ProveInput, ProveInferenceReturnType, ProveOptions } from './types.js'
import type { ProveInferenceErrorType } from './errors.js'

/** Options of {@link proveInference}: the per-proof options plus `createProver`'s. */
export type ProveInferenceOptions = ProveOptions & Omit<CreateProverOptions, 'onProgress' | 'signal' | 'clamp'>
export type { ProveInferenceReturnType, ProveInferenceErrorType }

const now = () => (globalThis.performance ?? Date).now()

/**
 * Proves one inference in Web Workers. The input is checked against the manifest before any file
 * is downloaded; the workers start while the artifacts download; after that, proving makes no
 * network request.
 * @param artifacts URL of manifest.json (or its directory, ending in `/`), an in-memory set
 *   `{ manifest, files }`, or the result of `loadArtifacts`
 * @param input a Float32Array / number array for a single-input model, or a record of named inputs
 * @param options {@link ProveInferenceOptions}: `onProgress`, `signal`, `backend`, `allowInsecureSetup`, `clamp`,
 *   `message` (artifacts with a message signal), `salts`, …
 * @returns {@link ProveInferenceReturnType}: float output, proven output, proof, calldata, timings (and
 *   for hashed modes the salts: `inputSalt` is private, `outputSalt` opens the output).
 *   `JSON.stringify(result)` works (calldata's bigints become decimal strings).
 * @throws {@link ProveInferenceErrorType}: InvalidInputError / InputRangeError, InsecureSetupError,
 *   ArtifactError (and its hash-mismatch and fetch subclasses), BackendUnavailableError,
 *   InferenceError, WitnessGenerationError, ProverError, WorkerCrashedError, AbortError (`stage`
 *   says what was running). Narrow on `name`.
 * @see the browser guide shipped in the package: `@zkml/web/src/runtime/README.md`
 * @example
 * import { proveInference } from '@zkml/web/prover'
 * const result = await proveInference('/models/mnist/manifest.json', pixels, {
 *   onProgress: ({ stage, fraction }) => console.log(stage, fraction),
 * })
 * console.log(result.output, result.circuitOutput, result.backend, JSON.stringify(result))
 */
export async function proveInference(artifacts: ArtifactSource, input: ProveInput, options: ProveInferenceOptions = {}): Promise<ProveInferenceReturnType> {
  const t0 = now()
  const progress = orderedProgress(options.onProgress)
  const { onProgress: _p, signal, clamp, message, salts, ...rest } = options
  try {
    const prover = await startProver(artifacts, { ...rest, signal, onProgress: progress.emit }, { onManifest: (m) => checkInput(m, input, clamp ?? false) })
    try {
      progress.emit({ stage: 'download', fraction: 1 })
      const result = await prover.prove(input, { signal, clamp, message, salts, onProgress: progress.emit })
      result.timings.download = prover.timings.download
      result.timings.startup += prover.timings.startup
      result.timings.total = now() - t0
      return result
    } finally {
      await prover.dispose()
    }
  } finally {
    progress.close()
  }
}
