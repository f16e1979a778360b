/**
 * The circuit artifact (`circuit.json`): the integer model plus the statement — everything needed,
 * besides the proving key, to compute a witness anywhere (Node or a browser worker).
 */
import type { QuantizedModel } from '../ir/model.js'
import type { PublicSignalEntry, Visibility } from '../circuit/lowerModel.js'

export const CIRCUIT_ARTIFACT_VERSION = 1

export type CircuitArtifact = {
  version: typeof CIRCUIT_ARTIFACT_VERSION
  model: QuantizedModel
  visibility: Visibility
  layout: PublicSignalEntry[]
  nPublic: number
  nWires: number
  nConstraints: number
  /**
   * Hidden-weights mode: the commitment the `weightsHash` public signal must equal (0x hex).
   * NOTE: circuit.json still holds the weights (the prover needs them); splitting it into a public
   * part and a prover-only part is future work.
   */
  weightsHash?: `0x${string}` | undefined
}
