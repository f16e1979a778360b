/**
 * Hashing lists of any length with circomlib's Poseidon, and packing small integers into field
 * elements first. Both are our own conventions (no external standard), defined here exactly:
 *
 * `poseidonMany(v)` with L = v.length — a chain over blocks of at most 15 values:
 *   h ← L                                   (the length, so lists of different lengths never align)
 *   for each block B of v (v[0..15), v[15..30), …; one empty block when L = 0):
 *     h ← Poseidon([h, …B])                 (arity 1 + |B|: the last block is not padded)
 *   return h
 *   So L = 0 gives Poseidon([0]); 1 ≤ L ≤ 15 gives Poseidon([L, …v]); L = 16 gives
 *   Poseidon([Poseidon([16, v0..v14]), v15]). ceil(max(L, 1) / 15) Poseidon calls.
 *
 * `packValues({ values, bits })` — k = floor(253 / bits) values per field element, little-endian:
 *   element e = Σ_{i<k} values[e·k + i] · 2^(i·bits), the last element holding the remainder.
 *   Every element is < 2^253 < p, so packing is injective for values in [0, 2^bits). For 8-bit
 *   pixels: 31 per element. Hash a packed list with `poseidonMany` (the length L it binds is the
 *   packed length; bind the unpacked length separately where it is not fixed by context).
 */
import { toField } from '../field.js'
import { PoseidonInputError } from '../../errors/poseidon.js'
import { poseidon } from './hash.js'

/** Values absorbed per Poseidon call by {@link poseidonMany} (16 inputs, one is the running hash). */
export const POSEIDON_MANY_BLOCK = 15

/** Bits a packed field element may use: 2^253 < p, so any 253-bit integer is a distinct element. */
export const PACK_MAX_BITS = 253

/**
 * Hash of a list of any length (see the module doc for the exact chain).
 *
 * @param values - Field elements (each reduced mod p, like {@link poseidon}).
 * @returns A field element in [0, p).
 * @throws {PoseidonInputError} When an element is not a bigint.
 * @example
 * import { poseidonMany } from './many.js'
 * poseidonMany([]) // = poseidon([0n])
 * poseidonMany([7n, 8n]) // = poseidon([2n, 7n, 8n])
 */
export function poseidonMany(values: readonly bigint[]): bigint {
  if (!Array.isArray(values)) throw new PoseidonInputError({ where: 'poseidonMany', reason: 'expected an array of bigints' })
  values.forEach((x, index) => {
    if (typeof x !== 'bigint') throw new PoseidonInputError({ where: 'poseidonMany', reason: `element is a ${typeof x}, not a bigint`, index })
  })
  let h = BigInt(values.length)
  let i = 0
  do {
    h = poseidon([h, ...values.slice(i, i + POSEIDON_MANY_BLOCK).map(toField)])
    i += POSEIDON_MANY_BLOCK
  } while (i < values.length)
  return h
}

/** Parameters of {@link packValues}. */
export type PackValuesParameters = {
  /** Non-negative integers, each below 2^bits. */
  values: readonly bigint[]
  /** Bit width of each value, 1..253. */
  bits: number
}

/** Parameters of {@link unpackValues}. */
export type UnpackValuesParameters = {
  /** Field elements produced by {@link packValues}. */
  packed: readonly bigint[]
  /** The bit width used to pack. */
  bits: number
  /** Number of values originally packed. */
  length: number
}

/**
 * Values per packed field element for a bit width: floor(253 / bits).
 *
 * @throws {PoseidonInputError} When `bits` is not an integer in 1..253.
 */
export function valuesPerElement(bits: number, where = 'packValues'): number {
  if (!Number.isInteger(bits) || bits < 1 || bits > PACK_MAX_BITS) {
    throw new PoseidonInputError({ where, reason: `bits must be an integer in 1..${PACK_MAX_BITS}, got ${bits}` })
  }
  return Math.floor(PACK_MAX_BITS / bits)
}

/**
 * Packs small non-negative integers into as few field elements as possible (see the module doc).
 *
 * @param params {@link PackValuesParameters}
 * @returns ceil(values.length / floor(253 / bits)) field elements (empty for no values).
 * @throws {PoseidonInputError} When `bits` is invalid or a value is not a bigint in [0, 2^bits).
 * @example
 * import { packValues } from './many.js'
 * packValues({ values: [1n, 2n], bits: 8 }) // [0x0201n]
 */
export function packValues({ values, bits }: PackValuesParameters): bigint[] {
  const k = valuesPerElement(bits)
  const limit = 1n << BigInt(bits)
  const out: bigint[] = []
  values.forEach((v, index) => {
    if (typeof v !== 'bigint' || v < 0n || v >= limit) {
      throw new PoseidonInputError({ where: 'packValues', reason: `value ${String(v)} is not an integer in [0, 2^${bits})`, index })
    }
    const e = Math.floor(index / k)
    out[e] = (out[e] ?? 0n) | (v << BigInt((index % k) * bits))
  })
  return out
}

/**
 * Inverse of {@link packValues}.
 *
 * @param params {@link UnpackValuesParameters}
 * @returns The `length` values.
 * @throws {PoseidonInputError} When `bits` is invalid or `packed` has the wrong number of elements.
 */
export function unpackValues({ packed, bits, length }: UnpackValuesParameters): bigint[] {
  const k = valuesPerElement(bits, 'unpackValues')
  if (!Number.isInteger(length) || length < 0 || packed.length !== Math.ceil(length / k)) {
    throw new PoseidonInputError({ where: 'unpackValues', reason: `${packed.length} elements cannot hold ${length} values of ${bits} bits` })
  }
  const mask = (1n << BigInt(bits)) - 1n
  return Array.from({ length }, (_, i) => (packed[Math.floor(i / k)]! >> BigInt((i % k) * bits)) & mask)
}
