/**
 * snarkjs's global BN254 curve (`globalThis.curve_bn128`, ffjavascript), sized for what it does.
 * ffjavascript builds it with one sub-worker per core (`os.cpus()` / `hardwareConcurrency`, up to
 * 64), which pays off only for snarkjs's own prover (multi-exponentiations, FFTs). To verify (a few
 * pairings) it needs none, so verifying with no curve built installs a single-threaded one, which
 * snarkjs's `verify` then picks up; on a 64-core server or an 8-core phone that is dozens of
 * workers (and their heaps) fewer. Proving with snarkjs drops it again so snarkjs builds its
 * threaded curve (except in the runtime's prover worker on a device with more than MAX_THREADS
 * cores, which keeps this single-threaded curve for snarkjs's prover: see `snarkjsThreading` in
 * src/runtime/worker/prover.ts).
 */
type Curve = { terminate(): Promise<void> }
type GlobalCurve = { curve_bn128?: Curve | null }

let single: Curve | undefined

/** Makes sure a curve exists for verification: the threaded one if built, else a single-threaded one. */
export async function ensureVerifyCurve(): Promise<void> {
  const g = globalThis as GlobalCurve
  if (g.curve_bn128) return
  const ff = (await import('ffjavascript')) as { buildBn128(singleThread?: boolean): Promise<Curve> }
  const curve = await ff.buildBn128(true)
  if (g.curve_bn128) return // built meanwhile
  // A single-threaded curve has no workers to stop (ffjavascript's terminate would throw on it).
  curve.terminate = async () => {}
  g.curve_bn128 = single = curve
}

/** Before snarkjs proves: removes the single-threaded curve, so snarkjs builds its threaded one. */
export function dropVerifyCurve(): void {
  const g = globalThis as GlobalCurve
  if (single && g.curve_bn128 === single) g.curve_bn128 = null
  single = undefined
}
