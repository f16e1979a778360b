/**
 * Errors of the enrollment station (`createEnrollmentStation` in `@zkml/web/identity`). Narrow on `name`.
 */
import { ZkmlError } from './base.js'

/**
 * The station refused an enrollment: the capture's iris code is within τ bits (at an allowed
 * rotation) of a code it has already enrolled, i.e. this iris is already enrolled. Nothing was sent
 * to the chain.
 */
export class DuplicateEnrollmentError extends ZkmlError {
  override name = 'DuplicateEnrollmentError'
  /** Hamming distance (bits) to the closest enrolled code, at its best rotation. */
  readonly distance: number
  /** The threshold τ (bits). */
  readonly threshold: number
  /** That rotation (code columns). */
  readonly shift: number
  /** The position of the matching code in the station's index (its leaf's registry index when known). */
  readonly enrolledIndex: number
  constructor({ distance, threshold, shift, enrolledIndex, bits }: { distance: number; threshold: number; shift: number; enrolledIndex: number; bits: number }) {
    super('Already enrolled: this iris matches an identity the station has enrolled, so it is not enrolled again.', {
      metaMessages: [
        `Hamming distance to enrolled code #${enrolledIndex}: ${distance} of ${bits} bits (rotation ${shift}); the threshold is ${threshold}.`,
        'One iris, one identity: a new secret or a new device does not make a new person.',
      ],
    })
    this.distance = distance
    this.threshold = threshold
    this.shift = shift
    this.enrolledIndex = enrolledIndex
  }
}
export type DuplicateEnrollmentErrorType = DuplicateEnrollmentError
