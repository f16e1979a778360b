/**
 * `createStatementProver`: a prover for any statement kind an artifact set can name (`model`,
 * `identity`). Loads the set with `loadArtifacts` (Cache Storage, sha256 of every file, the
 * statement check), applies the setup policy and checks the verification key against the
 * manifest's `vkeyHash`, then keeps the circuit and the proving key warm in the runtime's prover
 * worker, which computes each witness with the statement's definition and proves it.
 * (`createProver` adds onnxruntime-web inference for models; for other statements, run the model
 * yourself with `createInferenceSession` if you want its float output.)
 */
import { proxy, type Remote } from 'comlink'
import type { StatementKind } from '../compile/manifest.js'
import { vkeyHash, type VkeyPoints } from '../chain/vkeyHash.js'
import { ArtifactError } from '../errors/artifact.js'
import type { Groth16Proof } from '../prove/groth16.js'
import { ProverDisposedError, UnsupportedEnvironmentError } from '../errors/runtime.js'
import { assertTrustedSetup } from '../setup/trust.js'
import { raceAbort, throwIfAborted } from './abort.js'
import { loadArtifacts, type ArtifactSource, type LoadedArtifacts } from './loadArtifacts.js'
import { orderedProgress } from './progress.js'
import type { StatementInput, StatementManifest, StatementOutput } from './statements.js'
import type { OnProveProgress, ProveProgress } from './types.js'
import { provingKeySource, type ProvingKeySource } from './provingKey.js'
import { createWorkerHost, type WorkerFactory } from './workerHost.js'
import { createProverWorker } from './workers.js'
import type { ProverWorkerApi } from './worker/prover.js'
import type { ProverKind } from '../prove/wasmProver.js'

/** Parameters of {@link createStatementProver}. */
export type CreateStatementProverParameters<K extends StatementKind> = {
  /** The manifest URL (or its directory, ending in `/`), an in-memory set, or a loaded set. */
  artifacts: ArtifactSource
  /** The statement the set must prove (`manifest.statement`); another one is refused. */
  statement: K
  /** Download progress while the artifacts load. */
  onProgress?: OnProveProgress | undefined
  /** Cancels loading. */
  signal?: AbortSignal | undefined
  /**
   * Accept artifacts whose setup the policy does not trust (the one-party dev setup, …).
   * Development, tests and demos only.
   */
  allowInsecureSetup?: boolean | undefined
  /** Cache Storage: true (default), false, or a cache name. */
  cache?: boolean | string | undefined
  /** A fetch implementation for the artifacts (default `globalThis.fetch`). */
  fetch?: typeof fetch | undefined
  /** Starts the prover worker (default: the runtime's `createProverWorker`). */
  worker?: WorkerFactory | undefined
  /** Groth16 prover: `'wasm'` (default, ours) or `'snarkjs'` (the reference). */
  prover?: ProverKind | undefined
  /** wasm prover threads (default: cores; at most 4, `MAX_THREADS`, whatever is asked; 1 unless the page is cross-origin isolated). */
  proverThreads?: number | undefined
}

/** One proof of statement `K`. */
export type StatementProof<K extends StatementKind> = {
  proof: Groth16Proof
  /** Public signals (decimal strings) in the circuit's order. */
  publicSignals: string[]
  /** What the statement reports beside the proof (e.g. the identity's root, nullifier and match distance). */
  output: StatementOutput<K>
  /** Milliseconds in the worker. */
  timings: { witness: number; prove: number }
  /** False for the worker's first proof (it paid the prover's warm-up). */
  warm: boolean
}

/** Options of `prover.prove`. */
export type StatementProveOptions = {
  /** `witness` then `prove` events (see `ProveProgress`). */
  onProgress?: OnProveProgress | undefined
  /** Cancels the proof; the worker's job is terminated. Rejects with `AbortError`. */
  signal?: AbortSignal | undefined
}

