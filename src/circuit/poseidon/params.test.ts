import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FIELD_PRIME } from '../field.js'
import { InternalError } from '../../errors/internal.js'
import { POSEIDON_PARTIAL_ROUNDS, poseidonParams } from './params.js'

/** circomlibjs's reference constants (the devDependency is the reference; src never imports it). */
function circomlibConstants(): { C: string[][]; M: string[][][] } {
  const main = createRequire(import.meta.url).resolve('circomlibjs')
  return JSON.parse(readFileSync(join(dirname(main), '..', 'src', 'poseidon_constants.json'), 'utf8'))
}

describe('Poseidon parameters', () => {
  it('the circuit field is the BN254 scalar field r', () => {
    // Everything here (constants, hash, constraints) is defined over r; a wrong prime silently breaks it.
    expect(FIELD_PRIME).toBe(0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001n)
  })

  it('Grain generation equals circomlib for t = 2..17 (every round constant and MDS entry)', () => {
    const ref = circomlibConstants()
    for (let t = 2; t <= 17; t++) {
      const p = poseidonParams(t)
      expect(p.roundsPartial).toBe(POSEIDON_PARTIAL_ROUNDS[t - 2])
      expect(p.roundConstants).toEqual(ref.C[t - 2]!.map((h) => BigInt(h)))
      expect(p.mds).toEqual(ref.M[t - 2]!.map((row) => row.map((h) => BigInt(h))))
    }
  })

  it('caches per t', () => {
    expect(poseidonParams(3)).toBe(poseidonParams(3))
  })

  it('refuses a width outside 2..17', () => {
    expect(() => poseidonParams(1)).toThrow(InternalError)
    expect(() => poseidonParams(18)).toThrow(InternalError)
  })
})
