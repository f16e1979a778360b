/**
 * One phase-2 contribution as `snarkjs zkey contribute` records it in a `.zkey`'s MPC section (10),
 * computed from a known secret δ: the record that lets `snarkjs zkey verify` check that the key's δ
 * is the product of the listed contributions, each with a proof of knowledge of its share.
 *
 * Record layout (points affine LEM): deltaAfter = δ·(previous δ₁) (G1) · g1_s (G1) · g1_sx = δ·g1_s
 * (G1) · g2_spx = δ·g2_sp (G2) · transcript (64 bytes) · type u32 (0 = secret contribution) ·
 * parameter length u32 · parameters (1 = name: u8 length, UTF-8 bytes, at most 64).
 * transcript = blake2b-512(csHash ‖ previous contributions' public keys ‖ U(g1_s) ‖ U(g1_sx)),
 * g2_sp = {@link hashToG2}(transcript); U(·) is the uncompressed big-endian encoding.
 * The contribution hash (what snarkjs prints and the manifest records) is
 * blake2b-512(U(deltaAfter) ‖ U(g1_s) ‖ U(g1_sx) ‖ U(g2_spx) ‖ transcript).
 *
 * Here the contribution is the first one (previous δ = 1), so deltaAfter = δ·G1 = the key's δ₁.
 * g1_s = s·G1 for a fresh random s (dropped afterwards); snarkjs draws it from its entropy stream,
 * which no verifier can tell apart.
 */
import { FIELD_PRIME } from '../circuit/field.js'
import { blake2b } from '@noble/hashes/blake2.js'
import type { FixedBase } from './fixedBase.js'
import { hashPointsU } from './pointHash.js'
import { hashToG2 } from './hashToG2.js'
import { randomScalar } from './secrets.js'
import type { CurveEngine } from './wasmCurve.js'
import { SetupError } from '../errors/setup.js'

/** Longest contribution name snarkjs stores (it truncates to 64 characters). */
export const MAX_CONTRIBUTION_NAME = 64

/** Parameters of {@link firstContribution}. */
export type FirstContributionParameters = {
  engine: CurveEngine
  /** A G1 fixed-base multiplier on the same engine. */
  g1: FixedBase
  /** The circuit hash of the initial key (`zkey new`'s). */
  csHash: Uint8Array
  /** The secret δ (≠ 0). */
  delta: bigint
  /** Printable ASCII, at most {@link MAX_CONTRIBUTION_NAME} characters. */
  name: string
}

/** Result of {@link firstContribution}. */
export type FirstContributionReturnType = {
  /** The record bytes that follow `csHash ‖ u32 count` in section 10. */
  record: Uint8Array
  /** blake2b-512 contribution hash. */
  hash: Uint8Array
}

/** Bytes of a contribution record with a name of `nameLength` bytes. */
export function contributionRecordSize(nameLength: number): number {
  return 3 * 64 + 128 + 64 + 4 + 4 + (nameLength > 0 ? 2 + nameLength : 0)
}

/**
 * Encodes a contribution name (printable ASCII, ≤ 64 characters).
 * @throws {SetupError} otherwise.
 */
export function encodeContributionName(name: string): Uint8Array {
  if (name.length > MAX_CONTRIBUTION_NAME || !/^[\x20-\x7e]*$/.test(name))
    throw new SetupError(`a contribution name must be printable ASCII of at most ${MAX_CONTRIBUTION_NAME} characters`)
  return new TextEncoder().encode(name)
}

/**
 * Computes the record of the first phase-2 contribution for secret δ.
 * @param params {@link FirstContributionParameters}
 * @returns {@link FirstContributionReturnType}
 * @example const { record, hash } = firstContribution({ engine, g1, csHash, delta, name: 'dev' })
 */
export function firstContribution({ engine, g1, csHash, delta, name }: FirstContributionParameters): FirstContributionReturnType {
  const nameBytes = encodeContributionName(name)
  const record = new Uint8Array(contributionRecordSize(nameBytes.length))
  const s = randomScalar()
  g1.multiply([delta % FIELD_PRIME, s, (s * delta) % FIELD_PRIME], record, 0) // deltaAfter ‖ g1_s ‖ g1_sx
  const transcriptHasher = blake2b.create({ dkLen: 64 })
  transcriptHasher.update(csHash)
  hashPointsU({ engine, group: 'G1', lem: record.subarray(64, 192), hasher: transcriptHasher })
  const transcript = transcriptHasher.digest()
  const g2sp = hashToG2(engine, transcript)
  record.set(timesScalarG2(engine, g2sp, delta), 192)
  record.set(transcript, 320)
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength)
  view.setUint32(384, 0, true) // type 0: a secret contribution
  if (nameBytes.length > 0) {
    view.setUint32(388, 2 + nameBytes.length, true)
    record[392] = 1 // parameter 1: name
    record[393] = nameBytes.length
    record.set(nameBytes, 394)
  }
  const hasher = blake2b.create({ dkLen: 64 })
  hashPointsU({ engine, group: 'G1', lem: record.subarray(0, 192), hasher })
  hashPointsU({ engine, group: 'G2', lem: record.subarray(192, 320), hasher })
  hasher.update(transcript)
  return { record, hash: hasher.digest() }
}

/** k·P for an affine LEM G2 point P; returns affine LEM. */
function timesScalarG2(engine: CurveEngine, point: Uint8Array, k: bigint): Uint8Array {
  const mark = engine.mark()
  const pP = engine.alloc(128)
  const pK = engine.alloc(32)
  const pJ = engine.alloc(192)
  const kb = new Uint8Array(32)
  let x = k % FIELD_PRIME
  for (let i = 0; i < 32; i++) {
    kb[i] = Number(x & 0xffn)
    x >>= 8n
  }
  const mem = engine.bytes()
  mem.set(point, pP)
  mem.set(kb, pK)
  engine.exports.g2m_timesScalarAffine(pP, pK, 32, pJ)
  engine.exports.g2m_toAffine(pJ, pP)
  const out = engine.bytes().slice(pP, pP + 128)
  engine.release(mark)
  return out
}
