import { ZkmlError } from './base.js'

/** The wasm prover could not run: a malformed or unsupported `.zkey`, a witness of the wrong size, a worker failure. */
export class WasmProverError extends ZkmlError {
  override name = 'WasmProverError'
  constructor(shortMessage: string, params: { details?: string; metaMessages?: string[]; cause?: unknown } = {}) {
    super(shortMessage, params)
  }
}
export type WasmProverErrorType = WasmProverError
