/**
 * Errors of the browser runtime: artifact fetching, the setup policy, workers, backends and
 * cancellation. Each class stores its structured fields; narrow on `name`.
 */
import { ZkmlError } from './base.js'
import { ArtifactError } from './artifact.js'

/** The setup policy's error lives with the policy's other errors; re-exported here for the runtime. */
export { InsecureSetupError, type InsecureSetupErrorType } from './setup.js'

/** Which of the runtime's workers. */
export type WorkerRole = 'inference' | 'prover'

/**
 * A worker failed to load (bad URL, missing file, a module that throws on import) or raised an
 * uncaught error while calls were pending. Every pending call rejects with this error; the next
 * call starts a fresh worker.
 */
export class WorkerCrashedError extends ZkmlError {
  override name = 'WorkerCrashedError'
  readonly worker: WorkerRole
  readonly phase: 'load' | 'run'
  constructor({ worker, phase, reason, cause }: { worker: WorkerRole; phase: 'load' | 'run'; reason: string; cause?: unknown }) {
    super(phase === 'load' ? `The ${worker} worker failed to load.` : `The ${worker} worker crashed.`, {
      details: reason,
      cause,
      metaMessages:
        phase === 'load'
          ? [
              'Check that your bundler emits the worker files (new Worker(new URL(…, import.meta.url), { type: "module" })),',
              'that the server sends them as JavaScript, and that a CSP allows them (worker-src \'self\' blob:).',
            ]
          : undefined,
      docsPath: 'src/runtime/README.md#workers',
    })
    this.worker = worker
    this.phase = phase
  }
}
export type WorkerCrashedErrorType = WorkerCrashedError & { name: 'WorkerCrashedError' }

/**
 * What was running when an operation was cancelled: the artifact `download`, the workers' `startup`
 * (loading onnxruntime-web and snarkjs, sending the keys, creating the session), one of the proof's
 * stages (`inference`, `witness`, `prove`), or `verify`.
 */
export type AbortStage = 'download' | 'startup' | 'inference' | 'witness' | 'prove' | 'verify'

/**
 * The operation was cancelled through its `AbortSignal` (`controller.abort(reason)`,
 * `AbortSignal.timeout(ms)`, …). Compatible with `DOMException`'s `AbortError`:
 * `err.name === 'AbortError'`. `reason` holds `signal.reason` (e.g. the `TimeoutError` of
 * `AbortSignal.timeout`); `stage` says what was running.
 */
export class AbortError extends ZkmlError {
  override name = 'AbortError'
  readonly reason: unknown
  readonly stage: AbortStage | undefined
  constructor({ reason, stage }: { reason?: unknown; stage?: AbortStage | undefined } = {}) {
    super(stage ? `Cancelled during ${stage}.` : 'Cancelled.', {
      details: reason instanceof Error ? `${reason.name}: ${reason.message}` : reason === undefined ? undefined : String(reason),
      docsPath: 'src/runtime/README.md#cancellation',
    })
    this.reason = reason
    this.stage = stage
  }
}
export type AbortErrorType = AbortError & { name: 'AbortError' }

/** The requested inference backend cannot run here (e.g. `backend: 'webgpu'` without WebGPU). */
export class BackendUnavailableError extends ZkmlError {
  override name = 'BackendUnavailableError'
  readonly backend: string
  constructor({ backend, reason, cause }: { backend: string; reason: string; cause?: unknown }) {
    super(`The ${backend} backend is not available: ${reason}`, {
      cause,
      metaMessages: ["Use backend: 'auto' (WebGPU when a real GPU adapter exists, wasm otherwise) or 'wasm'."],
      docsPath: 'src/runtime/README.md#backends',
    })
    this.backend = backend
  }
}
export type BackendUnavailableErrorType = BackendUnavailableError & { name: 'BackendUnavailableError' }

/** onnxruntime-web failed to create the session or to run the model. */
export class InferenceError extends ZkmlError {
  override name = 'InferenceError'
  readonly backend: string | undefined
  constructor({ shortMessage, backend, cause, details }: { shortMessage: string; backend?: string | undefined; cause?: unknown; details?: string | undefined }) {
    super(shortMessage, { cause, details, metaMessages: backend ? [`Backend: ${backend}`] : undefined })
    this.backend = backend
  }
}
export type InferenceErrorType = InferenceError & { name: 'InferenceError' }

/** The environment lacks something the runtime needs (Web Workers, fetch, WebAssembly). */
export class UnsupportedEnvironmentError extends ZkmlError {
  override name = 'UnsupportedEnvironmentError'
  readonly missing: string
  constructor({ missing, hint }: { missing: string; hint?: string | undefined }) {
    super(`This environment has no ${missing}; the prover needs it.`, { metaMessages: hint ? [hint] : undefined, docsPath: 'src/runtime/README.md#requirements' })
    this.missing = missing
  }
}
export type UnsupportedEnvironmentErrorType = UnsupportedEnvironmentError & { name: 'UnsupportedEnvironmentError' }

/** A prover handle was used after `dispose()`. */
export class ProverDisposedError extends ZkmlError {
  override name = 'ProverDisposedError'
  constructor() {
    super('This prover was disposed; create a new one with createProver().')
  }
}
export type ProverDisposedErrorType = ProverDisposedError & { name: 'ProverDisposedError' }

/** An artifact could not be fetched (network error or an HTTP status other than 2xx). */
export class ArtifactFetchError extends ArtifactError {
  override name = 'ArtifactFetchError'
  readonly url: string
  readonly status: number | undefined
  constructor({ file, url, status, cause }: { file: string; url: string; status?: number | undefined; cause?: unknown }) {
    super(status === undefined ? `Cannot fetch artifact "${file}".` : `Fetching artifact "${file}" failed with HTTP ${status}.`, {
      file,
      details: `${url}${cause instanceof Error ? `: ${cause.message}` : ''}`,
      cause,
    })
    this.url = url
    this.status = status
  }
}
export type ArtifactFetchErrorType = ArtifactFetchError & { name: 'ArtifactFetchError' }
