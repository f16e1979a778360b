import { beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error circomlibjs ships no type declarations (test-only reference implementation)
import { buildPoseidon } from 'circomlibjs'
import { FIELD_PRIME } from '../field.js'
import { PoseidonInputError } from '../../errors/poseidon.js'
import { poseidon, poseidonPermutation } from './hash.js'

type CircomPoseidon = ((xs: bigint[]) => Uint8Array) & { F: { toObject(x: Uint8Array): bigint } }
let ref: CircomPoseidon

beforeAll(async () => {
  ref = (await buildPoseidon()) as unknown as CircomPoseidon
})

/** Deterministic pseudo-random field elements (xorshift on 64-bit words). */
function rng(seed: bigint): () => bigint {
  let s = seed
  const next64 = () => {
    s ^= (s << 13n) & 0xffffffffffffffffn
    s ^= s >> 7n
    s ^= (s << 17n) & 0xffffffffffffffffn
    return s
  }
  return () => ((next64() << 192n) | (next64() << 128n) | (next64() << 64n) | next64()) % FIELD_PRIME
}

describe('poseidon (native)', () => {
  it('Poseidon([1, 2]) is the known circomlib vector', () => {
    expect(poseidon([1n, 2n])).toBe(0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189an)
  })

  it('matches circomlibjs buildPoseidon for n = 1..16 on random inputs', () => {
    const rand = rng(0x1234567n)
    for (let n = 1; n <= 16; n++) {
      for (let k = 0; k < 3; k++) {
        const xs = Array.from({ length: n }, rand)
        expect(poseidon(xs), `n=${n}`).toBe(ref.F.toObject(ref(xs)))
      }
    }
  })

  it('matches circomlibjs on edge values (0, 1, p − 1)', () => {
    for (const xs of [[0n], [FIELD_PRIME - 1n], [0n, 0n], Array(16).fill(FIELD_PRIME - 1n)]) {
      expect(poseidon(xs)).toBe(ref.F.toObject(ref(xs)))
    }
  })

  it('reduces inputs mod p (negative and ≥ p)', () => {
    expect(poseidon([-1n, FIELD_PRIME + 2n])).toBe(poseidon([FIELD_PRIME - 1n, 2n]))
  })

  it('the permutation on [0, …inputs] starts with the hash', () => {
    const out = poseidonPermutation({ state: [0n, 1n, 2n] })
    expect(out).toHaveLength(3)
    expect(out[0]).toBe(poseidon([1n, 2n]))
  })

  it('refuses 0 or 17 inputs and non-bigints with a typed error', () => {
    expect(() => poseidon([])).toThrow(PoseidonInputError)
    expect(() => poseidon(Array(17).fill(1n))).toThrow(/expected 1\.\.16 elements, got 17/)
    expect(() => poseidon([1 as unknown as bigint])).toThrow(PoseidonInputError)
    expect(() => poseidonPermutation({ state: [1n] })).toThrow(PoseidonInputError)
  })
})
