/** Errors of the trusted-setup step. */
import { ZkmlError } from '../errors/base.js'

/** A setup input is unusable (wrong file kind, circuit too large for the ptau, …) or snarkjs failed. */
export class SetupError extends ZkmlError {
  override name = 'SetupError'
  constructor(message: string, params: { details?: string | undefined; metaMessages?: string[] | undefined; cause?: unknown } = {}) {
    super(message, params)
  }
}
export type SetupErrorType = SetupError & { name: 'SetupError' }
