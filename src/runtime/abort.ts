/**
 * Cancellation helpers: every runtime abort surfaces as `AbortError` (name `'AbortError'`) with
 * `signal.reason` as its `reason` — whatever the reason is (`controller.abort(someError)`,
 * `AbortSignal.timeout()`'s `TimeoutError`, or the default `DOMException`) — and the stage that was
 * running.
 */
import { AbortError, type AbortStage } from '../errors/runtime.js'

/** A stage, or a function that reads the current one when the abort happens. */
export type StageOf = AbortStage | (() => AbortStage | undefined) | undefined

const stageOf = (stage: StageOf): AbortStage | undefined => (typeof stage === 'function' ? stage() : stage)

/** The `AbortError` for an aborted `signal`. */
export function abortError(signal: AbortSignal | undefined, stage: StageOf): AbortError {
  return new AbortError({ reason: signal?.reason, stage: stageOf(stage) })
}

/** Throws `AbortError` when `signal` is already aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, stage?: StageOf): void {
  if (signal?.aborted) throw abortError(signal, stage)
}

/**
 * Settles with `promise`, or rejects with `AbortError` as soon as `signal` aborts (running
 * `onAbort` first, e.g. to terminate a worker). The listener is removed when `promise` settles.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined, { stage, onAbort }: { stage?: StageOf; onAbort?: () => void } = {}): Promise<T> {
  if (!signal) return promise
  if (signal.aborted) {
    onAbort?.()
    promise.catch(() => {})
    return Promise.reject(abortError(signal, stage))
  }
  return new Promise<T>((resolve, reject) => {
    const listener = () => {
      const err = abortError(signal, stage)
      onAbort?.()
      reject(err)
    }
    signal.addEventListener('abort', listener, { once: true })
    promise.then(
      (v) => {
        signal.removeEventListener('abort', listener)
        resolve(v)
      },
      (e) => {
        signal.removeEventListener('abort', listener)
        reject(e)
      },
    )
  })
}
