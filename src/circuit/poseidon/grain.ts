/**
 * Poseidon parameter generation from the specification: the Grain LFSR of the Poseidon paper
 * (eprint 2019/458, appendix F) as implemented by the reference script
 * `generate_parameters_grain.sage` (hadeshash), for a prime field and the x^α S-box.
 *
 * This is what circomlib's constants are: `sage generate_parameters_grain.sage 1 0 254 t 8 R_P p`.
 * Generation is cheap (≤ 20 ms per t), so no constant tables are shipped; `params.ts` expands
 * and caches them per t on first use. Tests compare the output with circomlibjs entry by entry.
 *
 * Algorithm (reference script semantics):
 * 1. Seed the 80-bit state with, MSB first: field type (2 bits, 1 = prime), S-box (4 bits,
 *    0 = x^α), field size n (12 bits), t (12 bits), R_F (10 bits), R_P (10 bits), thirty 1s.
 * 2. Step: b = s[62] ⊕ s[51] ⊕ s[38] ⊕ s[23] ⊕ s[13] ⊕ s[0]; shift left, append b. Discard 160 bits.
 * 3. Output bits are drawn in pairs (b1, b2): b2 is output when b1 = 1, the pair is discarded otherwise.
 * 4. Round constants: (R_F + R_P)·t integers of n bits each (MSB first), rejecting those ≥ p.
 * 5. MDS: 2t integers of n bits, reduced mod p (no rejection), redrawn together while any two
 *    coincide; x = first t, y = last t; M[i][j] = 1 / (x_i + y_j). The script redraws the matrix
 *    when its security checks fail; for circomlib's parameters the first draw is the one used
 *    (tests confirm this for t = 2..17), so the checks are not reimplemented here.
 */
import { FIELD_PRIME } from '../field.js'
import { fieldInverse } from './fieldOps.js'

/** Parameters of {@link grainConstants}. */
export type GrainConstantsParameters = {
  /** State width t (inputs + 1 capacity element). */
  t: number
  /** Number of full rounds R_F. */
  roundsFull: number
  /** Number of partial rounds R_P. */
  roundsPartial: number
  /** Prime modulus (default: the BN254 scalar field). */
  prime?: bigint | undefined
}

/** Round constants (flat, round-major: `roundConstants[r·t + i]`) and the t×t MDS matrix. */
export type GrainConstantsReturnType = { roundConstants: bigint[]; mds: bigint[][] }

/**
 * The Grain LFSR of the Poseidon reference script, as a bit source. The 80-bit state lives in a
 * 128-entry circular buffer: s[k] = buf[(head + k) & 127], and each step appends at s[80].
 */
class Grain {
  private readonly buf = new Uint8Array(128)
  private head = 0

  constructor(seedBits: readonly number[]) {
    this.buf.set(seedBits)
    for (let i = 0; i < 160; i++) this.step()
  }

  private step(): number {
    const b = this.buf
    const h = this.head
    const bit = b[(h + 62) & 127]! ^ b[(h + 51) & 127]! ^ b[(h + 38) & 127]! ^ b[(h + 23) & 127]! ^ b[(h + 13) & 127]! ^ b[h]!
    b[(h + 80) & 127] = bit
    this.head = (h + 1) & 127
    return bit
  }

  /** One output bit: pairs (b1, b2) are drawn and b2 is kept only when b1 = 1. */
  bit(): number {
    for (;;) {
      const keep = this.step()
      const value = this.step()
      if (keep === 1) return value
    }
  }

  /** An n-bit integer, most significant bit first (bits gathered 24 at a time). */
  integer(n: number): bigint {
    let x = 0n
    for (let done = 0; done < n; ) {
      const take = Math.min(24, n - done)
      let chunk = 0
      for (let i = 0; i < take; i++) chunk = (chunk << 1) | this.bit()
      x = (x << BigInt(take)) | BigInt(chunk)
      done += take
    }
    return x
  }
}

function bitsOf(value: number, width: number): number[] {
  return Array.from({ length: width }, (_, i) => (value >> (width - 1 - i)) & 1)
}

/**
 * Generates Poseidon round constants and MDS matrix from the Grain LFSR (see module doc).
 *
 * @param params {@link GrainConstantsParameters}
 * @returns {@link GrainConstantsReturnType}
 * @example
 * const { roundConstants, mds } = grainConstants({ t: 3, roundsFull: 8, roundsPartial: 57 })
 */
export function grainConstants({ t, roundsFull, roundsPartial, prime = FIELD_PRIME }: GrainConstantsParameters): GrainConstantsReturnType {
  const n = prime.toString(2).length
  const seed = [
    ...bitsOf(1, 2), // prime field
    ...bitsOf(0, 4), // S-box x^alpha
    ...bitsOf(n, 12),
    ...bitsOf(t, 12),
    ...bitsOf(roundsFull, 10),
    ...bitsOf(roundsPartial, 10),
    ...new Array<number>(30).fill(1),
  ]
  const grain = new Grain(seed)
  const roundConstants: bigint[] = []
  for (let i = 0; i < (roundsFull + roundsPartial) * t; i++) {
    let c = grain.integer(n)
    while (c >= prime) c = grain.integer(n)
    roundConstants.push(c)
  }
  for (;;) {
    let xy: bigint[]
    do xy = Array.from({ length: 2 * t }, () => grain.integer(n) % prime)
    while (new Set(xy).size !== xy.length)
    const x = xy.slice(0, t)
    const y = xy.slice(t)
    // A zero denominator makes the script discard this draw and take the next one.
    if (x.some((xi) => y.some((yj) => (xi + yj) % prime === 0n))) continue
    const mds = x.map((xi) => y.map((yj) => fieldInverse((xi + yj) % prime, prime)))
    return { roundConstants, mds }
  }
}
