/**
 * The deterministic random stream snarkjs derives its phase-2 points from (ffjavascript's `ChaCha`):
 * the ChaCha20 block function (RFC 8439's quarter round, 10 double rounds, input added back) keyed
 * by 8 seed words, with a 128-bit block counter in words 12..15 starting at 0 and no nonce. Each
 * block's 16 output words are consumed in order.
 *
 * Conventions: a 64-bit draw is `hi·2^32 + lo` with the high word drawn first; a boolean is the
 * lowest bit of one word; a seed taken from a hash is its first 32 bytes as big-endian words.
 * Used only to reproduce public derivations (hash-to-G2 of a transcript, a beacon's key), never for
 * secrets.
 */
import { InternalError } from '../errors/internal.js'

/** A ChaCha20 word stream. */
export type ChaChaRng = {
  nextU32(): number
  /** `hi·2^32 + lo`, high word first. */
  nextU64(): bigint
  /** The lowest bit of the next word. */
  nextBool(): boolean
}

const SIGMA = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574] // "expand 32-byte k"

const rotl = (x: number, n: number) => ((x << n) | (x >>> (32 - n))) >>> 0

function quarterRound(s: Uint32Array, a: number, b: number, c: number, d: number): void {
  s[a] = s[a]! + s[b]!; s[d] = rotl(s[d]! ^ s[a]!, 16)
  s[c] = s[c]! + s[d]!; s[b] = rotl(s[b]! ^ s[c]!, 12)
  s[a] = s[a]! + s[b]!; s[d] = rotl(s[d]! ^ s[a]!, 8)
  s[c] = s[c]! + s[d]!; s[b] = rotl(s[b]! ^ s[c]!, 7)
}

/**
 * Starts a stream from 8 seed words.
 * @param seed eight unsigned 32-bit words.
 * @returns a {@link ChaChaRng}.
 * @throws {InternalError} if the seed is not 8 words.
 * @example const rng = createChaChaRng(seedFromHash(transcript)); rng.nextU32()
 */
export function createChaChaRng(seed: ArrayLike<number>): ChaChaRng {
  if (seed.length !== 8) throw new InternalError({ invariant: `a ChaCha seed has 8 words, got ${seed.length}` })
  const state = new Uint32Array(16)
  state.set(SIGMA, 0)
  for (let i = 0; i < 8; i++) state[4 + i] = seed[i]! >>> 0
  const block = new Uint32Array(16)
  let idx = 16
  const refill = () => {
    block.set(state)
    for (let i = 0; i < 10; i++) {
      quarterRound(block, 0, 4, 8, 12)
      quarterRound(block, 1, 5, 9, 13)
      quarterRound(block, 2, 6, 10, 14)
      quarterRound(block, 3, 7, 11, 15)
      quarterRound(block, 0, 5, 10, 15)
      quarterRound(block, 1, 6, 11, 12)
      quarterRound(block, 2, 7, 8, 13)
      quarterRound(block, 3, 4, 9, 14)
    }
    for (let i = 0; i < 16; i++) block[i] = block[i]! + state[i]!
    idx = 0
    // 128-bit little-endian counter over words 12..15.
    for (let w = 12; w < 16; w++) {
      state[w] = state[w]! + 1
      if (state[w] !== 0) break
    }
  }
  const nextU32 = () => {
    if (idx === 16) refill()
    return block[idx++]!
  }
  return {
    nextU32,
    nextU64: () => {
      const hi = BigInt(nextU32())
      return (hi << 32n) | BigInt(nextU32())
    },
    nextBool: () => (nextU32() & 1) === 1,
  }
}

/**
 * The seed snarkjs takes from a hash: its first 32 bytes as 8 big-endian words.
 * @param hash at least 32 bytes.
 * @returns 8 words.
 */
export function seedFromHash(hash: Uint8Array): number[] {
  if (hash.length < 32) throw new InternalError({ invariant: 'a ChaCha seed needs at least 32 hash bytes' })
  const view = new DataView(hash.buffer, hash.byteOffset, hash.byteLength)
  return Array.from({ length: 8 }, (_, i) => view.getUint32(4 * i, false))
}
