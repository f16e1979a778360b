/**
 * On-device computation, off the main thread: the iris code with onnxruntime-web (inference
 * worker) and the identity proof with snarkjs (prover worker). Both workers restart themselves
 * after a crash (the runtime's worker host).
 */
import { proxy } from 'comlink'
import { IRIS_GEOMETRY, IRIS_INPUT_NAME, IRIS_ROWS, IRIS_OUTPUT_NAME, codeShape, padStrip, type IrisStrip } from '../../src/identity/index.js'
import { createWorkerHost } from '../../src/runtime/workerHost.js'
import type { InferenceInitReturnType, InferenceWorkerApi } from '../../src/runtime/worker/inference.js'
import type { ArtifactUrls, DownloadProgress, IdentityWorkerApi, LoadReturnType, ProofProgress, WorkerProveParameters } from './workers/identity.worker.js'

/** The float code from onnxruntime-web. */
export type OrtCode = { bits: Uint8Array; backend: InferenceInitReturnType; ms: number }

/** The handle {@link createDevice} returns. */
export type Device = ReturnType<typeof createDevice>

/**
 * Starts nothing yet: each worker starts on first use.
 *
 * @param parameters.model - URL of `iriscode.onnx`.
 * @param parameters.artifacts - Where the identity artifacts are.
 */
export function createDevice({ model, artifacts }: { model: string; artifacts: ArtifactUrls }) {
  let session: Promise<InferenceInitReturnType> | undefined
  const inference = createWorkerHost<InferenceWorkerApi>({
    role: 'inference',
    create: () => new Worker(new URL('./workers/inference.worker.ts', import.meta.url), { type: 'module', name: 'inference worker' }),
    setup: async (api) => {
      const bytes = new Uint8Array(await (await fetch(model)).arrayBuffer())
      session = api.init({ model: bytes, backend: 'auto' })
      await session
    },
  })
  const prover = createWorkerHost<IdentityWorkerApi>({
    role: 'prover',
    create: () => new Worker(new URL('./workers/identity.worker.ts', import.meta.url), { type: 'module', name: 'prover worker' }),
  })
  const { columns, filters, bands, paddedCols } = codeShape(IRIS_GEOMETRY)

  return {
    /**
     * The capture's code from onnxruntime-web's float responses (bit = response ≥ 0).
     * The circuit's integer code is authoritative; the two agree except where a response sits at 0.
     */
    async ortCode(strip: IrisStrip): Promise<OrtCode> {
      const data = padStrip(strip, IRIS_GEOMETRY)
      const t0 = performance.now()
      const out = await inference.run((api) => api.run({ feeds: { [IRIS_INPUT_NAME]: { data, dims: [1, 1, IRIS_ROWS, paddedCols] } } }))
      const responses = out[IRIS_OUTPUT_NAME]!
      if (responses.length !== filters * bands * columns) throw new Error(`onnxruntime-web returned ${responses.length} responses`)
      return { bits: Uint8Array.from(responses, (v) => (v >= 0 ? 1 : 0)), backend: await session!, ms: performance.now() - t0 }
    },
    /** Downloads the proving artifacts into the prover worker (once). */
    loadArtifacts(onProgress: (p: DownloadProgress) => void): Promise<LoadReturnType> {
      return prover.run((api) => api.load(artifacts, proxy(onProgress)))
    },
    /** Proves in the prover worker. @throws The worker's error (e.g. `name === 'IrisNoMatchError'`). */
    prove(p: WorkerProveParameters, onProgress: (p: ProofProgress) => void) {
      return prover.run((api) => api.prove(p, proxy(onProgress)))
    },
    /** Terminates both workers. */
    dispose(): void {
      inference.terminate()
      prover.terminate()
    },
  }
}
