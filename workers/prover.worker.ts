/**
 * Prover worker entry point: exposes witness computation and snarkjs Groth16 proving through comlink.
 * Created by the runtime with `new Worker(new URL('…/prover.worker.js', import.meta.url), { type: 'module' })`.
 */
import { expose } from 'comlink'
import { proverWorkerApi } from '../src/runtime/worker/prover.js'
import { WORKER_READY_MESSAGE } from '../src/runtime/protocol.js'

expose(proverWorkerApi)
postMessage(WORKER_READY_MESSAGE)
