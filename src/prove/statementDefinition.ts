/**
 * A statement kind as the prover sees it: how to read its circuit artifact (`circuit.json`) and how
 * to compute a witness for it. The prover worker holds one registry of these
 * (`src/runtime/worker/statements.ts`) and proves whichever statement an artifact set names
 * (`manifest.statement`); the Groth16 step after the witness is the same for all of them.
 */
import type { StatementKind } from '../compile/manifest.js'

/**
 * One statement kind.
 * @typeParam Circuit - The decoded `circuit.json`.
 * @typeParam Input - What a proof needs besides the artifacts (private and public inputs).
 * @typeParam Output - What the statement reports beside the proof (e.g. the proven output).
 */
export type StatementDefinition<Circuit, Input, Output> = {
  kind: StatementKind
  /**
   * Decodes and checks `circuit.json` (already checked against the manifest's sha256).
   * @throws {ArtifactError} When it is malformed or of another version.
   */
  parseCircuit(bytes: Uint8Array): Circuit
  /**
   * The full witness (field elements; wire 0 is 1, then the public signals) and the statement's output.
   * @throws A typed error when the inputs are malformed or admit no witness.
   */
  witness(parameters: { circuit: Circuit; input: Input }): { witness: readonly bigint[]; output: Output }
}
