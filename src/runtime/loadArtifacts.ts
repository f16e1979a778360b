/**
 * Loading an artifact set in the browser, of any statement (a model, or the identity statement):
 * manifest.json from a URL (or a set already in memory), checked to name the expected statement,
 * then the files proving needs — each from Cache Storage when its hash is cached, otherwise
 * fetched with byte progress — and every file checked against the manifest's sha256 (WebCrypto)
 * before use. A file whose hash does not match is never used: a served one is an error, a cached
 * one is evicted, reported in `stats.evicted`, and fetched again.
 */
import type { Manifest, ManifestBase, StatementKind } from '../compile/manifest.js'
import { ARTIFACT_FILES } from '../compile/manifest.js'
import { parseStatementManifest } from '../compile/checkManifest.js'
import { ArtifactError, ArtifactHashMismatchError } from '../errors/artifact.js'
import { ArtifactFetchError } from '../errors/runtime.js'
import { StatementMismatchError } from '../errors/statement.js'
import { checkStatementManifest, type StatementManifest } from './statements.js'
import { throwIfAborted } from './abort.js'
import { openArtifactCache, type ArtifactCache } from './artifactCache.js'
import { fetchBytes } from './fetchBytes.js'
import { digestSha256Hex } from './sha256.js'
import { blobSha256Hex } from './keyBlob.js'
import type { OnProveProgress } from './types.js'

/** The files the runtime uses, by role. */
export type ArtifactRole = 'model' | 'circuit' | 'zkey' | 'vkey'
/** Every role, in load order. */
export const ALL_ROLES: readonly ArtifactRole[] = ['model', 'circuit', 'zkey', 'vkey']

/** Artifacts held in memory (e.g. compiled in the page, or read by the app itself). */
export type InMemoryArtifacts = {
  /** The manifest object, or manifest.json's text or bytes. */
  manifest: ManifestBase | string | Uint8Array
  /** File bytes by file name (`model.onnx`, `circuit.json`, `circuit.zkey`, `vkey.json`). */
  files: Readonly<Record<string, Uint8Array>>
}

/** Where each file came from and what the cache did. */
export type LoadArtifactsStats = {
  /** Bytes fetched over the network (0 on a fully cached load). */
  downloadedBytes: number
  /** File names by source. */
  sources: Record<string, 'network' | 'cache' | 'memory'>
  /** Cached files that failed their hash check and were evicted (then fetched again). */
  evicted: string[]
  /** Entries of older versions of this manifest's files that were deleted from the cache. */
  pruned: string[]
  /** Wall time of the load in milliseconds. */
  ms: number
}

/**
 * A checked artifact set, ready for `createProver` / `proveInference` / `verifyInference` (a model),
 * or `createStatementProver` (any statement; `M` is its manifest type).
 */
export type LoadedArtifacts<M extends ManifestBase = Manifest> = {
  readonly kind: 'zkml-artifacts'
  manifest: M
  /** The manifest's URL, when loaded from one. */
  url: string | undefined
  /** Raw bytes of the loaded files, each matching the manifest's sha256. */
  files: Partial<Record<ArtifactRole, Uint8Array>>
  stats: LoadArtifactsStats
}

/** A URL of manifest.json (or of its directory, ending in `/`), an in-memory set, or a loaded set. */
export type ArtifactSource = string | URL | InMemoryArtifacts | LoadedArtifacts<ManifestBase>

/** Parameters of {@link loadArtifacts}. */
export type LoadArtifactsParameters<K extends StatementKind = 'model'> = {
  source: ArtifactSource
  /** The statement the set must prove (`manifest.statement`; default `model`): another one is refused. */
  statement?: K | undefined
  /** Which files to load (default: all four). */
  include?: readonly ArtifactRole[] | undefined
  onProgress?: OnProveProgress | undefined
  signal?: AbortSignal | undefined
  /** Cache Storage: true (default), false, or the cache name to use. */
  cache?: boolean | string | undefined
  /** Runs once the manifest is parsed, before any file is read; throw to stop (e.g. a setup policy). */
  onManifest?: ((manifest: StatementManifest<K>) => void) | undefined
  /** A fetch implementation (default `globalThis.fetch`). */
  fetch?: typeof fetch | undefined
}
export type LoadArtifactsReturnType<K extends StatementKind = 'model'> = LoadedArtifacts<StatementManifest<K>>
export type { LoadArtifactsErrorType } from './errors.js'

