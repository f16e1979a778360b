/**
 * The worker side of the runtime's two workers, for apps that host their own worker scripts (to add
 * instrumentation, a CSP nonce, or a bundler's worker syntax): a worker module calls one of these
 * once, and the main thread passes a factory that starts it (`createProver({ workers })`,
 * `createStatementProver({ worker })`, `createInferenceSession({ worker })`).
 * `workers/prover.worker.ts` and `workers/inference.worker.ts` are exactly these calls.
 *
 * @example
 * // my-prover.worker.ts
 * import { exposeProverWorker } from '@zkml/web'
 * exposeProverWorker()
 * // main thread
 * const prover = await createStatementProver({ artifacts, statement: 'identity',
 *   worker: () => new Worker(new URL('./my-prover.worker.ts', import.meta.url), { type: 'module' }) })
 */
import { expose } from 'comlink'
import { WORKER_READY_MESSAGE } from './protocol.js'
import { inferenceWorkerApi } from './worker/inference.js'
import { proverWorkerApi } from './worker/prover.js'

/** In a worker: exposes the prover API (witness of any statement + snarkjs Groth16) and reports ready. */
export function exposeProverWorker(): void {
  expose(proverWorkerApi)
  postMessage(WORKER_READY_MESSAGE)
}

/** In a worker: exposes the onnxruntime-web inference API and reports ready. */
export function exposeInferenceWorker(): void {
  expose(inferenceWorkerApi)
  postMessage(WORKER_READY_MESSAGE)
}
