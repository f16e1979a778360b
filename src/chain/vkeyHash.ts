/**
 * `vkeyHash`: the identity of a Groth16 verification key, the value `manifest.vkeyHash`, the
 * generated verifier's `vkeyHash()`, the `ZkmlVerified` adapter and its events all carry.
 *
 * Definition: `keccak256` of the key's points as 32-byte big-endian words, in the order the
 * Solidity verifier's constants hold them (G2 coordinates imaginary part first, EIP-197):
 *   α.x, α.y,
 *   β.x.c1, β.x.c0, β.y.c1, β.y.c0,   γ (same order),   δ (same order),
 *   IC[0].x, IC[0].y, …, IC[n].x, IC[n].y            (n = nPublic; the length binds n)
 * so `(14 + 2(n + 1))·32` bytes. The verifier computes it from the very constants its pairing check
 * reads, so a verifier built by @zkml/web cannot report another key's hash.
 */
import { BASE_FIELD_PRIME } from '../circuit/field.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { InvalidVerificationKeyError } from '../errors/chain.js'


/** The key fields {@link vkeyHash} reads (snarkjs's vkey.json; decimal strings). */
export type VkeyPoints = {
  nPublic: number
  vk_alpha_1: readonly unknown[]
  vk_beta_2: readonly unknown[]
  vk_gamma_2: readonly unknown[]
  vk_delta_2: readonly unknown[]
  IC: readonly unknown[]
}

function coord(value: unknown, field: string): bigint {
  if (typeof value !== 'string' || !/^(0|[1-9][0-9]{0,77})$/.test(value)) throw new InvalidVerificationKeyError({ field, reason: 'expected a canonical decimal integer string' })
  const n = BigInt(value)
  if (n >= BASE_FIELD_PRIME) throw new InvalidVerificationKeyError({ field, reason: 'not below the base field modulus' })
  return n
}

function g1(p: unknown, field: string): bigint[] {
  if (!Array.isArray(p) || p.length < 2) throw new InvalidVerificationKeyError({ field, reason: 'expected a G1 point [x, y, 1]' })
  return [coord(p[0], `${field}[0]`), coord(p[1], `${field}[1]`)]
}

function g2(p: unknown, field: string): bigint[] {
  if (!Array.isArray(p) || p.length < 2 || !Array.isArray(p[0]) || !Array.isArray(p[1])) throw new InvalidVerificationKeyError({ field, reason: 'expected a G2 point [[x0, x1], [y0, y1], [1, 0]]' })
  const [x, y] = p as unknown[][]
  return [coord(x![1], `${field}[0][1]`), coord(x![0], `${field}[0][0]`), coord(y![1], `${field}[1][1]`), coord(y![0], `${field}[1][0]`)]
}

/**
 * The key's words in hash order (see the module doc).
 * @throws {InvalidVerificationKeyError} When a point or coordinate is malformed, or `IC` does not hold `nPublic + 1` points.
 */
export function vkeyWords(vkey: VkeyPoints): bigint[] {
  if (!Number.isSafeInteger(vkey?.nPublic) || vkey.nPublic < 0) throw new InvalidVerificationKeyError({ field: 'nPublic', reason: 'expected a non-negative integer' })
  if (!Array.isArray(vkey.IC) || vkey.IC.length !== vkey.nPublic + 1) throw new InvalidVerificationKeyError({ field: 'IC', reason: `expected nPublic + 1 = ${vkey.nPublic + 1} points` })
  return [
    ...g1(vkey.vk_alpha_1, 'vk_alpha_1'),
    ...g2(vkey.vk_beta_2, 'vk_beta_2'),
    ...g2(vkey.vk_gamma_2, 'vk_gamma_2'),
    ...g2(vkey.vk_delta_2, 'vk_delta_2'),
    ...vkey.IC.flatMap((p, i) => g1(p, `IC[${i}]`)),
  ]
}

/**
 * The `vkeyHash` of a verification key (see the module doc).
 * @param vkey - The verification key (`vkey.json`).
 * @returns `0x`-prefixed 32-byte hex.
 * @throws {InvalidVerificationKeyError} When the key is malformed.
 * @example
 * import { vkeyHash } from '@zkml/web/chain'
 * const h = vkeyHash(JSON.parse(vkeyJson)) // equals manifest.vkeyHash and the verifier's vkeyHash()
 */
export function vkeyHash(vkey: VkeyPoints): `0x${string}` {
  const words = vkeyWords(vkey)
  const bytes = new Uint8Array(words.length * 32)
  words.forEach((w, i) => {
    for (let j = 31; j >= 0; j--, w >>= 8n) bytes[i * 32 + j] = Number(w & 0xffn)
  })
  return `0x${Array.from(keccak_256(bytes), (b) => b.toString(16).padStart(2, '0')).join('')}`
}
