/**
 * Broken internal invariants: a state the code's own logic rules out (a gadget's structure rule,
 * a circuit and its native reference disagreeing, a lookup that earlier checks guarantee). Never
 * the caller's fault; please report one as a bug.
 */
import { ZkmlError } from './base.js'

/** An internal invariant does not hold (a bug in @zkml/web, not bad input). */
export class InternalError extends ZkmlError {
  override name = 'InternalError'
  /** The invariant that failed, in a few words (e.g. `no scale for tensor x`). */
  readonly invariant: string
  constructor({ invariant, cause }: { invariant: string; cause?: unknown }) {
    super(`Internal error: ${invariant}.`, {
      metaMessages: ['This is a bug in @zkml/web, not a problem with your input; please report it.'],
      cause,
    })
    this.invariant = invariant
  }
}
export type InternalErrorType = InternalError & { name: 'InternalError' }
