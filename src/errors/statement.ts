/**
 * Errors of the statement machinery: an artifact set proves one named statement (`manifest.statement`),
 * and the prover worker proves whichever statement it was initialised with. Narrow on `name`.
 */
import { ArtifactError } from './artifact.js'
import { ZkmlError } from './base.js'

/**
 * The artifact set proves another statement than the caller asked for (e.g. identity artifacts
 * given to `createProver`, which proves models), or names a statement this library does not know.
 */
export class StatementMismatchError extends ArtifactError {
  override name = 'StatementMismatchError'
  /** The statement the caller asked for. */
  readonly expected: string
  /** The statement the manifest names (`model` when it names none). */
  readonly actual: string
  constructor({ expected, actual, file }: { expected: string; actual: string; file?: string | undefined }) {
    super(`These artifacts prove the "${actual}" statement, not "${expected}".`, {
      ...(file === undefined ? {} : { file }),
      details: 'Load them with the prover of their statement: `createProver` for a model, `createStatementProver({ statement })` for the others.',
    })
    this.expected = expected
    this.actual = actual
  }
}
export type StatementMismatchErrorType = StatementMismatchError & { name: 'StatementMismatchError' }

/** The prover worker was asked to prove before `init` gave it a circuit and a proving key. */
export class ProverNotInitializedError extends ZkmlError {
  override name = 'ProverNotInitializedError'
  constructor() {
    super('The prover worker was not initialised: send it the circuit and the proving key (init) first.')
  }
}
export type ProverNotInitializedErrorType = ProverNotInitializedError
