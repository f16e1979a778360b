/**
 * The circuit artifact (`circuit.json`): the integer model plus the statement — everything needed,
 * besides the proving key, to compute a witness anywhere (Node or a browser worker).
 *
 * NOTE (hidden weights): with `weights: 'private'` the verifier learns only the `weightsHash`
 * commitment, but `circuit.json` still holds the plaintext weights, because computing a witness
 * needs them. Every prover (every browser that downloads circuit.json to prove) can read the
 * weights: they are hidden from verifiers, not from provers. Serve such artifacts only to provers
 * allowed to see the model.
 */
import type { QuantizedModel } from '../ir/model.js'
import type { PublicSignalEntry, Visibility } from '../circuit/lowerModel.js'
import { ArtifactError } from '../errors/artifact.js'

/** Version 2: in-circuit public-input range checks, salted commitments, the message signal, output ranges. */
export const CIRCUIT_ARTIFACT_VERSION = 2

export type CircuitArtifact = {
  version: typeof CIRCUIT_ARTIFACT_VERSION
  model: QuantizedModel
  visibility: Visibility
  layout: PublicSignalEntry[]
  nPublic: number
  nWires: number
  nConstraints: number
  /**
   * The proven interval of each output's integers (interval analysis at compile time), as decimal
   * strings `[lo, hi]`, by output name. A revealed output integer outside it is not a circuit output.
   */
  outputRanges: Record<string, [string, string]>
  /**
   * Hidden-weights mode: the commitment the `weightsHash` public signal must equal (0x hex).
   * circuit.json still holds the weights (see the module note).
   */
  weightsHash?: `0x${string}` | undefined
}

/**
 * Checks that a parsed circuit.json is one this version of the library reads.
 * @throws {ArtifactError} When the version differs (recompile the model) or the shape is wrong.
 */
export function assertCircuitArtifact(circuit: unknown): asserts circuit is CircuitArtifact {
  const c = circuit as Partial<CircuitArtifact> | null
  if (!c || typeof c !== 'object' || !c.model || !c.visibility || !Array.isArray(c.layout))
    throw new ArtifactError('circuit.json is not a @zkml/web circuit artifact.', { file: 'circuit.json' })
  if (c.version !== CIRCUIT_ARTIFACT_VERSION)
    throw new ArtifactError(`circuit.json has version ${String(c.version)}; this library reads version ${CIRCUIT_ARTIFACT_VERSION}. Recompile the model.`, { file: 'circuit.json' })
  if (!c.outputRanges || typeof c.outputRanges !== 'object') throw new ArtifactError('circuit.json has no output ranges.', { file: 'circuit.json' })
}
