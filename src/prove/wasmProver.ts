/**
 * The adapter to our own Groth16 prover (top-level `wasm/`): one cached prover per proving key,
 * so repeated proofs with the same key bytes reuse the loaded key and the worker threads.
 */
import { MAX_THREADS, createWasmProver, type WasmProver } from '../../wasm/prover.js'
import type { ZkeyReader } from '../../wasm/zkey.js'
import type { Groth16Proof } from './groth16.js'

/** Which Groth16 prover runs: ours (`wasm`, the default) or snarkjs's (`snarkjs`, the reference). */
export type ProverKind = 'wasm' | 'snarkjs'

/** The prover used when none is named. */
export const DEFAULT_PROVER: ProverKind = 'wasm'

// The key (bytes or reader) is held weakly: the prover has its own copy, so the caller's may be collected.
let cached: { zkey: WeakRef<Uint8Array | ZkeyReader>; threads: number | undefined; prover: Promise<WasmProver> } | undefined

/** Node's core count (navigator.hardwareConcurrency is missing in Node 20), capped like the browser's. */
async function nodeThreads(): Promise<number | undefined> {
  const g = globalThis as { process?: { versions?: { node?: string } }; navigator?: { hardwareConcurrency?: number } }
  if (!g.process?.versions?.node || g.navigator?.hardwareConcurrency) return undefined
  const spec = 'node:os'
  const os = (await import(/* @vite-ignore */ spec)) as typeof import('node:os')
  return Math.max(1, Math.min(MAX_THREADS, os.availableParallelism()))
}

/**
 * Proves with the wasm prover, loading `zkey` once for as long as the same bytes (or the same
 * reader) are passed. A reader is read only while the prover loads.
 * @throws WasmProverError (malformed key, wrong witness size, worker failure)
 */
export async function proveGroth16Wasm({ zkey, witness, threads }: { zkey: Uint8Array | ZkeyReader; witness: readonly bigint[]; threads?: number | undefined }): Promise<{ proof: Groth16Proof; publicSignals: string[] }> {
  if (!cached || cached.zkey.deref() !== zkey || cached.threads !== threads) {
    await releaseWasmProver()
    const t = threads ?? (await nodeThreads())
    const prover = createWasmProver({ zkey, threads: t })
    cached = { zkey: new WeakRef(zkey), threads, prover }
    prover.catch(() => {
      if (cached?.prover === prover) cached = undefined
    })
  }
  const { proof, publicSignals } = await (await cached.prover).prove(witness)
  return { proof, publicSignals }
}

/** Disposes the cached wasm prover (its workers and memory). Safe to call twice. */
export async function releaseWasmProver(): Promise<void> {
  const c = cached
  cached = undefined
  if (c) await (await c.prover.catch(() => undefined))?.dispose()
}
