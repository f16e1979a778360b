/**
 * The proving key on the page side of the prover worker. A key the runtime downloaded itself (the
 * artifacts were given as a URL) is held once: its buffer is transferred to the worker (no copy;
 * the page's view is detached and dropped from `LoadedArtifacts.files`), and a restarted worker (after
 * a crash or a cancellation) gets it again from Cache Storage, or fetched, checked against the
 * manifest's sha256 like the first load. A key the app passed in memory (an in-memory set, or the
 * result of its own `loadArtifacts`) stays the app's: it is sent as a copy and kept for restarts.
 */
import type { ManifestBase } from '../compile/manifest.js'
import { ArtifactError } from '../errors/artifact.js'
import { reloadArtifactFile, type LoadedArtifacts } from './loadArtifacts.js'

/** Where a (re)starting prover worker's proving key comes from. */
export type ProvingKeySource = {
  /**
   * The key for the next worker's `init`, with the buffers to transfer along with it (none for an
   * app-owned key). The first call hands over the loaded bytes; later ones read them again.
   * @throws ArtifactHashMismatchError, ArtifactFetchError, ArtifactError, AbortError (re-reading)
   */
  take(signal?: AbortSignal): Promise<{ zkey: Uint8Array; transfer: Transferable[] }>
  /** True when the runtime owns the key (it is transferred, not kept). */
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

/**
 * The key source for a prover created from `loaded`.
 * @param parameters {@link ProvingKeySourceParameters}
 * @returns a {@link ProvingKeySource}
 */
export function provingKeySource({ loaded, appOwned, cache, fetch }: ProvingKeySourceParameters): ProvingKeySource {
  const { manifest, url } = loaded
  const kept = loaded.files.zkey
  if (!kept) throw new ArtifactError('The loaded artifact set lacks circuit.zkey.', { file: 'circuit.zkey' })
  if (appOwned || url === undefined) return { owned: false, take: async () => ({ zkey: kept, transfer: [] }) }
  // The runtime's own download: hand it over once, then forget it.
  let first: Uint8Array | undefined = kept
  delete loaded.files.zkey
  return {
    owned: true,
    async take(signal) {
      let zkey = first
      first = undefined
      zkey ??= await reloadArtifactFile({ manifest, url, role: 'zkey', cache, fetch, signal })
      // A view of part of a larger buffer would transfer the rest too: give it its own buffer.
      if (zkey.byteOffset !== 0 || zkey.byteLength !== zkey.buffer.byteLength) zkey = zkey.slice()
      return { zkey, transfer: [zkey.buffer as ArrayBuffer] }
    },
  }
}
