/**
 * Shape checks of what a verifier is handed, before snarkjs sees it: a Groth16 proof object and
 * its public signals. Every failure is an `InvalidProofError` naming the field.
 *
 * Conventions: BN254. Proof coordinates are canonical decimal strings (or bigints) below the base
 * field modulus q; snarkjs writes `pi_a = [x, y, "1"]`, `pi_b = [[x.c0, x.c1], [y.c0, y.c1], ["1", "0"]]`,
 * `pi_c = [x, y, "1"]` (the affine `[x, y]` form is accepted too). Public signals are canonical decimal
 * strings (or bigints) below the scalar field modulus r. "Canonical": no sign, no leading zeros, no hex.
 * Whether the points lie on the curve is the verifier's business (an off-curve point is an invalid
 * proof, not a malformed one).
 */
import { InvalidProofError } from '../errors/prove.js'
import { BASE_FIELD_PRIME, FIELD_PRIME } from '../circuit/field.js'
import type { Groth16Proof } from './groth16.js'

const DECIMAL = /^(0|[1-9][0-9]{0,77})$/

/**
 * Parses a canonical non-negative decimal string (or a bigint) below `limit`.
 * @throws {InvalidProofError} Naming `field` otherwise.
 */
export function parseCanonicalUint(value: unknown, field: string, limit: bigint): bigint {
  let n: bigint
  if (typeof value === 'bigint') n = value
  else if (typeof value === 'string' && DECIMAL.test(value)) n = BigInt(value)
  else throw new InvalidProofError({ field, reason: `expected a canonical decimal integer string, got ${describe(value)}` })
  if (n < 0n || n >= limit) throw new InvalidProofError({ field, reason: `${n} is not below ${limit === FIELD_PRIME ? 'the scalar field modulus r' : 'the base field modulus q'}` })
  return n
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)
  if (Array.isArray(v)) return 'an array'
  return v === null ? 'null' : typeof v
}

const coord = (v: unknown, field: string) => parseCanonicalUint(v, field, BASE_FIELD_PRIME).toString()

function g1(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || (value.length !== 2 && value.length !== 3)) throw new InvalidProofError({ field, reason: 'expected a G1 point [x, y, "1"]' })
  const xy = [coord(value[0], `${field}[0]`), coord(value[1], `${field}[1]`), '1']
  if (value.length === 3 && coord(value[2], `${field}[2]`) !== '1') throw new InvalidProofError({ field, reason: 'z must be "1" (an affine point)' })
  return xy
}

function g2(value: unknown, field: string): string[][] {
  if (!Array.isArray(value) || (value.length !== 2 && value.length !== 3)) throw new InvalidProofError({ field, reason: 'expected a G2 point [[x0, x1], [y0, y1], ["1", "0"]]' })
  const fp2 = (c: unknown, f: string) => {
    if (!Array.isArray(c) || c.length !== 2) throw new InvalidProofError({ field: f, reason: 'expected [c0, c1]' })
    return [coord(c[0], `${f}[0]`), coord(c[1], `${f}[1]`)]
  }
  const xy = [fp2(value[0], `${field}[0]`), fp2(value[1], `${field}[1]`), ['1', '0']]
  if (value.length === 3) {
    const z = fp2(value[2], `${field}[2]`)
    if (z[0] !== '1' || z[1] !== '0') throw new InvalidProofError({ field, reason: 'z must be ["1", "0"] (an affine point)' })
  }
  return xy
}

/**
 * Checks a Groth16 proof object and returns a normalized copy (decimal strings, z = 1) for snarkjs.
 * @param proof - The proof as `snarkjs.groth16.prove` returns it (or parsed from JSON).
 * @param field - Label prefix for errors (default `proof`).
 * @throws {InvalidProofError} When a field is missing, not an array of the right length, or a coordinate is not canonical.
 * @example const clean = parseGroth16Proof(JSON.parse(text).proof)
 */
export function parseGroth16Proof(proof: unknown, field = 'proof'): Groth16Proof {
  if (typeof proof !== 'object' || proof === null || Array.isArray(proof)) throw new InvalidProofError({ field, reason: `expected an object with pi_a, pi_b, pi_c, got ${describe(proof)}` })
  const p = proof as Record<string, unknown>
  if (p.protocol !== undefined && p.protocol !== 'groth16') throw new InvalidProofError({ field: `${field}.protocol`, reason: `expected "groth16", got ${describe(p.protocol)}` })
  if (p.curve !== undefined && p.curve !== 'bn128') throw new InvalidProofError({ field: `${field}.curve`, reason: `expected "bn128", got ${describe(p.curve)}` })
  return { pi_a: g1(p.pi_a, `${field}.pi_a`), pi_b: g2(p.pi_b, `${field}.pi_b`), pi_c: g1(p.pi_c, `${field}.pi_c`), protocol: 'groth16', curve: 'bn128' }
}

/**
 * Checks public signals: an array of exactly `count` field elements in canonical form.
 * @returns The signals as bigints.
 * @throws {InvalidProofError} On a wrong count or a signal that is not a canonical field element.
 */
export function parsePublicSignals(signals: unknown, count: number, field = 'publicSignals'): bigint[] {
  if (!Array.isArray(signals)) throw new InvalidProofError({ field, reason: `expected an array, got ${describe(signals)}` })
  if (signals.length !== count) throw new InvalidProofError({ field, reason: `expected ${count} public signals, got ${signals.length}` })
  return signals.map((s, i) => parseCanonicalUint(s, `${field}[${i}]`, FIELD_PRIME))
}
