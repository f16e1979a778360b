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
export type WitnessGenerationErrorType = WitnessGenerationError & { name: 'WitnessGenerationError' }

/**
 * A proof (or a proof file / result) is malformed: a missing or non-array `pi_a`, a coordinate that
 * is not a canonical decimal integer, the wrong number of public signals, a public signal that is
 * not a field element, or revealed outputs that are not canonical integers of the right count.
 * Thrown by every verify path before snarkjs runs; a well-formed proof that does not verify is a
 * negative result (`valid: false`), never this error.
 */
export class InvalidProofError extends ZkmlError {
  override name = 'InvalidProofError'
  /** The offending field, e.g. `proof.pi_b[0][1]`, `publicSignals[3]`, `outputIntegers.logits`. */
  readonly field: string
  constructor({ field, reason, metaMessages }: { field: string; reason: string; metaMessages?: string[] | undefined }) {
    super(`Invalid proof field ${field}: ${reason}.`, { metaMessages, docsPath: 'README.md#what-a-proof-states' })
    this.field = field
  }
}
export type InvalidProofErrorType = InvalidProofError & { name: 'InvalidProofError' }

/** The Groth16 prover failed (corrupt key, witness of the wrong size, …); `cause` holds the prover's error. */
export class ProverError extends ZkmlError {
  override name = 'ProverError'
  constructor(cause: unknown) {
    super('Groth16 proving failed.', { cause })
  }
}
export type ProverErrorType = ProverError & { name: 'ProverError' }