/** A loaded statement prover: warm keys in a worker, ready for many proofs. */
export type StatementProver<K extends StatementKind> = {
  readonly statement: K
  readonly manifest: StatementManifest<K>
  /** The loaded set; created from a URL, it lacks `files.zkey` (the key lives only in the worker). */
  readonly artifacts: LoadedArtifacts<StatementManifest<K>>
  /**
   * Computes the witness and the Groth16 proof in the worker. Proofs run one at a time, in call
   * order, and make no network request.
   * @throws The statement's typed errors (e.g. `IrisNoMatchError`, `InvalidInputError`),
   *   WitnessGenerationError, ProverError, WorkerCrashedError, AbortError, ProverDisposedError;
   *   after a worker restart, ArtifactFetchError / ArtifactHashMismatchError if the key cannot be read again
   */
  prove(input: StatementInput<K>, options?: StatementProveOptions): Promise<StatementProof<K>>
  /** Terminates the worker; pending proofs reject with `ProverDisposedError`. */
  dispose(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}
export type CreateStatementProverReturnType<K extends StatementKind> = StatementProver<K>

/**
 * Loads a statement's artifacts and starts a prover that keeps them warm in the prover worker.
 *
 * @param parameters - {@link CreateStatementProverParameters}
 * @returns a {@link StatementProver}; call `dispose()` (or `await using`) when done
 * @throws InsecureSetupError, ForgeableVerificationKeyError, StatementMismatchError, ArtifactError /
 *   ArtifactHashMismatchError / ArtifactFetchError, WorkerCrashedError, UnsupportedEnvironmentError, AbortError
 * @example
 * import { createStatementProver } from '@zkml/web'
 * await using prover = await createStatementProver({ artifacts: '/artifacts/identity/manifest.json', statement: 'identity' })
 * const { proof, publicSignals, output } = await prover.prove({ capture, template, salt, secret, merkleProof, scope: 1n, message })
 */
export async function createStatementProver<K extends StatementKind>(parameters: CreateStatementProverParameters<K>): Promise<StatementProver<K>> {
  if (typeof Worker !== 'function') throw new UnsupportedEnvironmentError({ missing: 'Web Workers', hint: 'Run the prover in a browser (or prove in-process in Node).' })
  const { statement, signal, allowInsecureSetup } = parameters
  let keys: { circuit: Uint8Array; zkey: ProvingKeySource } | undefined
  const ready = new WeakSet<object>()
  const ensureKeys = async (api: Remote<ProverWorkerApi>) => {
    if (!keys || ready.has(api)) return
    // The key goes as a Blob (a handle, no bytes copied); a runtime-downloaded one is read again for a restarted worker.
    const zkey = await keys.zkey.take()
    await api.init({ circuit: keys.circuit, zkey, statement, prover: parameters.prover, threads: parameters.proverThreads })
    ready.add(api)
  }
  const host = createWorkerHost<ProverWorkerApi>({
    role: 'prover',
    create: parameters.worker ?? createProverWorker,
    setup: (api) => (keys ? ensureKeys(api) : api.warmUp({ prover: parameters.prover })),
  })

  let loaded: LoadedArtifacts<StatementManifest<K>>
  try {
    // snarkjs loads (and builds its curve) while the artifacts download.
    const warm = host.run(async () => {}, { signal, stage: 'download' })
    warm.catch(() => {})
    loaded = await loadArtifacts<K>({
      source: parameters.artifacts,
      statement,
      include: ['circuit', 'zkey', 'vkey'],
      onProgress: parameters.onProgress,
      signal,
      cache: parameters.cache,
      fetch: parameters.fetch,
      onManifest: (m) => assertTrustedSetup({ setup: m.setup, allowInsecureSetup, operation: 'prove' }),
    })
    const vkey = JSON.parse(new TextDecoder().decode(loaded.files.vkey!)) as VkeyPoints & Record<string, unknown>
    assertTrustedSetup({ setup: loaded.manifest.setup, vkey, allowInsecureSetup, operation: 'prove' })
    if (vkeyHash(vkey) !== loaded.manifest.vkeyHash) throw new ArtifactError("vkey.json does not match the manifest's vkeyHash.", { file: 'vkey.json' })
    const source = parameters.artifacts
    keys = { circuit: loaded.files.circuit!, zkey: provingKeySource({ loaded, appOwned: typeof source !== 'string' && !(source instanceof URL), cache: parameters.cache, fetch: parameters.fetch }) }
    await Promise.all([warm, host.run(ensureKeys, { signal, stage: 'download' })])
  } catch (e) {
    host.terminate()
    throw e
  }

  let disposed = false
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn)
    queue = next.catch(() => {})
    return next
  }

  const proveOne = async (input: StatementInput<K>, { onProgress, signal }: StatementProveOptions): Promise<StatementProof<K>> => {
    if (disposed) throw new ProverDisposedError()
    throwIfAborted(signal, 'witness')
    const progress = orderedProgress(onProgress)
    try {
      const onWorkerProgress = proxy((p: ProveProgress) => progress.emit(p))
      const proved = await host.run(async (api) => {
        await ensureKeys(api)
        return api.proveStatement(input, onWorkerProgress)
      }, { signal, stage: 'prove' })
      progress.emit({ stage: 'witness', fraction: 1 })
      progress.emit({ stage: 'prove', fraction: 1 })
      return proved as StatementProof<K>
    } finally {
      progress.close()
    }
  }

  const dispose = async () => {
    if (disposed) return
    disposed = true
    host.terminate(new ProverDisposedError())
  }

  return {
    statement,
    manifest: loaded.manifest,
    artifacts: loaded,
    prove: (input, options = {}) => raceAbort(serial(() => proveOne(input, options)), options.signal, { stage: 'prove' }),
    dispose,
    [Symbol.asyncDispose]: dispose,
  }
}
