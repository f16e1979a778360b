/**
 * Decoding public signals by the manifest's layout, and checking a claimed output against them.
 */
import { fromFieldSigned, FIELD_PRIME } from '../circuit/field.js'
import type { CircuitArtifact } from './artifact.js'
import { dequantizeOutputs } from '../quantize/execInt.js'
import { poseidonMany } from '../circuit/poseidon/index.js'
import { toField } from '../circuit/field.js'

export type DecodedSignals = {
  /** Output integers (public-output mode). */
  outputs?: Record<string, bigint[]>
  outputHash?: bigint
  /** Input integers (public-input mode). */
  inputs?: Record<string, bigint[]>
  inputHash?: bigint
  /** Hidden-weights mode: the weights commitment. */
  weightsHash?: bigint
}

/** Splits public signals (decimal strings or bigints) by the layout; signed values decoded. */
export function decodePublicSignals(circuit: CircuitArtifact, signals: readonly (string | bigint)[]): DecodedSignals {
  const vals = signals.map((s) => {
    const v = BigInt(s)
    if (v < 0n || v >= FIELD_PRIME) throw new RangeError(`public signal ${s} is not a field element`)
    return v
  })
  const out: DecodedSignals = {}
  for (const e of circuit.layout) {
    const slice = vals.slice(e.offset, e.offset + e.length)
    if (e.kind === 'output') (out.outputs ??= {})[e.name] = slice.map(fromFieldSigned)
    else if (e.kind === 'input') (out.inputs ??= {})[e.name] = slice.map(fromFieldSigned)
    else if (e.kind === 'outputHash') out.outputHash = slice[0]!
    else if (e.kind === 'weightsHash') out.weightsHash = slice[0]!
    else out.inputHash = slice[0]!
  }
  return out
}

/**
 * The outputs a set of public signals proves: decoded directly (public outputs), or — for hashed
 * outputs — the revealed `outputIntegers` if and only if they hash to the public commitment.
 * @returns dequantized outputs, or undefined when revealed integers do not match the hash
 */
export function provenOutputs(circuit: CircuitArtifact, signals: readonly (string | bigint)[], revealed?: Record<string, readonly (string | bigint)[]>): Record<string, number[]> | undefined {
  const d = decodePublicSignals(circuit, signals)
  let ints: Record<string, bigint[]>
  if (d.outputs) ints = d.outputs
  else {
    if (!revealed) return undefined
    ints = Object.fromEntries(circuit.model.outputs.map((o) => [o.name, (revealed[o.name] ?? []).map((v) => BigInt(v))]))
    const flat = circuit.model.outputs.flatMap((o) => ints[o.name]!.map(toField))
    if (poseidonMany(flat) !== d.outputHash) return undefined
  }
  return dequantizeOutputs(circuit.model, ints)
}

/** True when every public input integer lies in the input's quantized range (public-input mode). */
export function publicInputsInRange(circuit: CircuitArtifact, signals: readonly (string | bigint)[]): boolean {
  const d = decodePublicSignals(circuit, signals)
  if (!d.inputs) return true
  return circuit.model.inputs.every((inp) => {
    const lo = inp.signed ? -(1n << BigInt(inp.bits - 1)) : 0n
    const hi = lo + (1n << BigInt(inp.bits)) - 1n
    return d.inputs![inp.name]!.every((v) => v >= lo && v <= hi)
  })
}

/**
 * Hidden-weights mode: true when the `weightsHash` public signal equals the commitment the artifact
 * records (the model the verifier expects). Always true for constant weights (the key binds them).
 */
export function weightsHashMatches(circuit: CircuitArtifact, signals: readonly (string | bigint)[]): boolean {
  if (circuit.visibility.weights !== 'private') return true
  const d = decodePublicSignals(circuit, signals)
  return circuit.weightsHash !== undefined && d.weightsHash === BigInt(circuit.weightsHash)
}