const now = () => (globalThis.performance ?? Date).now()

/** True for an already loaded artifact set. */
export function isLoadedArtifacts(x: unknown): x is LoadedArtifacts<ManifestBase> {
  return typeof x === 'object' && x !== null && (x as LoadedArtifacts).kind === 'zkml-artifacts'
}

/** Parses manifest.json text as statement `statement`'s manifest (common checks, then its own). */
function parseFor<K extends StatementKind>(statement: K, text: string, file?: string): StatementManifest<K> {
  return checkStatementManifest(statement, parseStatementManifest(text, { statement, file }))
}

function resolveManifestUrl(source: string | URL): string {
  const base = (globalThis as { location?: { href: string } }).location?.href
  let url: URL
  try {
    url = base ? new URL(source, base) : new URL(source)
  } catch (e) {
    throw new ArtifactError(`Not a valid artifacts URL: ${String(source)}`, { cause: e })
  }
  if (url.pathname.endsWith('/')) url = new URL('manifest.json', url)
  return url.href
}

async function checkHash(manifest: ManifestBase, file: string, bytes: Uint8Array): Promise<{ ok: boolean; actual: string; expected: string }> {
  const entry = manifest.files[file]
  if (!entry) throw new ArtifactError(`The manifest does not list "${file}".`, { file })
  const actual = await digestSha256Hex(bytes)
  return { ok: actual === entry.sha256 && bytes.length === entry.size, actual, expected: entry.sha256 }
}

/**
 * Loads and checks an artifact set.
 * @param params {@link LoadArtifactsParameters}
 * @returns the manifest, the files' bytes (each matching its sha256) and load statistics
 * @throws ArtifactError (bad manifest, file not listed), StatementMismatchError (the set proves another
 *   statement), ArtifactHashMismatchError (a served or in-memory file differs from its manifest entry),
 *   ArtifactFetchError, AbortError
 * @example
 * import { loadArtifacts, createProver } from '@zkml/web/prover'
 * const artifacts = await loadArtifacts({ source: '/models/mnist/manifest.json', onProgress: (p) => bar.set(p.fraction) })
 * const prover = await createProver(artifacts)
 */
