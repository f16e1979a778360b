/**
 * Witness computation: quantize the input, run the lowering in witness mode (the same pass that
 * produced the constraints), and decode the outputs the proof will state.
 */
import { lowerModel } from '../circuit/lowerModel.js'
import { toField } from '../circuit/field.js'
import { quantizeInputs, type ModelInput } from '../quantize/quantizeInput.js'
import { dequantizeOutputs } from '../quantize/execInt.js'
import type { CircuitArtifact } from './artifact.js'
import { ZkmlError } from '../errors/base.js'

export type ComputeWitnessParameters = {
  circuit: CircuitArtifact
  input: ModelInput
  /** Clamp out-of-range inputs into the calibrated range instead of throwing. */
  clamp?: boolean | undefined
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
}

/**
 * Computes the witness for `input`.
 * @throws InvalidInputError / InputRangeError for bad input; WitnessGenerationError if a gadget's
 *   range is exceeded (e.g. a division by zero).
 */
export function computeWitness({ circuit, input, clamp }: ComputeWitnessParameters): ComputeWitnessReturnType {
  const ints = quantizeInputs({ model: circuit.model, input, clamp: clamp ?? false })
  const res = lowerModel({ model: circuit.model, visibility: circuit.visibility, inputs: ints, mode: { constraints: false, witness: true } })
  if (res.r1cs.nWires !== circuit.nWires || res.r1cs.nPublic !== circuit.nPublic) {
    throw new ZkmlError('The circuit artifact does not match this version of the compiler.', {
      details: `witness has ${res.r1cs.nWires} wires / ${res.r1cs.nPublic} public; the artifact says ${circuit.nWires} / ${circuit.nPublic}`,
    })
  }
  const witness = res.witness!.map(toField)
  return {
    witness,
    publicSignals: witness.slice(1, 1 + circuit.nPublic),
    outputIntegers: res.outputs!,
    circuitOutput: dequantizeOutputs(circuit.model, res.outputs!),
  }
}
