/**
 * Runs snarkjs work and stops the worker threads of snarkjs's global BN254 curve
 * (`globalThis.curve_bn128`) afterwards if this call created it, so Node processes can exit.
 * NOTE: snarkjs shares that one global; running other snarkjs work concurrently in the same thread
 * while a call that created it finishes would see it terminated (ffjavascript rebuilds it on next use).
 */
import { dropVerifyCurve } from '../prove/verifyCurve.js'

type GlobalCurve = { curve_bn128?: { terminate(): Promise<void> } | null }

/**
 * @param fn receives the lazily imported snarkjs module.
 * @returns what `fn` returns.
 */
export async function withSnarkjs<T>(fn: (snarkjs: any) => Promise<T>): Promise<T> {
  const g = globalThis as GlobalCurve
  dropVerifyCurve() // setup wants snarkjs's threaded curve, not the single-threaded verifying one
  const had = g.curve_bn128 != null
  try {
    return await fn(await import('snarkjs'))
  } finally {
    if (!had) await g.curve_bn128?.terminate()
  }
}
