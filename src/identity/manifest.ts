/**
 * The manifest of an identity artifact set: the common manifest (`ManifestBase`: files with sha256
 * and size, setup provenance, vkeyHash) with `statement: 'identity'` and the statement's constants.
 * Light on purpose (no compiler code): the browser runtime checks it before loading any file.
 */
import type { Manifest, ManifestBase } from '../compile/manifest.js'
import { ArtifactError } from '../errors/artifact.js'
import { IRIS_CODE_BITS, IRIS_SHIFTS, MERKLE_DEPTH } from './config.js'

/** `manifest.json` of an identity artifact set: the common fields plus the statement's constants. */
export type IdentityManifest = ManifestBase & {
  statement: 'identity'
  /** The iris-code model (`model.onnx`). */
  model: Manifest['model']
  circuit: { constraints: number; wires: number; nonZeros: number; power: number }
  /** The statement's constants (also in circuit.json), for display before the circuit is loaded. */
  identity: { threshold: number; codeBits: number; merkleDepth: number; shifts: number[]; publicSignals: readonly string[] }
}

/** The error for identity artifacts built by another version of the statement (internal). */
export const identityArtifactsStale = (what: string) =>
  new ArtifactError(`The identity artifacts do not match this version of @zkml/web (${what}).`, {
    details: 'Rebuild them with scripts/identity/buildArtifacts.ts (and redeploy the verifier).',
  })

/**
 * Checks the identity fields of a manifest (`parseStatementManifest` has checked the common ones).
 *
 * @param manifest - A parsed manifest whose statement is `identity`.
 * @returns It, typed.
 * @throws {ArtifactError} When the identity section is missing or names other constants than this library's.
 */
export function checkIdentityManifest(manifest: ManifestBase): IdentityManifest {
  const m = manifest as Partial<IdentityManifest>
  const id = m.identity
  if (m.statement !== 'identity' || typeof id !== 'object' || id === null) throw new ArtifactError('manifest.json has no identity section.', { file: 'manifest.json' })
  if (id.merkleDepth !== MERKLE_DEPTH || id.codeBits !== IRIS_CODE_BITS || id.shifts?.join() !== IRIS_SHIFTS.join() || !Number.isSafeInteger(id.threshold))
    throw identityArtifactsStale('manifest.json names other statement constants')
  return manifest as IdentityManifest
}
