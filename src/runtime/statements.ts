/**
 * The statement kinds on the main thread: each kind's manifest, proof input and proof output types,
 * and the check of its manifest's own fields. The worker side is `worker/statements.ts`.
 */
import type { Manifest, ManifestBase, StatementKind } from '../compile/manifest.js'
import { checkIdentityManifest, type IdentityManifest } from '../identity/manifest.js'
import type { IdentityProofInput, IdentityProofOutput } from '../identity/witness.js'
import type { ModelProofInput, ModelProofOutput } from '../prove/modelStatement.js'

export type { StatementKind } from '../compile/manifest.js'

/** Per statement kind: its manifest, what a proof needs (`input`) and what it reports beside the proof (`output`). */
export type StatementTypes = {
  model: { manifest: Manifest; input: ModelProofInput; output: ModelProofOutput }
  identity: { manifest: IdentityManifest; input: IdentityProofInput; output: IdentityProofOutput }
}
/** The manifest of statement `K`. */
export type StatementManifest<K extends StatementKind> = StatementTypes[K]['manifest']
/** What a proof of statement `K` needs besides the artifacts. */
export type StatementInput<K extends StatementKind> = StatementTypes[K]['input']
/** What statement `K` reports beside the proof. */
export type StatementOutput<K extends StatementKind> = StatementTypes[K]['output']

const MANIFEST_CHECKS: { [K in StatementKind]: (m: ManifestBase) => StatementManifest<K> } = {
  model: (m) => m as Manifest,
  identity: checkIdentityManifest,
}

/**
 * Checks a manifest's statement-specific fields (after `parseStatementManifest`).
 * @throws {ArtifactError} When they are missing or name other constants than this library's.
 */
export function checkStatementManifest<K extends StatementKind>(kind: K, manifest: ManifestBase): StatementManifest<K> {
  return MANIFEST_CHECKS[kind](manifest) as StatementManifest<K>
}
