/**
 * Writer for the iden3 `.r1cs` binary format (version 1), the one circom emits and snarkjs reads.
 *
 * Sections (little-endian; field elements as 32-byte integers in standard, non-Montgomery form):
 * 1. header: n8:u32 = 32, prime[32], nWires:u32, nPubOut:u32, nPubIn:u32, nPrvIn:u32,
 *    nLabels:u64, mConstraints:u32
 * 2. constraints: for each constraint, for each of A, B, C: nnz:u32 then nnz × (wire:u32, coef[32])
 * 3. wire → label map: nWires × label:u64 (we write the identity map, so nLabels = nWires)
 *
 * All our public signals are written as outputs (nPubOut = nPublic, nPubIn = 0): snarkjs only uses
 * their sum. Coefficients are reduced mod p; those that reduce to zero are dropped.
 */
import { FIELD_PRIME } from '../circuit/field.js'
import type { LinearCombination, R1cs } from '../circuit/r1cs.js'
import { encodeBinFile, writeFieldLE } from './binFile.js'
import { InvalidR1csError } from '../errors/formats.js'

/** Options of {@link writeR1cs}. */
export type WriteR1csOptions = {
  /** Field prime (default: the BN254 scalar field). */
  prime?: bigint
}

/**
 * Serialises an R1CS to the `.r1cs` binary format.
 * @param r1cs the constraint system (wire 0 = constant one, wires 1..nPublic public).
 * @param opts {@link WriteR1csOptions}
 * @returns the file bytes.
 * @throws {InvalidR1csError} if counts are inconsistent or a wire index is out of range.
 * @example
 * import { writeR1cs } from './formats/r1cs.js'
 * const bytes = writeR1cs(r1cs)
 * await snarkjs.r1cs.info({ type: 'mem', data: bytes })
 */
export function writeR1cs(r1cs: R1cs, opts: WriteR1csOptions = {}): Uint8Array {
  const prime = opts.prime ?? FIELD_PRIME
  const { nWires, nPublic, nPrivateInputs, constraints } = r1cs
  if (!Number.isSafeInteger(nWires) || nWires < 1 || nWires > 0xffffffff)
    throw new InvalidR1csError(`nWires must be an integer in [1, 2^32), got ${nWires}`)
  if (nPublic < 0 || nPrivateInputs < 0 || 1 + nPublic + nPrivateInputs > nWires)
    throw new InvalidR1csError(`1 + nPublic + nPrivateInputs exceeds nWires (${nPublic}, ${nPrivateInputs}, ${nWires})`)

  // Sizes first, so the constraint section is one allocation.
  let size = 0
  for (let i = 0; i < constraints.length; i++) {
    const c = constraints[i]
    size += 12 + 36 * (countNonZero(c.a, prime) + countNonZero(c.b, prime) + countNonZero(c.c, prime))
  }
  const body = new Uint8Array(size)
  const view = new DataView(body.buffer)
  let pos = 0
  const writeLc = (lc: LinearCombination, index: number) => {
    const start = pos
    pos += 4
    let n = 0
    for (const [wire, coef] of lc) {
      const v = reduce(coef, prime)
      if (v === 0n) continue
      if (!(wire >= 0 && wire < nWires && Number.isInteger(wire)))
        throw new InvalidR1csError(`wire ${wire} out of range [0, ${nWires})`, { constraintIndex: index })
      view.setUint32(pos, wire, true)
      writeFieldLE(view, pos + 4, v)
      pos += 36
      n++
    }
    view.setUint32(start, n, true)
  }
  for (let i = 0; i < constraints.length; i++) {
    const c = constraints[i]
    writeLc(c.a, i)
    writeLc(c.b, i)
    writeLc(c.c, i)
  }

  const header = new Uint8Array(4 + 32 + 4 * 4 + 8 + 4)
  const hv = new DataView(header.buffer)
  hv.setUint32(0, 32, true)
  writeFieldLE(hv, 4, prime)
  hv.setUint32(36, nWires, true)
  hv.setUint32(40, nPublic, true) // nPubOut
  hv.setUint32(44, 0, true) // nPubIn
  hv.setUint32(48, nPrivateInputs, true)
  hv.setBigUint64(52, BigInt(nWires), true) // nLabels
  hv.setUint32(60, constraints.length, true)

  const map = new Uint8Array(8 * nWires)
  const mv = new DataView(map.buffer)
  for (let i = 0; i < nWires; i++) mv.setUint32(8 * i, i, true)

  return encodeBinFile({
    magic: 'r1cs',
    version: 1,
    sections: [
      { id: 1, data: header },
      { id: 2, data: body },
      { id: 3, data: map },
    ],
  })
}

function reduce(x: bigint, p: bigint): bigint {
  if (x >= 0n && x < p) return x
  const r = x % p
  return r < 0n ? r + p : r
}

function countNonZero(lc: LinearCombination, p: bigint): number {
  let n = 0
  for (const v of lc.values()) if (v % p !== 0n) n++
  return n
}
