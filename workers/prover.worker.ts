/**
 * Prover worker entry point: exposes witness computation (any statement kind) and snarkjs Groth16
 * proving through comlink. Created by the runtime with
 * `new Worker(new URL('…/prover.worker.js', import.meta.url), { type: 'module' })`.
 */
import { exposeProverWorker } from '../src/runtime/exposeWorker.js'

exposeProverWorker()