export async function loadArtifacts<K extends StatementKind = 'model'>(params: LoadArtifactsParameters<K>): Promise<LoadArtifactsReturnType<K>> {
  const { source, onProgress, signal } = params
  const statement = (params.statement ?? 'model') as K
  const roles = params.include ?? ALL_ROLES
  const t0 = now()
  throwIfAborted(signal, 'download')
  if (isLoadedArtifacts(source)) {
    const actual = source.manifest.statement ?? 'model'
    if (actual !== statement) throw new StatementMismatchError({ expected: statement, actual })
    const missing = roles.filter((r) => !source.files[r])
    if (missing.length) throw new ArtifactError(`The loaded artifact set lacks ${missing.map((r) => ARTIFACT_FILES[r]).join(', ')}.`)
    params.onManifest?.(source.manifest as StatementManifest<K>)
    return source as LoadArtifactsReturnType<K>
  }
  if (typeof source === 'object' && !(source instanceof URL)) return loadInMemory(statement, source, roles, params, t0)

  const url = resolveManifestUrl(source)
  const manifestBytes = await fetchBytes({ url, file: 'manifest.json', size: 16 * 1024 * 1024, signal, fetch: params.fetch })
  const manifest = parseFor(statement, new TextDecoder().decode(manifestBytes), url)
  params.onManifest?.(manifest)
  const files = roles.map((role) => {
    const name = ARTIFACT_FILES[role]
    const entry = manifest.files[name]
    if (!entry) throw new ArtifactError(`The manifest does not list "${name}".`, { file: name })
    return { role, name, entry }
  })

  const cache = await openCache(params.cache)
  const total = files.reduce((a, f) => a + f.entry.size, 0)
  let loaded = 0
  const report = (file: string) => onProgress?.({ stage: 'download', loaded, total, fraction: total ? loaded / total : 1, file })
  onProgress?.({ stage: 'download', loaded: 0, total, fraction: 0 })

  const stats: LoadArtifactsStats = { downloadedBytes: 0, sources: {}, evicted: [], pruned: [], ms: 0 }
  const out: Partial<Record<ArtifactRole, Uint8Array>> = {}
  // One controller for all downloads: the first failure cancels the others.
  const inner = new AbortController()
  const onOuterAbort = () => inner.abort(signal?.reason)
  signal?.addEventListener('abort', onOuterAbort, { once: true })
  try {
    await Promise.all(
      files.map(async ({ role, name, entry }) => {
        try {
          let mine = 0
          const got = await loadFile({
            manifest,
            url,
            name,
            cache,
            signal: inner.signal,
            fetch: params.fetch,
            onEvict: () => stats.evicted.push(name),
            onBytes: (n) => {
              mine += n
              loaded += n
              stats.downloadedBytes += n
              report(name)
            },
          })
          loaded += entry.size - mine
          out[role] = got.bytes
          stats.sources[name] = got.source
          if (got.source === 'cache') report(name)
        } catch (e) {
          inner.abort(e)
          throw e
        }
      }),
    )
  } finally {
    signal?.removeEventListener('abort', onOuterAbort)
  }
  throwIfAborted(signal, 'download')
  if (cache) stats.pruned = await cache.prune({ source: url, keep: new Set(Object.values(manifest.files).map((f) => f.sha256)) })
  stats.ms = now() - t0
  onProgress?.({ stage: 'download', loaded: total, total, fraction: 1 })
  return { kind: 'zkml-artifacts', manifest, url, files: out, stats }
}

/** Opens the artifact cache the `cache` option names (undefined for `false` or without Cache Storage). */
async function openCache(option: boolean | string | undefined): Promise<ArtifactCache | undefined> {
  if (option === false) return undefined
  return openArtifactCache(typeof option === 'string' ? { name: option } : {})
}

/**
 * One file of a manifest loaded from `url`: from the cache when its hash is cached (re-hashed; a
 * mismatching entry is evicted), otherwise fetched, checked against the manifest and cached.
 * @throws ArtifactHashMismatchError (a served file differs), ArtifactFetchError, ArtifactError, AbortError
 */
async function loadFile(p: {
  manifest: ManifestBase
  url: string
  name: string
  cache: ArtifactCache | undefined
  signal: AbortSignal | undefined
  fetch: typeof fetch | undefined
  onEvict?: (() => void) | undefined
  onBytes?: ((received: number) => void) | undefined
}): Promise<{ bytes: Uint8Array; source: 'cache' | 'network' }> {
  const { manifest, url, name, cache } = p
  const entry = manifest.files[name]
  if (!entry) throw new ArtifactError(`The manifest does not list "${name}".`, { file: name })
  const cached = await cache?.get(entry.sha256)
  if (cached) {
    if ((await checkHash(manifest, name, cached)).ok) return { bytes: cached, source: 'cache' }
    await cache!.delete(entry.sha256)
    p.onEvict?.()
  }
  throwIfAborted(p.signal, 'download')
  const bytes = await fetchBytes({ url: new URL(name, url).href, file: name, size: entry.size, signal: p.signal, fetch: p.fetch, onBytes: p.onBytes })
  const check = await checkHash(manifest, name, bytes)
  if (!check.ok) {
    throw new ArtifactHashMismatchError({
      file: name,
      expected: `${check.expected} (${entry.size} bytes)`,
      actual: `${check.actual} (${bytes.length} bytes)`,
    })
  }
  await cache?.put(entry.sha256, bytes, { file: name, source: url })
  return { bytes, source: 'network' }
}

