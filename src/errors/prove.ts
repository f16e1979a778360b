import { ZkmlError } from './base.js'

/** A witness value fell outside the range its gadget proves (the input is not provable as given). */
export class WitnessGenerationError extends ZkmlError {
  override name = 'WitnessGenerationError'
  readonly wire: string
  constructor({ wire, reason, metaMessages }: { wire: string; reason: string; metaMessages?: string[] }) {
    super(`Cannot compute the witness at ${wire}: ${reason}`, { metaMessages })
    this.wire = wire
  }
}
export type WitnessGenerationErrorType = WitnessGenerationError
