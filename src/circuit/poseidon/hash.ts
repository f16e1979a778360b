/**
 * Native Poseidon, bit-identical to circomlib (`Poseidon(n)` in circom, `poseidon` in circomlibjs).
 * The permutation is `@noble/curves`'s (`abstract/poseidon.js`) with circomlib's parameters
 * (`params.ts`); this file checks inputs and fixes the conventions. The circomlibjs vectors in
 * `hash.test.ts` are the test. Measured when it replaced our own loop and Grain LFSR (Node 20, two
 * shared cores): per hash within 1.0–1.3× of the old code, constants 2–3× slower to generate (once per
 * width, tens of ms), +13 kB minified (+4.5 kB gzip) in a browser bundle — no reason to keep ours.
 * `bench/poseidon.bench.ts` prints the figures.
 *
 * Conventions: BN254 scalar field; inputs are reduced mod p (−x ↦ p − x); the state is
 * `[0, in_0, …, in_{n−1}]` (capacity element first, initial value 0), t = n + 1; each round adds
 * the round constants, applies x^5 to every element (full rounds: the first 4 and the last 4) or to
 * element 0 only (partial rounds), then multiplies by the MDS matrix; the hash is state[0].
 */
import { toField } from '../field.js'
import { PoseidonInputError } from '../../errors/poseidon.js'
import { POSEIDON_MAX_INPUTS, poseidonParams } from './params.js'

/** Parameters of {@link poseidonPermutation}. */
export type PoseidonPermutationParameters = {
  /** The full initial state (t = 2..17 elements, reduced mod p here). */
  state: readonly bigint[]
}

/**
 * The Poseidon permutation of circomlib on a full state of width t.
 *
 * @param params {@link PoseidonPermutationParameters}
 * @returns The final state (t field elements in [0, p)).
 * @throws {PoseidonInputError} When the width is not 2..17 or an element is not a bigint.
 * @example
 * import { poseidonPermutation } from './hash.js'
 * const [h] = poseidonPermutation({ state: [0n, 1n, 2n] }) // = poseidon([1n, 2n])
 */
export function poseidonPermutation({ state }: PoseidonPermutationParameters): bigint[] {
  checkFieldInputs(state, 'poseidonPermutation', 2, POSEIDON_MAX_INPUTS + 1)
  return permute(state.map(toField), state.length)
}

/**
 * Poseidon hash of 1..16 field elements, identical to circomlib's `Poseidon(n)`.
 *
 * @param inputs - 1..16 bigints; each is reduced mod p.
 * @returns The hash, a field element in [0, p).
 * @throws {PoseidonInputError} When there are 0 or more than 16 inputs, or one is not a bigint.
 * @example
 * import { poseidon } from './hash.js'
 * poseidon([1n, 2n]) // 0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189an
 */
export function poseidon(inputs: readonly bigint[]): bigint {
  checkFieldInputs(inputs, 'poseidon', 1, POSEIDON_MAX_INPUTS)
  return permute([0n, ...inputs.map(toField)], 1)[0]!
}

/** Throws unless `xs` is an array of `min..max` bigints. */
function checkFieldInputs(xs: readonly unknown[], where: string, min: number, max: number): void {
  if (!Array.isArray(xs)) throw new PoseidonInputError({ where, reason: 'expected an array of bigints' })
  if (xs.length < min || xs.length > max) {
    throw new PoseidonInputError({ where, reason: `expected ${min}..${max} elements, got ${xs.length}` })
  }
  xs.forEach((x, index) => {
    if (typeof x !== 'bigint') throw new PoseidonInputError({ where, reason: `element is a ${typeof x}, not a bigint`, index })
  })
}

/** Runs the permutation on a reduced state of width t; returns the first `nOut` elements of the final state. */
function permute(initial: bigint[], nOut: number): bigint[] {
  return poseidonParams(initial.length).permute(initial).slice(0, nOut)
}
