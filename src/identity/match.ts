/**
 * Matching outside the circuit: the same rule the identity circuit proves.
 */
import { IRIS_GEOMETRY, IRIS_SHIFTS, IRIS_THRESHOLD } from './config.js'
import { assertTemplate } from './identity.js'
import { hamming, shiftCode } from './irisCode.js'

/** Result of {@link matchCodes}. */
export type MatchResult = {
  /** Smallest Hamming distance over the allowed rotations. */
  distance: number
  /** The first rotation (code columns) achieving it. */
  shift: number
  /** Distance at each rotation of {@link IRIS_SHIFTS}, in that order. */
  distances: number[]
  /** `distance ≤ threshold`. */
  match: boolean
  threshold: number
}

/**
 * Compares a fresh code with a template at every allowed rotation.
 *
 * @param parameters.code - The capture's code (0/1 bytes).
 * @param parameters.template - The enrolled template (0/1 bytes).
 * @param parameters.threshold - τ in bits (default {@link IRIS_THRESHOLD}).
 * @returns {@link MatchResult}
 * @throws {InvalidIdentityInputError} When a code is malformed.
 */
export function matchCodes({ code, template, threshold = IRIS_THRESHOLD }: { code: Uint8Array; template: Uint8Array; threshold?: number }): MatchResult {
  assertTemplate(code, 'code')
  assertTemplate(template)
  const distances = IRIS_SHIFTS.map((k) => hamming(shiftCode(code, k, IRIS_GEOMETRY), template))
  const distance = Math.min(...distances)
  return { distance, shift: IRIS_SHIFTS[distances.indexOf(distance)]!, distances, match: distance <= threshold, threshold }
}
