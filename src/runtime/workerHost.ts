/**
 * A comlink-wrapped worker that cannot hang: a worker that fails to load, never reports ready, or
 * raises an uncaught error rejects every pending call with `WorkerCrashedError`; an aborted call
 * terminates the worker. Either way the next call starts a fresh worker (and runs `setup` on it).
 */
import { wrap, type Remote } from 'comlink'
import { WorkerCrashedError, type WorkerRole } from '../errors/runtime.js'
import { raceAbort, throwIfAborted, type StageOf } from './abort.js'
import { deserializeError } from './workerErrors.js'
import { WORKER_READY_MESSAGE } from './protocol.js'


/** Creates a worker (the runtime's default uses `new Worker(new URL(…, import.meta.url), { type: 'module' })`). */
export type WorkerFactory = () => Worker

/** Parameters of {@link createWorkerHost}. */
export type WorkerHostParameters<Api> = {
  role: WorkerRole
  create: WorkerFactory
  /** Runs on every freshly started worker before any call (e.g. sends the keys). */
  setup?: ((api: Remote<Api>) => Promise<void>) | undefined
  /** How long a new worker may take to report ready (default 60 s). */
  readyTimeoutMs?: number | undefined
}

/** A worker that restarts itself after a crash or a cancellation. */
export type WorkerHost<Api> = {
  /**
   * Runs `fn` on the worker, starting it (and running `setup`) first if needed. `stage` names what
   * an `AbortError` reports as running (a stage, or a function read at abort time); default: the
   * worker's own job (`inference` or `prove`).
   * @throws WorkerCrashedError, AbortError (the worker is terminated), or the typed error the worker threw
   */
  run<T>(fn: (api: Remote<Api>) => Promise<T>, opts?: { signal?: AbortSignal | undefined; stage?: StageOf }): Promise<T>
  /** Terminates the worker; pending calls reject with `error` (default `WorkerCrashedError`). The next `run` starts a new one. */
  terminate(error?: unknown): void
  /** The current worker, if started (tests use it). */
  readonly worker: Worker | undefined
}

type Instance<Api> = {
  worker: Worker
  api: Remote<Api>
  ready: Promise<void>
  /** Rejecters of calls in flight on this instance. */
  pending: Set<(e: unknown) => void>
  dead: unknown
}

function describe(ev: Event): string {
  const e = ev as ErrorEvent
  if (typeof e.message === 'string' && e.message) return `${e.message}${e.filename ? ` (${e.filename}:${e.lineno})` : ''}`
  return ev.type === 'messageerror' ? 'a message from the worker could not be deserialized' : 'the worker script could not be loaded or evaluated'
}

/**
 * Creates a lazily started, self-healing worker.
 * @param params {@link WorkerHostParameters}
 */
export function createWorkerHost<Api>({ role, create, setup, readyTimeoutMs = 60_000 }: WorkerHostParameters<Api>): WorkerHost<Api> {
  let current: Instance<Api> | undefined

  const kill = (inst: Instance<Api>, err: unknown) => {
    if (inst.dead) return
    inst.dead = err
    inst.worker.terminate()
    if (current === inst) current = undefined
    for (const reject of inst.pending) reject(err)
    inst.pending.clear()
  }

  const start = (): Instance<Api> => {
    let worker: Worker
    try {
      worker = create()
    } catch (e) {
      throw new WorkerCrashedError({ worker: role, phase: 'load', reason: e instanceof Error ? e.message : String(e), cause: e })
    }
    let isReady = false
    const inst: Instance<Api> = { worker, api: wrap<Api>(worker), ready: undefined as unknown as Promise<void>, pending: new Set(), dead: undefined }
    const onFailure = (ev: Event) => {
      kill(inst, new WorkerCrashedError({ worker: role, phase: isReady ? 'run' : 'load', reason: describe(ev) }))
    }
    worker.addEventListener('error', onFailure)
    worker.addEventListener('messageerror', onFailure)
    inst.ready = track(
      inst,
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          kill(inst, new WorkerCrashedError({ worker: role, phase: 'load', reason: `no ready message within ${readyTimeoutMs} ms` }))
        }, readyTimeoutMs)
        const onMessage = (ev: MessageEvent) => {
          if (ev.data !== WORKER_READY_MESSAGE) return
          isReady = true
          clearTimeout(timer)
          worker.removeEventListener('message', onMessage)
          resolve()
        }
        worker.addEventListener('message', onMessage)
      }),
    )
      .then(() => (setup ? track(inst, setup(inst.api)) : undefined))
      .catch((e: unknown) => {
        // A worker whose setup failed is not reused: the next call starts afresh.
        kill(inst, e)
        throw e
      })
    inst.ready.catch(() => {})
    return inst
  }

  /** Settles with `p`, or rejects when the instance dies first. */
  function track<T>(inst: Instance<Api>, p: Promise<T>): Promise<T> {
    if (inst.dead) return Promise.reject(inst.dead)
    return new Promise<T>((resolve, reject) => {
      const rejecter = (e: unknown) => reject(e)
      inst.pending.add(rejecter)
      p.then(
        (v) => {
          inst.pending.delete(rejecter)
          resolve(v)
        },
        (e) => {
          inst.pending.delete(rejecter)
          reject(deserializeError(e))
        },
      )
    })
  }

  return {
    async run(fn, { signal, stage = role === 'inference' ? 'inference' : 'prove' } = {}) {
      throwIfAborted(signal, stage)
      const inst = current ?? (current = start())
      const onAbort = () => kill(inst, new WorkerCrashedError({ worker: role, phase: 'run', reason: 'terminated after cancellation' }))
      return raceAbort(
        inst.ready.then(() => track(inst, fn(inst.api))),
        signal,
        { stage, onAbort },
      )
    },
    terminate(error) {
      if (current) kill(current, error ?? new WorkerCrashedError({ worker: role, phase: 'run', reason: 'terminated' }))
    },
    get worker() {
      return current?.worker
    },
  }
}
