/**
 * Keeps progress events in contract order whatever order they arrive in (worker messages travel on
 * different channels): stages only move forward, fractions never decrease within a stage, and
 * nothing is delivered after `close()`.
 */
import type { OnProveProgress, ProveProgress, ProveStage } from './types.js'

const ORDER: readonly ProveStage[] = ['download', 'inference', 'witness', 'prove']

/** Wraps `onProgress` so it sees a well-ordered stream; the callback's own errors are swallowed. */
export function orderedProgress(onProgress: OnProveProgress | undefined): { emit: OnProveProgress; close(): void } {
  let stage = -1
  let fraction = -1
  let closed = false
  return {
    emit(p: ProveProgress) {
      if (closed || !onProgress) return
      const s = ORDER.indexOf(p.stage)
      if (s < stage || (s === stage && p.fraction < fraction)) return
      if (s > stage) fraction = -1
      stage = s
      fraction = p.fraction
      try {
        onProgress(p)
      } catch {
        // A throwing progress callback must not break the proof.
      }
    },
    close() {
      closed = true
    },
  }
}
