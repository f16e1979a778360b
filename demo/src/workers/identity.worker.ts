/**
 * The demo's prover worker: downloads the identity artifacts once, then runs `proveIdentity`
 * (witness + snarkjs Groth16) off the main thread. The capture, template, salt and secret arrive
 * by `postMessage` and leave only as the proof and its public signals.
 */
import '../netlog/worker.js'
import { expose, releaseProxy } from 'comlink'
import {
  IDENTITY_ARTIFACT_FILES,
  type IdentityArtifacts,
  type ProveIdentityParameters,
  type ProveIdentityReturnType,
  decodeIdentityArtifacts,
  proveIdentity,
} from '../../../src/identity/index.js'
import { loadSnarkjs } from '../../../src/prove/groth16.js'
import { guarded } from '../../../src/runtime/workerErrors.js'
import { WORKER_READY_MESSAGE } from '../../../src/runtime/protocol.js'
import { ZkmlError } from '../../../src/errors/base.js'

/** Where the artifacts are and how large (for progress). */
export type ArtifactUrls = { circuit: string; zkey: string; vkey: string; sizes: { circuit: number; zkey: number; vkey: number } }
/** Download progress in bytes over all files. */
export type DownloadProgress = { loaded: number; total: number }
/** Proof progress, as `proveIdentity` reports it. */
export type ProofProgress = { stage: 'match' | 'witness' | 'prove'; done: number; total: number }
/** What `load` reports. */
export type LoadReturnType = { cached: boolean; ms: number; bytes: number; nConstraints: number; threshold: number }

let artifacts: IdentityArtifacts | undefined
let proofs = 0

async function download(url: string, onBytes: (n: number) => void): Promise<Uint8Array> {
  const res = await fetch(url)
  if (!res.ok || !res.body) throw new ZkmlError(`Could not download ${url} (HTTP ${res.status}).`)
  const chunks: Uint8Array[] = []
  const reader = res.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    onBytes(value.length)
  }
  const out = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0))
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}

async function load(urls: ArtifactUrls, onProgress?: (p: DownloadProgress) => void): Promise<LoadReturnType> {
  try {
    const t0 = performance.now()
    const total = urls.sizes.circuit + urls.sizes.zkey + urls.sizes.vkey
    if (!artifacts) {
      let loaded = 0
      const tick = (n: number) => {
        loaded += n
        onProgress?.({ loaded, total })
      }
      const [circuit, zkey, vkey] = await Promise.all([download(urls.circuit, tick), download(urls.zkey, tick), download(urls.vkey, tick)])
      artifacts = decodeIdentityArtifacts({ [IDENTITY_ARTIFACT_FILES.circuit]: circuit, [IDENTITY_ARTIFACT_FILES.zkey]: zkey, [IDENTITY_ARTIFACT_FILES.vkey]: vkey })
      // snarkjs is large: load it now, while the progress bar still says "download".
      await loadSnarkjs()
      return { cached: false, ms: performance.now() - t0, bytes: loaded, nConstraints: artifacts.circuit.nConstraints, threshold: artifacts.circuit.threshold }
    }
    onProgress?.({ loaded: total, total })
    return { cached: true, ms: performance.now() - t0, bytes: 0, nConstraints: artifacts.circuit.nConstraints, threshold: artifacts.circuit.threshold }
  } finally {
    ;(onProgress as { [releaseProxy]?: () => void } | undefined)?.[releaseProxy]?.()
  }
}

/** `proveIdentity` parameters without the artifacts (the worker holds them). */
export type WorkerProveParameters = Omit<ProveIdentityParameters, 'artifacts' | 'onProgress'>

async function prove(p: WorkerProveParameters, onProgress?: (p: ProofProgress) => void): Promise<ProveIdentityReturnType & { warm: boolean }> {
  try {
    if (!artifacts) throw new ZkmlError('The identity artifacts are not loaded.')
    const warm = proofs > 0
    const result = await proveIdentity({ ...p, artifacts, onProgress: (x) => onProgress?.(x) })
    proofs++
    return { ...result, warm }
  } finally {
    ;(onProgress as { [releaseProxy]?: () => void } | undefined)?.[releaseProxy]?.()
  }
}

/** The API this worker exposes through comlink (errors cross as `serializeError` output). */
export const identityWorkerApi = { load: guarded(load), prove: guarded(prove) }
export type IdentityWorkerApi = typeof identityWorkerApi

expose(identityWorkerApi)
postMessage(WORKER_READY_MESSAGE)
