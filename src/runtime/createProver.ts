/**
 * `createProver`: loads an artifact set once, starts the two workers (onnxruntime-web inference,
 * snarkjs prover) with the model and the proving key, and proves many inputs with warm keys.
 */
import { proxy, type Remote } from 'comlink'
import type { Manifest } from '../compile/manifest.js'
import { normalizeInput, quantizeInputs } from '../quantize/quantizeInput.js'
import { toCalldata } from '../chain/toCalldata.js'
import { ArtifactError } from '../errors/artifact.js'
import { ProverDisposedError, UnsupportedEnvironmentError, type AbortStage } from '../errors/runtime.js'
import { assertTrustedSetup } from '../setup/trust.js'
import { assertGammaDeltaDistinct } from '../setup/keyCheck.js'
import { isLoadedArtifacts, loadArtifacts, type ArtifactSource, type LoadedArtifacts } from './loadArtifacts.js'
import { provingKeySource, type ProvingKeySource } from './provingKey.js'
import { createWorkerHost, type WorkerFactory } from './workerHost.js'
import { createInferenceWorker, createProverWorker } from './workers.js'
import { orderedProgress } from './progress.js'
import { raceAbort, throwIfAborted } from './abort.js'
import type { InferenceWorkerApi, InferenceFeeds, InferenceInitReturnType } from './worker/inference.js'
import type { ProverWorkerApi } from './worker/prover.js'
import type { ProverKind } from '../prove/wasmProver.js'
import type { Backend, BackendPreference, OnProveProgress, ProveInput, ProveProgress, ProveInferenceReturnType, ProveOptions } from './types.js'
import type { CreateProverErrorType, ProveErrorType, VerifyInferenceErrorType } from './errors.js'
import { withToJSON } from './resultJson.js'
import type { VerifyWithArtifactsReturnType } from '../prove/verify.js'
import { verifiableProof, type VerifiableResult } from './verifiableResult.js'
import { nullRecord, ownValue } from '../utils/records.js'

/** Options of {@link createProver}. */
export type CreateProverOptions = {
  /** Download progress while the artifacts load. */
  onProgress?: OnProveProgress | undefined
  /** Cancels loading. */
  signal?: AbortSignal | undefined
  /** Inference backend (default `'auto'`). */
  backend?: BackendPreference | undefined
  /**
   * Accept artifacts whose setup the policy does not trust (`classifySetup`: the one-party dev
   * setup, a ceremony key without a secret contribution, a beacon-only one). Development and tests only.
   */
  allowInsecureSetup?: boolean | undefined
  /** Default for `prove`'s `clamp`. */
  clamp?: boolean | undefined
  /** Cache Storage: true (default), false, or a cache name. */
  cache?: boolean | string | undefined
  /** Where onnxruntime-web loads its .wasm files from (default: as bundled, next to its module). */
  wasmPaths?: string | undefined
  /** Custom worker factories (self-hosted worker scripts, tests). */
  workers?: { inference?: WorkerFactory | undefined; prover?: WorkerFactory | undefined } | undefined
  /** A fetch implementation for the artifacts (default `globalThis.fetch`). */
  fetch?: typeof fetch | undefined
  /** Groth16 prover: `'wasm'` (default, ours) or `'snarkjs'` (the reference). */
  prover?: ProverKind | undefined
  /** wasm prover threads (default: cores; at most 4, `MAX_THREADS`, whatever is asked; 1 unless the page is cross-origin isolated). */
  proverThreads?: number | undefined
}

