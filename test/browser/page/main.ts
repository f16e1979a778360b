/**
 * The browser tests' page: exposes the runtime (imported from the repo's src through vite) and a
 * few test helpers on `window.zkml`. Tests drive it with `page.evaluate`.
 */
import * as runtime from '../../../src/runtime/index.js'
import type { WorkerFactory } from '../../../src/runtime/index.js'

/** JSON-safe copy (bigints → decimal strings). */
function plain<T>(x: T): unknown {
  return JSON.parse(JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)))
}

/** A copy of an error's useful fields. */
function errorInfo(e: unknown) {
  const err = e as Record<string, unknown> & Error
  return {
    name: err?.name,
    message: err?.message,
    shortMessage: err?.shortMessage,
    isZkmlError: e instanceof runtime.ZkmlError,
    file: err?.file,
    worker: err?.worker,
    phase: err?.phase,
    inputName: err?.inputName,
    setupKind: err?.setupKind,
    operation: err?.operation,
    stage: err?.stage,
    reason: err?.reason instanceof Error || err?.reason instanceof DOMException ? { name: (err.reason as Error).name, message: (err.reason as Error).message } : err?.reason === undefined ? undefined : String(err.reason),
  }
}

/** Runs `fn`, returning `{ ok, value }` or `{ ok: false, error }` (errors keep their fields). */
async function attempt<T>(fn: () => Promise<T>): Promise<{ ok: true; value: unknown } | { ok: false; error: ReturnType<typeof errorInfo> }> {
  try {
    return { ok: true, value: plain(await fn()) }
  } catch (e) {
    return { ok: false, error: errorInfo(e) }
  }
}

/** Replaces the cached bytes of `file` with a copy that has one byte flipped. */
async function tamperCachedFile(file: string): Promise<boolean> {
  const cache = await caches.open(runtime.ARTIFACT_CACHE_NAME)
  for (const req of await cache.keys()) {
    const res = await cache.match(req)
    if (res?.headers.get('x-zkml-file') !== file) continue
    const bytes = new Uint8Array(await res.arrayBuffer())
    bytes[bytes.length >> 1]! ^= 0x01
    await cache.put(req, new Response(bytes, { headers: res.headers }))
    return true
  }
  return false
}

/** Names of the files in the artifact cache. */
async function cachedFiles(): Promise<string[]> {
  if (!(await caches.has(runtime.ARTIFACT_CACHE_NAME))) return []
  const cache = await caches.open(runtime.ARTIFACT_CACHE_NAME)
  const out: string[] = []
  for (const req of await cache.keys()) out.push((await cache.match(req))?.headers.get('x-zkml-file') ?? req.url)
  return out.sort()
}

/** Worker factories that fail: a script that does not exist, and one that crashes on its first call. */
const brokenWorkers: Record<string, WorkerFactory> = {
  missing: () => new Worker('/no-such-worker.js', { type: 'module' }),
  crashing: () => new Worker(new URL('./crash.worker.ts', import.meta.url), { type: 'module' }),
}

/** What one probed worker's `init` received and read (see keyProbe.worker.ts). */
export type KeyProbe = { kind: string; size: number; reads: number; largestRead: number; totalRead: number; ok: boolean }

/** Sizes of the Blobs and of the buffers (ArrayBuffers and views) in a value, nested ones included. */
function blobsAndBuffers(x: unknown, out: { blobs: number[]; buffers: number[] } = { blobs: [], buffers: [] }, depth = 0) {
  if (depth > 8 || x === null || typeof x !== 'object') return out
  if (x instanceof Blob) out.blobs.push(x.size)
  else if (x instanceof ArrayBuffer) out.buffers.push(x.byteLength)
  else if (ArrayBuffer.isView(x)) out.buffers.push(x.byteLength)
  else for (const v of Object.values(x)) blobsAndBuffers(v, out, depth + 1)
  return out
}

/**
 * A prover worker factory for the key-memory tests: its workers run the real prover API behind a
 * key probe (keyProbe.worker.ts; each `init` appends what it received and read to `probes`), and
 * every message posted to them is walked for Blobs and buffers (`posted`, one entry per message).
 * `keyAs: 'bytes'` makes the worker read the key whole before the prover (the old path, a baseline).
 */
function keyProbeWorkers({ keyAs = 'blob' }: { keyAs?: 'blob' | 'bytes' } = {}): {
  prover: WorkerFactory
  probes: KeyProbe[]
  posted: { blobs: number[]; buffers: number[] }[]
  /** `init` calls started so far (a probe is added when one ends). */
  inits: { started: number }
} {
  const probes: KeyProbe[] = []
  const inits = { started: 0 }
  const posted: { blobs: number[]; buffers: number[] }[] = []
  const prover: WorkerFactory = () => {
    const w = new Worker(new URL('./keyProbe.worker.ts', import.meta.url), { type: 'module', name: `zkml-prover keyProbe keyAs=${keyAs}` })
    w.addEventListener('message', (e: MessageEvent) => {
      const data = e.data as { keyProbe?: KeyProbe; keyProbeInit?: true } | null
      if (data && typeof data === 'object' && data.keyProbe) probes.push(data.keyProbe)
      if (data && typeof data === 'object' && data.keyProbeInit) inits.started++
    })
    const post = w.postMessage.bind(w) as (m: unknown, t?: Transferable[]) => void
    w.postMessage = ((m: unknown, t?: Transferable[] | StructuredSerializeOptions) => {
      const list = Array.isArray(t) ? t : (t?.transfer ?? [])
      posted.push(blobsAndBuffers([m, list]))
      post(m, list)
    }) as Worker['postMessage']
    return w
  }
  return { prover, probes, posted, inits }
}

const zkml = { ...runtime, plain, attempt, tamperCachedFile, cachedFiles, brokenWorkers, keyProbeWorkers }
;(globalThis as unknown as { zkml: typeof zkml }).zkml = zkml
export type TestPage = typeof zkml
document.getElementById('status')!.textContent = 'ready'
