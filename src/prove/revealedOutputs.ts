/**
 * Revealed outputs: the output integers a prover hands a verifier beside the proof (needed for a
 * hashed output, optional otherwise), and the float output it claims. Both are parsed strictly —
 * the exact output names, the exact count per output, canonical decimal integers — because a loose
 * parse lets one field element stand for many integers (`v` and `v + p` hash alike).
 */
import type { CircuitArtifact } from './artifact.js'
import { InvalidProofError } from '../errors/prove.js'

const SIGNED_DECIMAL = /^(0|-?[1-9][0-9]{0,77})$/

const sizeOf = (shape: readonly number[]) => shape.reduce((a, d) => a * d, 1)

/** Own enumerable keys of a plain object (never the prototype's). */
function ownRecord(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidProofError({ field, reason: 'expected an object keyed by output name' })
  return Object.fromEntries(Object.entries(value as Record<string, unknown>))
}

/**
 * Parses revealed output integers: one entry per model output, each an array of exactly the output's
 * element count of canonical decimal integers (or bigints).
 * @returns The integers by output name.
 * @throws {InvalidProofError} On a missing or unknown output name, a wrong count, or a non-canonical integer.
 */
export function parseRevealedOutputs(circuit: CircuitArtifact, revealed: unknown): Record<string, bigint[]> {
  const rec = ownRecord(revealed, 'outputIntegers')
  const names = new Set(circuit.model.outputs.map((o) => o.name))
  for (const k of Object.keys(rec)) if (!names.has(k)) throw new InvalidProofError({ field: `outputIntegers.${k}`, reason: 'not an output of this model' })
  const out: Record<string, bigint[]> = {}
  for (const o of circuit.model.outputs) {
    const field = `outputIntegers.${o.name}`
    const vals = rec[o.name]
    const n = sizeOf(o.shape)
    if (!Array.isArray(vals) || vals.length !== n) throw new InvalidProofError({ field, reason: `expected an array of ${n} integers` })
    out[o.name] = vals.map((v, i) => {
      if (typeof v === 'bigint') return v
      if (typeof v === 'string' && SIGNED_DECIMAL.test(v)) return BigInt(v)
      throw new InvalidProofError({ field: `${field}[${i}]`, reason: 'expected a canonical decimal integer string' })
    })
  }
  return out
}

/** True when every integer lies in its output's proven interval (`circuit.outputRanges`). */
export function outputsInRange(circuit: CircuitArtifact, ints: Record<string, readonly bigint[]>): boolean {
  return circuit.model.outputs.every((o) => {
    const range = circuit.outputRanges[o.name]
    if (!range) return false
    const [lo, hi] = [BigInt(range[0]), BigInt(range[1])]
    return ints[o.name]!.every((v) => v >= lo && v <= hi)
  })
}

/**
 * Parses a claimed float output: output names of this model, each an array of the exact count of numbers.
 * @throws {InvalidProofError} When the shape is wrong.
 */
export function parseClaimedOutput(circuit: CircuitArtifact, claimed: unknown): Record<string, number[]> {
  const rec = ownRecord(claimed, 'circuitOutput')
  const out: Record<string, number[]> = {}
  for (const [name, vals] of Object.entries(rec)) {
    const o = circuit.model.outputs.find((x) => x.name === name)
    if (!o) throw new InvalidProofError({ field: `circuitOutput.${name}`, reason: 'not an output of this model' })
    if (!Array.isArray(vals) || vals.length !== sizeOf(o.shape) || vals.some((v) => typeof v !== 'number' || !Number.isFinite(v)))
      throw new InvalidProofError({ field: `circuitOutput.${name}`, reason: `expected an array of ${sizeOf(o.shape)} finite numbers` })
    out[name] = vals as number[]
  }
  return out
}
