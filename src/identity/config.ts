/**
 * Fixed parameters of the identity demo: the iris-code geometry, the matching rule and the
 * registry's Merkle depth. Changing any of them changes the circuit (new keys, new verifier).
 */
import type { IrisCodeGeometry } from './irisCode.js'
import { IRIS_MEASURED } from './measured.js'

/**
 * Four Gabor filters on 8×9 windows, two radial bands, every angular column: 4 × 2 × 64 = 512 bits.
 * An even/odd pair at wavelength 8 running along the angle, and two wavelength-5 filters tilted by
 * ±0.5 rad (one even, one odd). Chosen by `scripts/identity/makeModel.ts`'s measurements (see
 * `models/iriscode.md`) among a few banks of the same size.
 */
export const IRIS_GEOMETRY: IrisCodeGeometry = {
  kernelHeight: 8,
  kernelWidth: 9,
  strideY: 8,
  strideX: 1,
  specs: [
    { wavelength: 8, orientation: 0, phase: 'even', sigmaX: 2.5, sigmaY: 2.5 },
    { wavelength: 8, orientation: 0, phase: 'odd', sigmaX: 2.5, sigmaY: 2.5 },
    { wavelength: 5, orientation: 0.5, phase: 'even', sigmaX: 2, sigmaY: 2.5 },
    { wavelength: 5, orientation: -0.5, phase: 'odd', sigmaX: 2, sigmaY: 2.5 },
  ],
}

/** Code bits (filters × bands × columns). */
export const IRIS_CODE_BITS = 512

/** Rotations (in code columns = strip columns here) the match tries: a tilt of ±1 column is tolerated. */
export const IRIS_SHIFTS: readonly number[] = [-1, 0, 1]

/**
 * Match threshold τ in bits: a capture matches when, at some allowed rotation, its code differs
 * from the template in at most τ bits. Measured (genuine vs impostor distributions) by
 * `scripts/identity/makeModel.ts`; see `models/iriscode.md`.
 */
export const IRIS_THRESHOLD: number = IRIS_MEASURED.threshold

/** Depth of the circuit's Merkle path: the registry holds at most 2^16 identities. */
export const MERKLE_DEPTH = 16

/** Name of the ONNX model's input (`[1, 1, 16, 72]`: the strip padded circularly, see `padStrip`). */
export const IRIS_INPUT_NAME = 'strip'
/** Name of the ONNX model's output (`[1, 4, 2, 64]`: the Gabor responses). */
export const IRIS_OUTPUT_NAME = 'responses'
