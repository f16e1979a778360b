/**
 * Writer for the iden3 `.wtns` binary format (version 2), the witness file snarkjs's prover reads.
 *
 * Sections (little-endian):
 * 1. header: n8:u32 = 32, prime[32], nWitness:u32
 * 2. values: nWitness × 32-byte field elements in standard (non-Montgomery) form.
 */
import { FIELD_PRIME } from '../circuit/field.js'
import type { Witness } from '../circuit/r1cs.js'
import { encodeBinFile, writeFieldLE } from './binFile.js'

/** Options of {@link writeWtns}. */
export type WriteWtnsOptions = {
  /** Field prime (default: the BN254 scalar field). */
  prime?: bigint
}

/**
 * Serialises a full witness (wire 0 = 1 first) to the `.wtns` format; values are reduced mod p.
 * @param witness one signed integer per wire.
 * @param opts {@link WriteWtnsOptions}
 * @returns the file bytes.
 * @example
 * const wtns = writeWtns([1n, 6n, 2n, 3n])
 * await snarkjs.wtns.check({ type: 'mem', data: r1csBytes }, { type: 'mem', data: wtns })
 */
export function writeWtns(witness: Witness, opts: WriteWtnsOptions = {}): Uint8Array {
  const prime = opts.prime ?? FIELD_PRIME
  const header = new Uint8Array(4 + 32 + 4)
  const hv = new DataView(header.buffer)
  hv.setUint32(0, 32, true)
  writeFieldLE(hv, 4, prime)
  hv.setUint32(36, witness.length, true)
  const values = new Uint8Array(32 * witness.length)
  const vv = new DataView(values.buffer)
  for (let i = 0; i < witness.length; i++) {
    let x = witness[i]
    if (x < 0n || x >= prime) {
      x %= prime
      if (x < 0n) x += prime
    }
    writeFieldLE(vv, 32 * i, x)
  }
  return encodeBinFile({
    magic: 'wtns',
    version: 2,
    sections: [
      { id: 1, data: header },
      { id: 2, data: values },
    ],
  })
}