/** A loaded prover: warm keys in a worker, ready for many proofs. */
export type Prover = {
  readonly manifest: Manifest
  /**
   * The loaded set. Created from a URL, it lacks `files.zkey`: the proving key lives only in the
   * prover worker (a restarted worker reads it again from Cache Storage or the network).
   */
  readonly artifacts: LoadedArtifacts
  /** The inference backend in use. */
  readonly backend: Backend
  /** The inference session: backend, wasm threads (0 on WebGPU), and the WebGPU adapter when used. */
  readonly inference: InferenceInitReturnType
  /**
   * How long creating this prover took, in ms: `download` (0 when given loaded artifacts) and
   * `startup`, the workers' start-up as far as it did not overlap the download (see `InferenceTimings`).
   */
  readonly timings: { download: number; startup: number }
  /**
   * Runs the model (onnxruntime-web) and proves the quantized inference (snarkjs Groth16).
   * Proofs from one prover run one at a time, in call order. Makes no network request.
   * `JSON.stringify(result)` works (calldata's bigints become decimal strings).
   * @throws {@link ProveErrorType}: InvalidInputError / InputRangeError (before anything runs),
   *   InferenceError, WitnessGenerationError, ProverError, WorkerCrashedError, AbortError (`stage`
   *   says which of `inference`, `witness`, `prove` was running), ProverDisposedError; after a worker
   *   restart, ArtifactFetchError / ArtifactHashMismatchError if the proving key cannot be read again
   */
  prove(input: ProveInput, options?: ProveOptions): Promise<ProveInferenceReturnType>
  /**
   * Verifies a result against this prover's artifacts in its worker (see `verifyInference`); the
   * setup policy was applied when the prover was created (`allowInsecureSetup`).
   * @throws {@link VerifyInferenceErrorType}
   */
  verify(result: VerifiableResult): Promise<VerifyWithArtifactsReturnType>
  /** Terminates the workers; pending proofs reject with `ProverDisposedError`. */
  dispose(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}
export type CreateProverReturnType = Prover
export type { CreateProverErrorType, ProveErrorType }

/** Hooks `proveInference` adds to `createProver`. */
type StartHooks = {
  /** Runs once the manifest is parsed, before any file is read (after the setup policy). */
  onManifest?: ((manifest: Manifest) => void) | undefined
}

const now = () => (globalThis.performance ?? Date).now()

/**
 * The prover side of the setup policy (`assertTrustedSetup`): throws InsecureSetupError for an
 * untrusted setup (dev, 0-contribution or beacon-only ceremony, unknown) unless allowed.
 */
export function checkSetupPolicy(manifest: Manifest, allowInsecureSetup: boolean | undefined): void {
  assertTrustedSetup({ setup: manifest.setup, allowInsecureSetup, operation: 'prove' })
}

/**
 * Checks `input` against the manifest (names, element counts, finiteness, calibrated range).
 * @returns the flat float input per name, clamped into range when `clamp` is set
 * @throws InvalidInputError, InputRangeError
 */
export function checkInput(manifest: Manifest, input: ProveInput, clamp: boolean): Record<string, number[]> {
  quantizeInputs({ model: { inputs: manifest.inputs }, input, clamp })
  const flat = normalizeInput(manifest.inputs, input)
  if (!clamp) return flat
  for (const i of manifest.inputs) flat[i.name] = flat[i.name]!.map((x) => Math.min(i.max, Math.max(i.min, x)))
  return flat
}

function maxAbsDiff(a: Record<string, number[]>, b: Record<string, number[]>): number {
  let max = 0
  for (const [name, xs] of Object.entries(b)) {
    const ys = ownValue(a, name)
    if (!ys) continue
    for (let i = 0; i < xs.length; i++) max = Math.max(max, Math.abs((ys[i] ?? NaN) - xs[i]!))
  }
  return max
}

/**
 * Loads artifacts and starts a prover that keeps the model and proving key warm in its workers.
 * @param artifacts the manifest URL, an in-memory set, or the result of `loadArtifacts`
 * @param options {@link CreateProverOptions}
 * @returns a {@link Prover}; call `dispose()` (or `await using`) when done
 * @throws {@link CreateProverErrorType}: InsecureSetupError, ArtifactError / ArtifactHashMismatchError /
 *   ArtifactFetchError, BackendUnavailableError, InferenceError, WorkerCrashedError,
 *   UnsupportedEnvironmentError, AbortError (`stage`: `download` or `startup`). Narrow on `name`.
 * @see the browser guide shipped in the package: `@zkml/web/src/runtime/README.md`
 * @example
 * import { createProver } from '@zkml/web/prover'
 * await using prover = await createProver('/models/mnist/manifest.json')
 * const { output, proof, calldata } = await prover.prove(pixels)
 */
export async function createProver(artifacts: ArtifactSource, options: CreateProverOptions = {}): Promise<Prover> {
  return startProver(artifacts, options)
}

/**
 * `createProver` with hooks (what `proveInference` uses to check its input against the manifest
 * before anything downloads). The workers start while the artifacts download.
 */
export async function startProver(artifacts: ArtifactSource, options: CreateProverOptions, hooks: StartHooks = {}): Promise<Prover> {
  if (typeof Worker !== 'function') throw new UnsupportedEnvironmentError({ missing: 'Web Workers', hint: 'Run the prover in a browser (or use @zkml/web/node in Node).' })
  const { signal } = options
  let keys: { circuit: Uint8Array; zkey: ProvingKeySource } | undefined
  let model: Uint8Array | undefined
  let backend: Backend = 'wasm'
  let inferenceInfo: InferenceInitReturnType = { backend, threads: 1, adapter: undefined }
  const proverReady = new WeakSet<object>()
  const inferenceReady = new WeakSet<object>()

  const ensureKeys = async (api: Remote<ProverWorkerApi>) => {
    if (!keys || proverReady.has(api)) return
    // The key goes as a Blob (a handle, no bytes copied); a runtime-downloaded one is read again for a restarted worker.
    const zkey = await keys.zkey.take()
    await api.init({ circuit: keys.circuit, zkey, prover: options.prover, threads: options.proverThreads })
    proverReady.add(api)
  }
  const ensureSession = async (api: Remote<InferenceWorkerApi>) => {
    if (!model || inferenceReady.has(api)) return
    const info = await api.init({ model, backend: options.backend ?? 'auto', wasmPaths: options.wasmPaths })
    backend = info.backend
    inferenceInfo = info
    inferenceReady.add(api)
  }
  const proverHost = createWorkerHost<ProverWorkerApi>({
    role: 'prover',
    create: options.workers?.prover ?? createProverWorker,
    setup: (api) => (keys ? ensureKeys(api) : api.warmUp({ prover: options.prover })),
  })
  const inferenceHost = createWorkerHost<InferenceWorkerApi>({ role: 'inference', create: options.workers?.inference ?? createInferenceWorker, setup: ensureSession })

  let loaded: LoadedArtifacts
  const timings = { download: 0, startup: 0 }
  try {
    const t0 = now()
    let stage: AbortStage = 'download'
    // snarkjs loads (and builds its curve) while the artifacts download.
    const warm = proverHost.run(async () => {}, { signal, stage: () => stage })
    warm.catch(() => {})
    loaded = await loadArtifacts({
      source: artifacts,
      onProgress: options.onProgress,
      signal,
      cache: options.cache,
      fetch: options.fetch,
      onManifest: (m) => {
        checkSetupPolicy(m, options.allowInsecureSetup)
        hooks.onManifest?.(m)
      },
    })
    const downloaded = now()
    stage = 'startup'
    keys = { circuit: loaded.files.circuit!, zkey: provingKeySource({ loaded, appOwned: typeof artifacts !== 'string' && !(artifacts instanceof URL), cache: options.cache, fetch: options.fetch }) }
    model = loaded.files.model
    await Promise.all([warm, proverHost.run(ensureKeys, { signal, stage: () => stage }), inferenceHost.run(ensureSession, { signal, stage: () => stage })])
    timings.download = isLoadedArtifacts(artifacts) ? 0 : downloaded - t0
    timings.startup = now() - downloaded
  } catch (e) {
    proverHost.terminate()
    inferenceHost.terminate()
    throw e
  }
  const manifest = loaded.manifest

  let disposed = false
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn)
    queue = next.catch(() => {})
    return next
  }

  /** One proof. `state.stage` tracks what is running, for the `AbortError` of a cancelled proof. */
  async function proveOne(input: ProveInput, { onProgress, signal, clamp = options.clamp ?? false, message, salts }: ProveOptions, state: { stage: AbortStage }): Promise<ProveInferenceReturnType> {
    if (disposed) throw new ProverDisposedError()
    throwIfAborted(signal, 'inference')
    const tStart = now()
    const floats = checkInput(manifest, input, clamp)
    const progress = orderedProgress(onProgress)
    const stage = () => state.stage
    try {
      progress.emit({ stage: 'inference', fraction: 0 })
      // `startup` collects the time a restarted worker (after a crash or a cancellation) took to come back.
      let startup = 0
      let inference = 0
      const feeds: InferenceFeeds = nullRecord() // model-chosen names, `__proto__` included
      for (const i of manifest.inputs) feeds[i.name] = { data: Float32Array.from(ownValue(floats, i.name)!), dims: i.shape }
      const tI = now()
      const output = await inferenceHost.run(async (api) => {
        await ensureSession(api)
        const tRun = now()
        startup += tRun - tI
        const out = await api.run({ feeds })
        inference = now() - tRun
        return out
      }, { signal, stage })
      const ranBackend = backend
      progress.emit({ stage: 'inference', fraction: 1 })
      state.stage = 'witness'
      const onWorkerProgress = proxy((p: ProveProgress) => {
        state.stage = p.stage
        progress.emit(p)
      })
      const tP = now()
      const proved = await proverHost.run(async (api) => {
        await ensureKeys(api)
        startup += now() - tP
        return api.prove({ input: floats, clamp, ...(message === undefined ? {} : { message }), ...(salts === undefined ? {} : { salts }) }, onWorkerProgress)
      }, { signal, stage })
      progress.emit({ stage: 'witness', fraction: 1 })
      progress.emit({ stage: 'prove', fraction: 1 })
      return withToJSON({
        output,
        circuitOutput: proved.circuitOutput,
        maxAbsError: maxAbsDiff(output, proved.circuitOutput),
        publicSignals: proved.publicSignals,
        proof: proved.proof,
        outputIntegers: proved.outputIntegers,
        ...(proved.outputSalt !== undefined ? { outputSalt: proved.outputSalt } : {}),
        ...(proved.inputSalt !== undefined ? { inputSalt: proved.inputSalt } : {}),
        ...(proved.message !== undefined ? { message: proved.message } : {}),
        calldata: toCalldata(proved.proof, proved.publicSignals),
        backend: ranBackend,
        timings: { download: 0, startup, inference, witness: proved.timings.witness, prove: proved.timings.prove, total: now() - tStart },
      })
    } finally {
      progress.close()
    }
  }

  const dispose = async () => {
    if (disposed) return
    disposed = true
    proverHost.terminate(new ProverDisposedError())
    inferenceHost.terminate(new ProverDisposedError())
  }

  return {
    manifest,
    artifacts: loaded,
    get backend() {
      return backend
    },
    get inference() {
      return inferenceInfo
    },
    timings,
    prove: (input, opts = {}) => {
      const state: { stage: AbortStage } = { stage: 'inference' }
      return raceAbort(serial(() => proveOne(input, opts, state)), opts.signal, { stage: () => state.stage })
    },
    verify: (result) =>
      serial(async () => {
        if (disposed) throw new ProverDisposedError()
        const proofFile = verifiableProof(result)
        const { circuit, vkey } = loaded.files
        if (!circuit || !vkey) throw new ArtifactError('The prover was created without circuit.json or vkey.json.')
        assertGammaDeltaDistinct(JSON.parse(new TextDecoder().decode(vkey)) as Record<string, unknown>, 'vkey.json')
        return proverHost.run(async (api): Promise<VerifyWithArtifactsReturnType> => api.verify({ circuit, vkey, proofFile }))
      }),
    dispose,
    [Symbol.asyncDispose]: dispose,
  }
}
