/**
 * Feeds curve points to a hash in snarkjs's "uncompressed" encoding (big-endian standard form x‖y,
 * as `batchLEMtoU` produces), converting from the affine LEM bytes stored in key files.
 */
import { AFFINE_SIZE, type Group } from './fixedBase.js'
import type { CurveEngine } from './wasmCurve.js'

/** Minimal incremental-hash interface (noble's `blake2b.create()` fits). */
export type Hasher = { update(data: Uint8Array): unknown }

const CHUNK = 1 << 14

/**
 * Hashes affine LEM points (`lem.length` a multiple of the point size) in uncompressed form.
 * @param params engine, group, the points and the hasher.
 */
export function hashPointsU({ engine, group, lem, hasher }: { engine: CurveEngine; group: Group; lem: Uint8Array; hasher: Hasher }): void {
  const size = AFFINE_SIZE[group]
  const n = lem.length / size
  const mark = engine.mark()
  const buf = engine.alloc(Math.min(n, CHUNK) * size)
  const toU = group === 'G1' ? engine.exports.g1m_batchLEMtoU : engine.exports.g2m_batchLEMtoU
  for (let i = 0; i < n; i += CHUNK) {
    const count = Math.min(CHUNK, n - i)
    const mem = engine.bytes()
    mem.set(lem.subarray(i * size, (i + count) * size), buf)
    toU(buf, count, buf)
    hasher.update(mem.slice(buf, buf + count * size))
  }
  engine.release(mark)
}

/** Hashes a u32 in big-endian order (snarkjs's `hashU32`). */
export function hashU32(hasher: Hasher, n: number): void {
  const b = new Uint8Array(4)
  new DataView(b.buffer).setUint32(0, n, false)
  hasher.update(b)
}
