/**
 * The inference worker's API (runs inside `workers/inference.worker.ts`): one onnxruntime-web
 * session for the model, on WebGPU or wasm.
 *
 * Backend choice: `'auto'` uses WebGPU only when `requestAdapter()` returns a real adapter (not a
 * software fallback such as SwiftShader), otherwise wasm, and falls back to wasm when the WebGPU
 * session cannot be created; `'webgpu'` forces WebGPU (a fallback adapter is accepted) and throws
 * `BackendUnavailableError` without one. wasm uses threads only when cross-origin isolated.
 */
import { BackendUnavailableError, InferenceError } from '../../errors/runtime.js'
import { requestWebGpuAdapter, wasmThreadCount, type GpuAdapterLike, type WebGpuAdapterInfo } from '../../utils/env.js'
import type { Backend, BackendPreference } from '../types.js'
import { guarded } from '../workerErrors.js'
import { nullRecord } from '../../utils/records.js'

type Ort = typeof import('onnxruntime-web')
type Session = Awaited<ReturnType<Ort['InferenceSession']['create']>>

/** Parameters of the inference worker's `init`. */
export type InferenceInitParameters = {
  model: Uint8Array
  backend: BackendPreference
  /** Overrides where onnxruntime-web loads its .wasm/.mjs files from (default: next to its module, as bundled). */
  wasmPaths?: string | undefined
  /** wasm threads (default: up to 4 when cross-origin isolated, else 1). */
  numThreads?: number | undefined
}
/** The session that `init` created: backend, wasm threads (0 on WebGPU), WebGPU adapter. */
export type InferenceInitReturnType = { backend: Backend; threads: number; adapter: WebGpuAdapterInfo | undefined }
/** One model input: float32 data and its full shape. */
export type InferenceFeeds = Record<string, { data: Float32Array; dims: number[] }>

let session: Session | undefined
let ort: Ort | undefined

async function loadOrt(kind: Backend, { wasmPaths, numThreads }: Pick<InferenceInitParameters, 'wasmPaths' | 'numThreads'>): Promise<Ort> {
  // The wasm-only build is half the size of the WebGPU (JSEP) one; load only what runs.
  const mod = (kind === 'wasm' ? await import('onnxruntime-web/wasm') : await import('onnxruntime-web')) as Ort
  mod.env.wasm.numThreads = numThreads ?? wasmThreadCount()
  mod.env.wasm.proxy = false
  if (wasmPaths !== undefined) mod.env.wasm.wasmPaths = wasmPaths
  mod.env.logLevel = 'error'
  return mod
}

async function createSession(kind: Backend, p: InferenceInitParameters, adapter?: GpuAdapterLike): Promise<Session> {
  ort = await loadOrt(kind, p)
  if (adapter) (ort.env.webgpu as { adapter: unknown }).adapter = adapter
  return ort.InferenceSession.create(p.model, { executionProviders: [kind], graphOptimizationLevel: 'all' })
}

async function init(p: InferenceInitParameters): Promise<InferenceInitReturnType> {
  await session?.release()
  session = undefined
  let kind: Backend = 'wasm'
  let adapter: WebGpuAdapterInfo | undefined
  if (p.backend !== 'wasm') {
    const found = await requestWebGpuAdapter({ allowFallback: p.backend === 'webgpu' })
    if (found) {
      try {
        session = await createSession('webgpu', p, found.adapter)
        kind = 'webgpu'
        adapter = found.info
      } catch (e) {
        if (p.backend === 'webgpu') throw new BackendUnavailableError({ backend: 'webgpu', reason: 'onnxruntime-web could not create a WebGPU session.', cause: e })
      }
    } else if (p.backend === 'webgpu') {
      throw new BackendUnavailableError({ backend: 'webgpu', reason: 'navigator.gpu is missing or returned no adapter.' })
    }
  }
  if (!session) {
    try {
      session = await createSession('wasm', p)
    } catch (e) {
      throw new InferenceError({ shortMessage: 'onnxruntime-web could not load the model.', backend: 'wasm', cause: e })
    }
  }
  return { backend: kind, threads: kind === 'wasm' ? ort!.env.wasm.numThreads ?? 1 : 0, adapter }
}

async function run({ feeds }: { feeds: InferenceFeeds }): Promise<Record<string, number[]>> {
  if (!session || !ort) throw new InferenceError({ shortMessage: 'The inference worker was not initialised.' })
  const inputs = nullRecord<InstanceType<Ort['Tensor']>>() // model-chosen names, `__proto__` included
  for (const [name, { data, dims }] of Object.entries(feeds)) inputs[name] = new ort.Tensor('float32', data, dims)
  let out: Awaited<ReturnType<Session['run']>>
  try {
    out = await session.run(inputs)
  } catch (e) {
    throw new InferenceError({ shortMessage: 'onnxruntime-web failed to run the model.', cause: e })
  }
  const result = nullRecord<number[]>()
  for (const [name, t] of Object.entries(out)) {
    const data = t.location === 'cpu' || t.location === undefined ? t.data : await t.getData(true)
    result[name] = Array.from(data as ArrayLike<number | bigint>, Number)
    t.dispose()
  }
  return result
}

/** The API the inference worker exposes through comlink. */
export const inferenceWorkerApi = {
  /** Loads onnxruntime-web and creates the session (replacing any earlier one). */
  init: guarded(init),
  /** Runs the model; returns each output flattened, as numbers. */
  run: guarded(run),
  /** Releases the session. */
  dispose: guarded(async () => {
    await session?.release()
    session = undefined
  }),
}
export type InferenceWorkerApi = typeof inferenceWorkerApi
