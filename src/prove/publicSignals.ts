/**
 * Decoding public signals by the artifact's layout, and the per-part checks a verifier makes on them.
 */
import { fromFieldSigned } from '../circuit/field.js'
import type { CircuitArtifact } from './artifact.js'
import { inputRange } from '../circuit/statement.js'
import { parsePublicSignals } from './proofShape.js'

export type DecodedSignals = {
  /** Output integers (public-output mode). */
  outputs?: Record<string, bigint[]>
  outputHash?: bigint
  /** Input integers (public-input mode). */
  inputs?: Record<string, bigint[]>
  inputHash?: bigint
  /** Hidden-weights mode: the weights commitment. */
  weightsHash?: bigint
  /** Statements with a message signal: the message. */
  message?: bigint
}

/**
 * Splits public signals (canonical decimal strings or bigints) by the layout; signed values decoded.
 * @throws {InvalidProofError} When the count is wrong or a signal is not a canonical field element.
 */
export function decodePublicSignals(circuit: CircuitArtifact, signals: readonly (string | bigint)[]): DecodedSignals {
  const vals = parsePublicSignals(signals, circuit.nPublic)
  const out: DecodedSignals = {}
  for (const e of circuit.layout) {
    const slice = vals.slice(e.offset, e.offset + e.length)
    if (e.kind === 'output') (out.outputs ??= {})[e.name] = slice.map(fromFieldSigned)
    else if (e.kind === 'input') (out.inputs ??= {})[e.name] = slice.map(fromFieldSigned)
    else if (e.kind === 'outputHash') out.outputHash = slice[0]!
    else if (e.kind === 'inputHash') out.inputHash = slice[0]!
    else if (e.kind === 'weightsHash') out.weightsHash = slice[0]!
    else out.message = slice[0]!
  }
  return out
}

/**
 * True when every public input integer lies in the input's quantized range (public-input mode).
 * The circuit proves this itself; verifiers check it again as defence in depth.
 */
export function publicInputsInRange(circuit: CircuitArtifact, decoded: DecodedSignals): boolean {
  if (!decoded.inputs) return true
  return circuit.model.inputs.every((inp) => {
    const [lo, hi] = inputRange(inp)
    return decoded.inputs![inp.name]!.every((v) => v >= lo && v <= hi)
  })
}

/**
 * Hidden-weights mode: true when the `weightsHash` public signal equals the commitment the artifact
 * records (the model the verifier expects). Always true for constant weights (the key binds them).
 */
export function weightsHashMatches(circuit: CircuitArtifact, decoded: DecodedSignals): boolean {
  if (circuit.visibility.weights !== 'private') return true
  return circuit.weightsHash !== undefined && decoded.weightsHash === BigInt(circuit.weightsHash)
}
