/**
 * What the runtime's verify paths take from a result, checked on the main thread before any worker
 * or download starts (a malformed proof is an `InvalidProofError` at once).
 */
import type { ProveInferenceReturnType } from './types.js'
import type { VerifiableProof } from '../prove/verify.js'
import { parseGroth16Proof } from '../prove/proofShape.js'
import { InvalidProofError } from '../errors/prove.js'

/**
 * What verification needs from a result: the proof and public signals; optionally the claimed
 * `circuitOutput`, and the revealed `outputIntegers` (+ `outputSalt` for a hashed output).
 */
export type VerifiableResult = Pick<ProveInferenceReturnType, 'proof' | 'publicSignals'> &
  Partial<Pick<ProveInferenceReturnType, 'circuitOutput' | 'outputIntegers' | 'outputSalt'>>

/**
 * Checks the proof object's shape and keeps only the fields a verifier reads (never `inputSalt`,
 * so the input's opening does not travel to the worker).
 * @throws {InvalidProofError} When the result or its proof is malformed.
 */
export function verifiableProof(result: VerifiableResult): VerifiableProof {
  if (!result || typeof result !== 'object') throw new InvalidProofError({ field: 'result', reason: 'expected { proof, publicSignals } from proveInference' })
  const proof = parseGroth16Proof(result.proof)
  if (!Array.isArray(result.publicSignals)) throw new InvalidProofError({ field: 'publicSignals', reason: 'expected an array' })
  const { publicSignals, circuitOutput, outputIntegers, outputSalt } = result
  return {
    proof,
    publicSignals: [...publicSignals],
    ...(circuitOutput !== undefined ? { circuitOutput } : {}),
    ...(outputIntegers !== undefined ? { outputIntegers } : {}),
    ...(outputSalt !== undefined ? { outputSalt } : {}),
  }
}
