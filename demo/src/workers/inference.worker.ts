/**
 * The demo's inference worker: the runtime's onnxruntime-web worker API (WebGPU or wasm), with the
 * demo's network recorder installed first so the panel sees onnxruntime-web's own downloads.
 */
import '../netlog/worker.js'
import { exposeInferenceWorker } from '@zkml/web'

exposeInferenceWorker()
