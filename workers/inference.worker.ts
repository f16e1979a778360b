/**
 * Inference worker entry point: exposes onnxruntime-web inference through comlink.
 * Created by the runtime with `new Worker(new URL('…/inference.worker.js', import.meta.url), { type: 'module' })`.
 */
import { expose } from 'comlink'
import { inferenceWorkerApi } from '../src/runtime/worker/inference.js'
import { WORKER_READY_MESSAGE } from '../src/runtime/protocol.js'

expose(inferenceWorkerApi)
postMessage(WORKER_READY_MESSAGE)
