/**
 * circomlib's Poseidon instances over the BN254 scalar field: x^5 S-box, 8 full rounds,
 * t = 2..17 (1..16 inputs), partial rounds per t from the Poseidon paper (tables 2 and 8, rounded
 * up as circomlib does).
 *
 * Round constants and MDS matrices come from `@noble/curves` (`grainGenConstants`: the Grain LFSR
 * of the Poseidon paper, appendix F, as in the reference script `generate_parameters_grain.sage`),
 * generated on first use of each t (tens of ms) and cached; nothing is shipped as data. circomlib's
 * constants are exactly these (`sage generate_parameters_grain.sage 1 0 254 t 8 R_P p`, first MDS
 * draw): `params.test.ts` compares every entry with circomlibjs for t = 2..17.
 */
import { Field } from '@noble/curves/abstract/modular.js'
import { grainGenConstants, poseidon as noblePoseidon } from '@noble/curves/abstract/poseidon.js'
import { InternalError } from '../../errors/internal.js'
import { FIELD_PRIME } from '../field.js'

/** Full rounds (half before the partial rounds, half after). */
export const POSEIDON_FULL_ROUNDS = 8

/** Partial rounds for t = 2..17 (index t − 2), as circomlib. */
export const POSEIDON_PARTIAL_ROUNDS: readonly number[] = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68]

/** Most inputs one Poseidon call takes (t = 17). */
export const POSEIDON_MAX_INPUTS = 16

/** One Poseidon instance: width, round counts, round constants (round-major) and MDS matrix. */
export type PoseidonParams = {
  t: number
  roundsFull: number
  roundsPartial: number
  /** `roundConstants[r·t + i]` is added to state element i in round r. */
  roundConstants: readonly bigint[]
  /** New state element i is `Σ_j mds[i][j] · state[j]`. */
  mds: readonly (readonly bigint[])[]
  /** The permutation on a full state of t reduced field elements (`@noble/curves`); returns the final state. */
  permute: (state: bigint[]) => bigint[]
}

/** The BN254 scalar field as `@noble/curves` arithmetic. */
const Fr = Field(FIELD_PRIME)
const cache = new Map<number, PoseidonParams>()

/**
 * The parameters of circomlib's Poseidon with state width `t` (generated on first use, then cached).
 *
 * @param t - State width, 2..17 (number of inputs + 1). Callers validate it.
 * @returns {@link PoseidonParams}
 * @throws {InternalError} For a width outside 2..17 (public entry points throw `PoseidonInputError` first).
 */
export function poseidonParams(t: number): PoseidonParams {
  const hit = cache.get(t)
  if (hit) return hit
  const roundsPartial = POSEIDON_PARTIAL_ROUNDS[t - 2]
  if (!Number.isInteger(t) || roundsPartial === undefined) throw new InternalError({ invariant: `Poseidon width t=${t} is not in 2..17` })
  const opts = { Fp: Fr, t, roundsFull: POSEIDON_FULL_ROUNDS, roundsPartial, sboxPower: 5 }
  const { roundConstants, mds } = grainGenConstants(opts)
  const permute = noblePoseidon({ ...opts, roundConstants, mds })
  const params: PoseidonParams = { t, roundsFull: POSEIDON_FULL_ROUNDS, roundsPartial, roundConstants: roundConstants.flat(), mds, permute }
  cache.set(t, params)
  return params
}
