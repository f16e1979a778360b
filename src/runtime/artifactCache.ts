/**
 * Cache Storage for artifact files, keyed by content hash: an entry is valid for any manifest
 * listing that sha256, a changed hash is a miss (so a new model is fetched), and every read is
 * re-hashed by the loader (a corrupted or tampered entry is evicted, never used).
 *
 * Keys are `https://artifacts.zkml.invalid/sha256/<hex>` (the `.invalid` TLD never resolves; the
 * key is only a name). Each entry records its file name and the manifest URL it came from, so
 * entries of an older version of the same manifest can be pruned.
 */

/** Default Cache Storage name. */
export const ARTIFACT_CACHE_NAME = 'zkml-artifacts-v1'

const keyFor = (sha256: string) => `https://artifacts.zkml.invalid/sha256/${sha256}`
const hashOf = (key: string) => /\/sha256\/([0-9a-f]{64})$/.exec(key)?.[1]

/** Handle on the artifact cache. Every method swallows storage failures (quota, private mode). */
export type ArtifactCache = {
  get(sha256: string): Promise<Uint8Array | undefined>
  /** The entry as a Blob (Chromium hands out the stored body without reading it into the page). */
  getBlob(sha256: string): Promise<Blob | undefined>
  put(sha256: string, bytes: Uint8Array, meta: { file: string; source: string }): Promise<void>
  delete(sha256: string): Promise<void>
  /** Deletes entries that came from `source` but are not in `keep` (older versions of its files). */
  prune(params: { source: string; keep: ReadonlySet<string> }): Promise<string[]>
}

/**
 * Opens the artifact cache.
 * @param params.name the Cache Storage name (default {@link ARTIFACT_CACHE_NAME})
 * @returns undefined where Cache Storage is unavailable (insecure context, some private modes)
 */
export async function openArtifactCache({ name = ARTIFACT_CACHE_NAME }: { name?: string } = {}): Promise<ArtifactCache | undefined> {
  const storage = (globalThis as { caches?: CacheStorage }).caches
  if (!storage) return undefined
  let cache: Cache
  try {
    cache = await storage.open(name)
  } catch {
    return undefined
  }
  return {
    async get(sha256) {
      try {
        const res = await cache.match(keyFor(sha256))
        return res ? new Uint8Array(await res.arrayBuffer()) : undefined
      } catch {
        return undefined
      }
    },
    async getBlob(sha256) {
      try {
        const res = await cache.match(keyFor(sha256))
        return res ? await res.blob() : undefined
      } catch {
        return undefined
      }
    },
    async put(sha256, bytes, { file, source }) {
      try {
        const headers = { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length), 'x-zkml-file': file, 'x-zkml-source': source }
        await cache.put(keyFor(sha256), new Response(bytes as Uint8Array<ArrayBuffer>, { headers }))
      } catch {
        // Quota exceeded or storage disabled: the artifacts still work, uncached.
      }
    },
    async delete(sha256) {
      try {
        await cache.delete(keyFor(sha256))
      } catch {
        // ignore
      }
    },
    async prune({ source, keep }) {
      const removed: string[] = []
      try {
        for (const req of await cache.keys()) {
          const hash = hashOf(req.url)
          if (!hash || keep.has(hash)) continue
          const res = await cache.match(req)
          if (res?.headers.get('x-zkml-source') !== source) continue
          await cache.delete(req)
          removed.push(res.headers.get('x-zkml-file') ?? hash)
        }
      } catch {
        // ignore
      }
      return removed
    },
  }
}

/**
 * Deletes the whole artifact cache.
 * @returns true when a cache was deleted
 */
export async function clearArtifactCache({ name = ARTIFACT_CACHE_NAME }: { name?: string } = {}): Promise<boolean> {
  const storage = (globalThis as { caches?: CacheStorage }).caches
  return storage ? storage.delete(name) : false
}
