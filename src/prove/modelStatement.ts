/**
 * The model statement ("this ONNX model, run on this input, gives this output") as the prover
 * worker's statement registry holds it: `circuit.json` is a {@link CircuitArtifact}, the witness is
 * `computeWitness`'s (quantize the input, lower in witness mode).
 */
import { ArtifactError } from '../errors/artifact.js'
import { assertCircuitArtifact, type CircuitArtifact } from './artifact.js'
import type { ProofFile } from './prove.js'
import type { StatementDefinition } from './statementDefinition.js'
import { computeWitness, type ComputeWitnessParameters } from './witness.js'

/** What a model proof needs besides the artifacts: the input and its options. */
export type ModelProofInput = Omit<ComputeWitnessParameters, 'circuit'>

/** What the model statement reports beside the proof (decimal strings, as in a proof file). */
export type ModelProofOutput = Omit<ProofFile, 'proof' | 'publicSignals'> & {
  /** Hashed-input mode: the input commitment's salt. Private: it opens the input commitment. */
  inputSalt?: string | undefined
}

/**
 * Decodes and checks a model's `circuit.json`.
 * @throws {ArtifactError} When it is not JSON or not a circuit artifact of this version.
 */
export function parseModelCircuit(bytes: Uint8Array): CircuitArtifact {
  let circuit: unknown
  try {
    circuit = JSON.parse(new TextDecoder().decode(bytes))
  } catch (cause) {
    throw new ArtifactError('circuit.json is not valid JSON.', { file: 'circuit.json', cause })
  }
  assertCircuitArtifact(circuit)
  return circuit
}

/** The model statement. */
export const modelStatement: StatementDefinition<CircuitArtifact, ModelProofInput, ModelProofOutput> = {
  kind: 'model',
  parseCircuit: parseModelCircuit,
  witness({ circuit, input }) {
    const w = computeWitness({ circuit, ...input })
    return {
      witness: w.witness,
      output: {
        circuitOutput: w.circuitOutput,
        outputIntegers: Object.fromEntries(Object.entries(w.outputIntegers).map(([k, v]) => [k, v.map(String)])),
        ...(w.salts.output !== undefined ? { outputSalt: w.salts.output.toString() } : {}),
        ...(w.salts.input !== undefined ? { inputSalt: w.salts.input.toString() } : {}),
        ...(w.message !== undefined ? { message: w.message.toString() } : {}),
      },
    }
  },
}
