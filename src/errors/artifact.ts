import { ZkmlError } from './base.js'

/** An artifact directory or file is missing, corrupted, or does not match its manifest. */
export class ArtifactError extends ZkmlError {
  override name = 'ArtifactError'
  readonly file: string | undefined
  constructor(shortMessage: string, opts: { file?: string; details?: string; cause?: unknown } = {}) {
    super(shortMessage, { details: opts.details, cause: opts.cause, metaMessages: opts.file ? [`File: ${opts.file}`] : undefined, docsPath: 'README.md#artifacts' })
    this.file = opts.file
  }
}
export type ArtifactErrorType = ArtifactError & { name: 'ArtifactError' }

/** A file's sha256 differs from the one the manifest records (truncated, tampered, or mixed up). */
export class ArtifactHashMismatchError extends ArtifactError {
  override name = 'ArtifactHashMismatchError'
  constructor({ file, expected, actual }: { file: string; expected: string; actual: string }) {
    super(`Artifact "${file}" does not match its manifest (sha256 mismatch).`, { file, details: `expected ${expected}, got ${actual}` })
  }
}
export type ArtifactHashMismatchErrorType = ArtifactHashMismatchError & { name: 'ArtifactHashMismatchError' }
