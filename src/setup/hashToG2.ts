/**
 * snarkjs's hash-to-G2 (`hashToG2` of its phase-2 proof of knowledge), reproduced on the curve
 * engine: the point every contribution's `g2_spx = δ·g2_sp` is checked against, with g2_sp derived
 * from the 64-byte contribution transcript.
 *
 * Derivation (facts of the format, as `snarkjs zkey verify` recomputes them):
 * 1. a {@link createChaChaRng} stream seeded with the transcript's first 32 bytes (big-endian words);
 * 2. x ∈ Fq2 is drawn as c0 then c1, each as four 64-bit draws v = Σ d_i·2^(64i) masked to 254 bits
 *    and redrawn while v ≥ q; v is taken as the element's *Montgomery* representation (ffjavascript
 *    stores it as is), i.e. the coordinate is v·2^-256 mod q;
 * 3. one boolean draw `greatest`, then, if x³ + b' (b' = 3/(9+u), the twist's constant) is not a
 *    square, back to step 2;
 * 4. y = √(x³ + b'), negated when `greatest` differs from y's sign (the sign of c1, or of c0 when
 *    c1 = 0; "negative" means above (q−1)/2), so either square root gives the same point;
 * 5. the point (x, y) times the G2 cofactor, in the prime-order subgroup.
 */
import { BASE_FIELD_PRIME } from '../circuit/field.js'
import { createChaChaRng, seedFromHash, type ChaChaRng } from './chacha.js'
import type { CurveEngine } from './wasmCurve.js'

const MASK_254 = (1n << 254n) - 1n
const MONT = (1n << 256n) % BASE_FIELD_PRIME
/** The cofactor of BN254's G2 (|E'(Fq2)| / r). */
const G2_COFACTOR = 0x30644e72e131a029b85045b68181585e06ceecda572a2489345f2299c0f9fa8dn

const modQ = (x: bigint) => ((x % BASE_FIELD_PRIME) + BASE_FIELD_PRIME) % BASE_FIELD_PRIME
function invQ(a: bigint): bigint {
  let [t, newT, r, newR] = [0n, 1n, BASE_FIELD_PRIME, modQ(a)]
  while (newR !== 0n) {
    const k = r / newR
    ;[t, newT] = [newT, t - k * newT]
    ;[r, newR] = [newR, r - k * newR]
  }
  return modQ(t)
}

/** b' = 3/(9+u) = 3(9−u)/82 in Montgomery form, c0‖c1. */
const TWIST_B_MONT: readonly [bigint, bigint] = (() => {
  const inv82 = invQ(82n)
  return [modQ(27n * inv82) * MONT % BASE_FIELD_PRIME, modQ(-3n * inv82) * MONT % BASE_FIELD_PRIME]
})()

function putLE(bytes: Uint8Array, offset: number, x: bigint): void {
  for (let i = 0; i < 32; i++) {
    bytes[offset + i] = Number(x & 0xffn)
    x >>= 8n
  }
}

/** Draws one Fq element the way ffjavascript's `F1Field.fromRng` does (its Montgomery representation). */
function fqFromRng(rng: ChaChaRng): bigint {
  for (;;) {
    let v = 0n
    for (let i = 0; i < 4; i++) v |= rng.nextU64() << BigInt(64 * i)
    v &= MASK_254
    if (v < BASE_FIELD_PRIME) return v
  }
}

/**
 * Maps a 64-byte transcript hash to a G2 point exactly as snarkjs does.
 * @param engine a curve engine.
 * @param hash the transcript (at least 32 bytes; the first 32 seed the stream).
 * @returns the point as affine LEM bytes (128: x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1).
 * @example const g2sp = hashToG2(engine, transcript)
 */
export function hashToG2(engine: CurveEngine, hash: Uint8Array): Uint8Array {
  const rng = createChaChaRng(seedFromHash(hash))
  const ex = engine.exports
  const mark = engine.mark()
  const pB = engine.alloc(64)
  const pP = engine.alloc(128) // affine x ‖ y
  const pT = engine.alloc(64)
  const pJ = engine.alloc(192)
  const pK = engine.alloc(32)
  const tmp = new Uint8Array(64)
  putLE(tmp, 0, TWIST_B_MONT[0])
  putLE(tmp, 32, TWIST_B_MONT[1])
  engine.bytes().set(tmp, pB)
  let greatest: boolean
  for (;;) {
    putLE(tmp, 0, fqFromRng(rng))
    putLE(tmp, 32, fqFromRng(rng))
    greatest = rng.nextBool()
    engine.bytes().set(tmp, pP)
    ex.f2m_square(pP, pT)
    ex.f2m_mul(pT, pP, pT)
    ex.f2m_add(pT, pB, pT)
    if (ex.f2m_isSquare(pT)) break
  }
  const pY = pP + 64
  ex.f2m_sqrt(pT, pY)
  if (greatest !== (ex.f2m_isNegative(pY) === 1)) ex.f2m_neg(pY, pY)
  const k = new Uint8Array(32)
  putLE(k, 0, G2_COFACTOR)
  engine.bytes().set(k, pK)
  ex.g2m_timesScalarAffine(pP, pK, 32, pJ)
  ex.g2m_toAffine(pJ, pP)
  const out = engine.bytes().slice(pP, pP + 128)
  engine.release(mark)
  return out
}
