/**
 * The proving key on the page side of the prover worker. The worker is always handed a `Blob`
 * (a handle: `postMessage` copies no bytes), which it streams into the wasm prover's memory a
 * megabyte at a time (`keyBlob.ts`), so the worker never holds the whole key twice (as bytes and in
 * the prover).
 *
 * A key the runtime downloaded itself (the artifacts were given as a URL) is held once: its checked
 * bytes are wrapped in a Blob and dropped (and removed from `LoadedArtifacts.files`), and a restarted
 * worker (after a crash or a cancellation) gets it again from Cache Storage as the stored Blob,
 * hashed a slice at a time, or fetched and checked like the first load. A key the app passed in
 * memory (an in-memory set, or the result of its own `loadArtifacts`) stays the app's: each worker
 * gets a Blob made from it.
 */
import type { ManifestBase } from '../compile/manifest.js'
import { ArtifactError } from '../errors/artifact.js'
import { reloadArtifactBlob, type LoadedArtifacts } from './loadArtifacts.js'

/** Where a (re)starting prover worker's proving key comes from. */
export type ProvingKeySource = {
  /**
   * The key for the next worker's `init`, as a Blob matching the manifest's sha256 (posted as a
   * handle: nothing to transfer). The first call wraps the loaded bytes; later ones read the key
   * again (owned) or wrap the app's bytes again.
   * @throws ArtifactHashMismatchError, ArtifactFetchError, ArtifactError, AbortError (re-reading)
   */
  take(signal?: AbortSignal): Promise<Blob>
  /** True when the runtime owns the key (dropped after the first worker, re-read for restarts). */
  readonly owned: boolean
}

/** Parameters of {@link provingKeySource}. */
export type ProvingKeySourceParameters = {
  /** The loaded set (its `files.zkey` is removed when the runtime owns the key). */
  loaded: LoadedArtifacts<ManifestBase>
  /** True when `loaded` came from the app (an in-memory or already loaded set), not from a URL. */
  appOwned: boolean
  /** The `cache` option the set was loaded with. */
  cache?: boolean | string | undefined
  /** The `fetch` option the set was loaded with. */
  fetch?: typeof fetch | undefined
}

const blobOf = (bytes: Uint8Array): Blob => new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' })

/**
 * The key source for a prover created from `loaded`.
 * @param parameters {@link ProvingKeySourceParameters}
 * @returns a {@link ProvingKeySource}
 */
export function provingKeySource({ loaded, appOwned, cache, fetch }: ProvingKeySourceParameters): ProvingKeySource {
  const kept = loaded.files.zkey
  if (!kept) throw new ArtifactError('The loaded artifact set lacks circuit.zkey.', { file: 'circuit.zkey' })
  if (appOwned || loaded.url === undefined) return appKey(kept)
  // The runtime's own download: wrap it once (checked by loadArtifacts), then forget the bytes.
  delete loaded.files.zkey
  return ownedKey(blobOf(kept), { manifest: loaded.manifest, url: loaded.url, cache, fetch })
}

/** An app's key: a Blob of its bytes for each worker (separate function: no closure here holds the bytes of an owned key). */
function appKey(bytes: Uint8Array): ProvingKeySource {
  return { owned: false, take: async () => blobOf(bytes) }
}

/** The runtime's key: `first` for the first worker, then read again (cache or network, checked). */
function ownedKey(first: Blob | undefined, again: { manifest: ManifestBase; url: string; cache?: boolean | string | undefined; fetch?: typeof fetch | undefined }): ProvingKeySource {
  return {
    owned: true,
    async take(signal) {
      const zkey = first ?? (await reloadArtifactBlob({ ...again, role: 'zkey', signal }))
      first = undefined
      return zkey
    },
  }
}
