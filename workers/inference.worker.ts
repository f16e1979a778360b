/**
 * Inference worker entry point: exposes onnxruntime-web inference through comlink.
 * Created by the runtime with `new Worker(new URL('…/inference.worker.js', import.meta.url), { type: 'module' })`.
 */
import { exposeInferenceWorker } from '../src/runtime/exposeWorker.js'

exposeInferenceWorker()
