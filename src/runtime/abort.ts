/**
 * Cancellation helpers: every runtime abort surfaces as `AbortError` (name `'AbortError'`).
 */
import { AbortError } from '../errors/runtime.js'

/** Throws `AbortError` when `signal` is already aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, stage?: string): void {
  if (signal?.aborted) throw new AbortError({ reason: signal.reason, stage })
}

/** True for our `AbortError` and for `DOMException`s named `AbortError` (fetch, streams). */
export function isAbortError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError'
}

/**
 * Settles with `promise`, or rejects with `AbortError` as soon as `signal` aborts (running
 * `onAbort` first, e.g. to terminate a worker). The listener is removed when `promise` settles.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined, { stage, onAbort }: { stage?: string; onAbort?: () => void } = {}): Promise<T> {
  if (!signal) return promise
  if (signal.aborted) {
    onAbort?.()
    promise.catch(() => {})
    return Promise.reject(new AbortError({ reason: signal.reason, stage }))
  }
  return new Promise<T>((resolve, reject) => {
    const listener = () => {
      onAbort?.()
      reject(new AbortError({ reason: signal.reason, stage }))
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
