/**
 * The demo's inference worker: the runtime's onnxruntime-web worker API (WebGPU or wasm), with the
 * demo's network recorder installed first so the panel sees onnxruntime-web's own downloads.
 */
import '../netlog/worker.js'
import { expose } from 'comlink'
import { inferenceWorkerApi } from '../../../src/runtime/worker/inference.js'
import { WORKER_READY_MESSAGE } from '../../../src/runtime/protocol.js'

expose(inferenceWorkerApi)
postMessage(WORKER_READY_MESSAGE)
