/**
 * Witness computation: quantize the input, run the lowering in witness mode (the same pass that
 * produced the constraints), and decode the outputs the proof will state.
 */
import { lowerModel, type StatementSalts } from '../circuit/lowerModel.js'
import { toField } from '../circuit/field.js'
import { randomSalt } from '../circuit/commitments.js'
import { quantizeInputs, type ModelInput } from '../quantize/quantizeInput.js'
import { dequantizeOutputs } from '../quantize/execInt.js'
import { assertCircuitArtifact, type CircuitArtifact } from './artifact.js'
import { toMessage, type MessageInput } from './message.js'
import { ArtifactError } from '../errors/artifact.js'
import { InvalidInputError } from '../errors/input.js'
import { FIELD_PRIME } from '../circuit/field.js'

export type ComputeWitnessParameters = {
  circuit: CircuitArtifact
  input: ModelInput
  /** Clamp out-of-range inputs into the calibrated range instead of throwing. */
  clamp?: boolean | undefined
  /**
   * Salts of the hashed input / output commitments (field elements). Default: fresh random salts
   * (`crypto.getRandomValues`). Pass the same input salt again only to reproduce a commitment.
   */
  salts?: StatementSalts | undefined
  /** The message the proof is bound to; required when the statement has a message signal. */
  message?: MessageInput | undefined
}

export type ComputeWitnessReturnType = {
  /** Full assignment, field elements in [0, p). */
  witness: bigint[]
  /** The public signals this witness implies (field elements), in layout order. */
  publicSignals: bigint[]
  /** Output integers by name (what the circuit computes). */
  outputIntegers: Record<string, bigint[]>
  /** Dequantized outputs (softmax applied where recorded) by name: the proven output. */
  circuitOutput: Record<string, number[]>
  /** The salts used, for each hashed part (private: the input salt opens the input commitment). */
  salts: StatementSalts
  /** The message (statements with a message signal). */
  message: bigint | undefined
}

/** Checks a caller-given salt (a field element) or draws one. */
function saltFor(given: bigint | undefined, label: string): bigint {
  if (given === undefined) return randomSalt()
  if (typeof given !== 'bigint' || given < 0n || given >= FIELD_PRIME) throw new InvalidInputError(`The ${label} salt must be a bigint in [0, r).`)
  return given
}

/**
 * Computes the witness for `input`.
 * @throws InvalidInputError / InputRangeError for bad input (or a missing message); ArtifactError for
 *   an artifact of another version; WitnessGenerationError if a gadget's range is exceeded.
 */
export function computeWitness({ circuit, input, clamp, salts: givenSalts, message: givenMessage }: ComputeWitnessParameters): ComputeWitnessReturnType {
  assertCircuitArtifact(circuit)
  const ints = quantizeInputs({ model: circuit.model, input, clamp: clamp ?? false })
  const v = circuit.visibility
  const salts: StatementSalts = {
    ...(v.input === 'hashed' ? { input: saltFor(givenSalts?.input, 'input') } : {}),
    ...(v.output === 'hashed' ? { output: saltFor(givenSalts?.output, 'output') } : {}),
  }
  if (!v.message && givenMessage !== undefined) throw new InvalidInputError('This statement has no message signal; compile with `message: true` to bind proofs to a message.')
  if (v.message && givenMessage === undefined) throw new InvalidInputError('This statement binds every proof to a message: pass `message` (e.g. the recipient address).')
  const message = givenMessage === undefined ? undefined : toMessage(givenMessage)
  const res = lowerModel({ model: circuit.model, visibility: v, inputs: ints, salts, message, mode: { constraints: false, witness: true } })
  if (res.r1cs.nWires !== circuit.nWires || res.r1cs.nPublic !== circuit.nPublic) {
    throw new ArtifactError('The circuit artifact does not match this version of the compiler.', {
      file: 'circuit.json',
      details: `witness has ${res.r1cs.nWires} wires / ${res.r1cs.nPublic} public; the artifact says ${circuit.nWires} / ${circuit.nPublic}`,
    })
  }
  const witness = res.witness!.map(toField)
  return {
    witness,
    publicSignals: witness.slice(1, 1 + circuit.nPublic),
    outputIntegers: res.outputs!,
    circuitOutput: dequantizeOutputs(circuit.model, res.outputs!),
    salts,
    message,
  }
}
