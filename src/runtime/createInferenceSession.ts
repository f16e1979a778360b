/**
 * `createInferenceSession`: an onnxruntime-web session (WebGPU or wasm) on a model, in the runtime's
 * inference worker, for an app that wants a model's float output on its own — e.g. the iris-code
 * model of an identity artifact set, whose proven (integer) code comes from `createStatementProver`.
 * `createProver` runs the same worker for models it proves.
 */
import { ProverDisposedError, UnsupportedEnvironmentError } from '../errors/runtime.js'
import { raceAbort, throwIfAborted } from './abort.js'
import type { Backend, BackendPreference } from './types.js'
import { createWorkerHost, type WorkerFactory } from './workerHost.js'
import { createInferenceWorker } from './workers.js'
import type { InferenceFeeds, InferenceInitReturnType, InferenceWorkerApi } from './worker/inference.js'

/** Parameters of {@link createInferenceSession}. */
export type CreateInferenceSessionParameters = {
  /** The ONNX model's bytes (e.g. `loaded.files.model` from `loadArtifacts({ include: ['model'] })`). */
  model: Uint8Array
  /** Inference backend (default `'auto'`: WebGPU on a real adapter, else wasm). */
  backend?: BackendPreference | undefined
  /** Where onnxruntime-web loads its .wasm files from (default: as bundled, next to its module). */
  wasmPaths?: string | undefined
  /** Cancels the start-up. */
  signal?: AbortSignal | undefined
  /** Starts the inference worker (default: the runtime's `createInferenceWorker`). */
  worker?: WorkerFactory | undefined
}

/** The result of one run: each output flattened (row-major), as numbers, by output name. */
export type InferenceOutputs = Record<string, number[]>

/** A model session in a worker. */
export type InferenceSession = {
  /** The backend in use, wasm threads (0 on WebGPU), and the WebGPU adapter when used. */
  readonly info: InferenceInitReturnType
  readonly backend: Backend
  /**
   * Runs the model. Runs one at a time, in call order.
   * @throws InferenceError, WorkerCrashedError, AbortError, ProverDisposedError
   */
  run(feeds: InferenceFeeds, options?: { signal?: AbortSignal | undefined }): Promise<InferenceOutputs>
  /** Terminates the worker. */
  dispose(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}
export type CreateInferenceSessionReturnType = InferenceSession

/**
 * Starts the inference worker and creates the session.
 *
 * @param parameters - {@link CreateInferenceSessionParameters}
 * @returns {@link InferenceSession}
 * @throws BackendUnavailableError, InferenceError, WorkerCrashedError, UnsupportedEnvironmentError, AbortError
 * @example
 * import { createInferenceSession, loadArtifacts } from '@zkml/web'
 * const { files } = await loadArtifacts({ source: '/artifacts/identity/manifest.json', statement: 'identity', include: ['model'] })
 * const session = await createInferenceSession({ model: files.model! })
 * const { responses } = await session.run({ strip: { data, dims: [1, 1, 16, 72] } })
 */
export async function createInferenceSession({ model, backend = 'auto', wasmPaths, signal, worker }: CreateInferenceSessionParameters): Promise<InferenceSession> {
  if (typeof Worker !== 'function') throw new UnsupportedEnvironmentError({ missing: 'Web Workers', hint: 'Run inference in a browser.' })
  let info: InferenceInitReturnType | undefined
  const host = createWorkerHost<InferenceWorkerApi>({
    role: 'inference',
    create: worker ?? createInferenceWorker,
    // A restarted worker gets the session again.
    setup: async (api) => {
      info = await api.init({ model, backend, wasmPaths })
    },
  })
  try {
    await host.run(async () => {}, { signal, stage: 'inference' })
  } catch (e) {
    host.terminate()
    throw e
  }
  let disposed = false
  let queue: Promise<unknown> = Promise.resolve()
  const dispose = async () => {
    if (disposed) return
    disposed = true
    host.terminate(new ProverDisposedError())
  }
  return {
    get info() {
      return info!
    },
    get backend() {
      return info!.backend
    },
    run(feeds, { signal } = {}) {
      const next = queue.then(() => {
        if (disposed) throw new ProverDisposedError()
        throwIfAborted(signal, 'inference')
        return host.run((api) => api.run({ feeds }), { signal, stage: 'inference' })
      })
      queue = next.catch(() => {})
      return raceAbort(next, signal, { stage: 'inference' })
    },
    dispose,
    [Symbol.asyncDispose]: dispose,
  }
}
