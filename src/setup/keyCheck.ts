/**
 * The one hard rule on verification keys: vk_delta_2 must differ from vk_gamma_2. With γ = δ the
 * Groth16 check e(A,B) = e(α,β)·e(vk_x,γ)·e(C,δ) holds for A = α, B = β, C = −vk_x and any public
 * signals, so such a key proves nothing. No option turns this check off.
 *
 * Works on the JSON shape snarkjs exports (decimal strings; G2 points [[x.c0, x.c1], [y.c0, y.c1],
 * ["1", "0"]]); browser-safe and dependency-free.
 */
import { ForgeableVerificationKeyError } from '../errors/setup.js'
import { InvalidVerificationKeyError } from '../errors/chain.js'
import { BASE_FIELD_PRIME } from '../circuit/field.js'


/** A verification key object (snarkjs JSON shape); only `vk_gamma_2` and `vk_delta_2` are read. */
export type GammaDeltaKey = Readonly<Record<string, unknown>>

function coordinate(v: unknown, field: string): bigint {
  if (typeof v !== 'string' && typeof v !== 'bigint') throw new InvalidVerificationKeyError({ field, reason: 'expected a decimal integer string' })
  let n: bigint
  try {
    n = BigInt(v)
  } catch {
    throw new InvalidVerificationKeyError({ field, reason: 'expected a decimal integer string' })
  }
  if (n < 0n) throw new InvalidVerificationKeyError({ field, reason: 'expected a non-negative integer' })
  return n % BASE_FIELD_PRIME
}

/** An affine G2 point as one comparable string; throws for anything else. */
function affineG2(p: unknown, field: string): string {
  if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((c) => Array.isArray(c) && c.length === 2))
    throw new InvalidVerificationKeyError({ field, reason: 'expected a G2 point [[x0, x1], [y0, y1], [1, 0]]' })
  const c = p as unknown[][]
  if (c.length === 3 && (coordinate(c[2]![0], `${field}[2][0]`) !== 1n || coordinate(c[2]![1], `${field}[2][1]`) !== 0n))
    throw new InvalidVerificationKeyError({ field, reason: 'expected an affine point (z = [1, 0])' })
  return [c[0]![0], c[0]![1], c[1]![0], c[1]![1]].map((x, i) => coordinate(x, `${field}[${i >> 1}][${i & 1}]`).toString()).join(',')
}

/**
 * True when the key's δ₂ equals its γ₂.
 * @throws {InvalidVerificationKeyError} when either point is malformed.
 */
export function gammaEqualsDelta(vkey: GammaDeltaKey): boolean {
  return affineG2(vkey.vk_gamma_2, 'vk_gamma_2') === affineG2(vkey.vk_delta_2, 'vk_delta_2')
}

/**
 * Refuses a verification key with vk_delta_2 == vk_gamma_2.
 * @param vkey the verification key (snarkjs JSON shape).
 * @param where optional label (a file name) for the error.
 * @returns the key, unchanged.
 * @throws {ForgeableVerificationKeyError} when δ₂ = γ₂.
 * @throws {InvalidVerificationKeyError} when either point is malformed.
 * @example assertGammaDeltaDistinct(JSON.parse(vkeyJson), 'vkey.json')
 */
export function assertGammaDeltaDistinct<T extends GammaDeltaKey>(vkey: T, where?: string): T {
  if (gammaEqualsDelta(vkey)) throw new ForgeableVerificationKeyError({ where })
  return vkey
}
