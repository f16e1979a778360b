/**
 * Manifest parsing and per-file hash checks, shared by the Node loader and the browser runtime.
 */
import { ArtifactError, ArtifactHashMismatchError } from '../errors/artifact.js'
import { MANIFEST_FORMAT, MANIFEST_VERSION, type Manifest } from './manifest.js'
import { sha256Hex } from '../utils/hex.js'

/** Parses and sanity-checks manifest.json text. */
export function parseManifest(text: string, file = 'manifest.json'): Manifest {
  let m: unknown
  try {
    m = JSON.parse(text)
  } catch (e) {
    throw new ArtifactError('manifest.json is not valid JSON.', { file, cause: e })
  }
  const o = m as Partial<Manifest>
  if (o?.format !== MANIFEST_FORMAT) throw new ArtifactError('Not a @zkml/web manifest (format field missing or wrong).', { file })
  if (o.version !== MANIFEST_VERSION) throw new ArtifactError(`Unsupported manifest version ${String(o.version)} (this library reads ${MANIFEST_VERSION}).`, { file })
  if (!o.files || typeof o.files !== 'object') throw new ArtifactError('manifest.json lists no files.', { file })
  return o as Manifest
}

/** Checks `bytes` against the manifest's sha256 and size for `name`. */
export function checkArtifactBytes(manifest: Manifest, name: string, bytes: Uint8Array): Uint8Array {
  const entry = manifest.files[name]
  if (!entry) throw new ArtifactError(`The manifest does not list "${name}".`, { file: name })
  const actual = sha256Hex(bytes)
  if (actual !== entry.sha256) throw new ArtifactHashMismatchError({ file: name, expected: entry.sha256, actual })
  return bytes
}