/** Parameters of {@link reloadArtifactFile}. */
export type ReloadArtifactFileParameters = {
  /** The manifest the file was first loaded with: the file must still match its sha256. */
  manifest: ManifestBase
  /** The manifest's URL (`LoadedArtifacts.url`). */
  url: string
  role: ArtifactRole
  /** Cache Storage: true (default), false, or the cache name (as given to `loadArtifacts`). */
  cache?: boolean | string | undefined
  signal?: AbortSignal | undefined
  fetch?: typeof fetch | undefined
}

/**
 * Reads one file of an already loaded set again (a restarted prover worker's proving key, which the
 * page does not keep): from Cache Storage when cached, otherwise fetched; either way checked against
 * the sha256 of the manifest it was first loaded with (manifest.json is not fetched again). No
 * progress events, no pruning.
 * @throws ArtifactHashMismatchError, ArtifactFetchError, ArtifactError, AbortError
 */
export async function reloadArtifactFile({ manifest, url, role, cache, signal, fetch }: ReloadArtifactFileParameters): Promise<Uint8Array> {
  throwIfAborted(signal, 'download')
  const got = await loadFile({ manifest, url, name: ARTIFACT_FILES[role], cache: await openCache(cache), signal, fetch })
  return got.bytes
}

/**
 * {@link reloadArtifactFile} as a Blob, for a file that should not be held whole in the page (the
 * proving key a restarted worker streams from): a cached entry is taken as its stored Blob and
 * hashed a slice at a time (a mismatching entry is evicted, then the file fetched); a fetched file
 * is checked like any other, then wrapped in a Blob and its bytes dropped.
 * @throws ArtifactHashMismatchError, ArtifactFetchError, ArtifactError, AbortError
 */
export async function reloadArtifactBlob({ manifest, url, role, cache: option, signal, fetch }: ReloadArtifactFileParameters): Promise<Blob> {
  throwIfAborted(signal, 'download')
  const name = ARTIFACT_FILES[role]
  const entry = manifest.files[name]
  if (!entry) throw new ArtifactError(`The manifest does not list "${name}".`, { file: name })
  const cache = await openCache(option)
  const cached = await cache?.getBlob(entry.sha256)
  if (cached) {
    if (cached.size === entry.size && (await blobSha256Hex(cached, name)) === entry.sha256) return cached
    await cache!.delete(entry.sha256)
  }
  throwIfAborted(signal, 'download')
  const got = await loadFile({ manifest, url, name, cache, signal, fetch })
  return new Blob([got.bytes as Uint8Array<ArrayBuffer>])
}

async function loadInMemory<K extends StatementKind>(
  statement: K,
  source: InMemoryArtifacts,
  roles: readonly ArtifactRole[],
  params: LoadArtifactsParameters<K>,
  t0: number,
): Promise<LoadArtifactsReturnType<K>> {
  const m = source.manifest
  const manifest = parseFor(statement, typeof m === 'string' ? m : m instanceof Uint8Array ? new TextDecoder().decode(m) : JSON.stringify(m))
  params.onManifest?.(manifest)
  const out: Partial<Record<ArtifactRole, Uint8Array>> = {}
  const stats: LoadArtifactsStats = { downloadedBytes: 0, sources: {}, evicted: [], pruned: [], ms: 0 }
  for (const role of roles) {
    const name = ARTIFACT_FILES[role]
    const bytes = source.files[name]
    if (!bytes) throw new ArtifactError(`The in-memory artifact set lacks "${name}".`, { file: name })
    const check = await checkHash(manifest, name, bytes)
    if (!check.ok) throw new ArtifactHashMismatchError({ file: name, expected: check.expected, actual: check.actual })
    out[role] = bytes
    stats.sources[name] = 'memory'
  }
  stats.ms = now() - t0
  params.onProgress?.({ stage: 'download', loaded: 0, total: 0, fraction: 1 })
  return { kind: 'zkml-artifacts', manifest, url: undefined, files: out, stats }
}
