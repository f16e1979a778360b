/**
 * On-device computation, off the main thread, through the package's public API: the iris code
 * with onnxruntime-web (`createInferenceSession` on the artifact set's `model.onnx`) and the
 * identity proof (`createStatementProver({ statement: 'identity' })`: witness + snarkjs Groth16 in
 * the runtime's prover worker). Both load the one artifact set with `loadArtifacts` (sha256 of every
 * file, Cache Storage). The worker scripts are the demo's own (`workers/*.worker.ts`) only so the
 * network panel can record their requests; they run the runtime's worker APIs.
 */
import { createInferenceSession, createStatementProver, loadArtifacts, type InferenceSession, type ProveProgress, type StatementProof, type StatementProver } from '@zkml/web'
import { IRIS_GEOMETRY, IRIS_INPUT_NAME, IRIS_OUTPUT_NAME, IRIS_ROWS, codeShape, padStrip, type IdentityProofInput, type IrisStrip } from '@zkml/web/identity'

/** The float code from onnxruntime-web. */
export type OrtCode = { bits: Uint8Array; backend: InferenceSession['info']; ms: number }

/** The handle {@link createDevice} returns. */
export type Device = ReturnType<typeof createDevice>

const proverWorker = () => new Worker(new URL('./workers/prover.worker.ts', import.meta.url), { type: 'module', name: 'prover worker' })
const inferenceWorker = () => new Worker(new URL('./workers/inference.worker.ts', import.meta.url), { type: 'module', name: 'inference worker' })

/**
 * Starts nothing yet: the inference session starts at the first scan, the prover at the first proof.
 *
 * @param parameters.artifacts - URL of the identity artifact set's manifest.json.
 * @param parameters.allowInsecureSetup - Accept the set's dev-setup keys (the demo's server opted in).
 */
export function createDevice({ artifacts, allowInsecureSetup }: { artifacts: string; allowInsecureSetup: boolean }) {
  let session: Promise<InferenceSession> | undefined
  let prover: Promise<StatementProver<'identity'>> | undefined
  let reportedDownload = false
  const { columns, filters, bands, paddedCols } = codeShape(IRIS_GEOMETRY)

  const startSession = async () => {
    const { files } = await loadArtifacts({ source: artifacts, statement: 'identity', include: ['model'] })
    return createInferenceSession({ model: files.model!, worker: inferenceWorker })
  }

  return {
    /**
     * The capture's code from onnxruntime-web's float responses (bit = response ≥ 0).
     * The circuit's integer code is authoritative; the two agree except where a response sits at 0.
     */
    async ortCode(strip: IrisStrip): Promise<OrtCode> {
      const s = await (session ??= startSession().catch((e: unknown) => {
        session = undefined
        throw e
      }))
      const data = padStrip(strip, IRIS_GEOMETRY)
      const t0 = performance.now()
      const out = await s.run({ [IRIS_INPUT_NAME]: { data, dims: [1, 1, IRIS_ROWS, paddedCols] } })
      const responses = out[IRIS_OUTPUT_NAME]!
      if (responses.length !== filters * bands * columns) throw new Error(`onnxruntime-web returned ${responses.length} responses`)
      return { bits: Uint8Array.from(responses, (v) => (v >= 0 ? 1 : 0)), backend: s.info, ms: performance.now() - t0 }
    },
    /**
     * The identity prover (loaded once: manifest, sha256-checked keys, setup policy, warm worker).
     * @returns The prover and the bytes downloaded for it (0 after the first call, or from the cache).
     */
    async prover(onProgress: (p: ProveProgress) => void): Promise<{ prover: StatementProver<'identity'>; downloadedBytes: number }> {
      const p = await (prover ??= createStatementProver({ artifacts, statement: 'identity', allowInsecureSetup, onProgress, worker: proverWorker }).catch((e: unknown) => {
        prover = undefined
        throw e
      }))
      const downloadedBytes = reportedDownload ? 0 : p.artifacts.stats.downloadedBytes
      reportedDownload = true
      return { prover: p, downloadedBytes }
    },
    /** Proves in the prover worker. @throws The worker's typed error (e.g. `IrisNoMatchError`). */
    async prove(input: IdentityProofInput, onProgress: (p: ProveProgress) => void): Promise<StatementProof<'identity'>> {
      const p = await prover!
      return p.prove(input, { onProgress })
    },
    /** Terminates both workers. */
    async dispose(): Promise<void> {
      await Promise.all([session?.then((s) => s.dispose()), prover?.then((p) => p.dispose())])
    },
  }
}
