/**
 * The iden3 binary container shared by `.r1cs`, `.wtns`, `.ptau` and `.zkey` files.
 *
 * Layout (all integers little-endian):
 * ```
 * magic[4]  version:u32  nSections:u32
 * repeated nSections times: sectionId:u32  size:u64  bytes[size]
 * ```
 * Field elements are written as `n8`-byte little-endian integers (n8 = 32 for BN254).
 */
import { BinFileFormatError } from '../errors/formats.js'

/** One section of a binary file. */
export type BinSection = { id: number; data: Uint8Array }

/** Parameters of {@link encodeBinFile}. */
export type EncodeBinFileParameters = {
  /** Four ASCII characters, e.g. `'r1cs'`. */
  magic: string
  version: number
  sections: BinSection[]
}

/**
 * Concatenates sections into one iden3 binary file.
 * @param params {@link EncodeBinFileParameters}
 * @returns the file bytes.
 * @example encodeBinFile({ magic: 'wtns', version: 2, sections: [{ id: 1, data: header }, { id: 2, data: values }] })
 */
export function encodeBinFile({ magic, version, sections }: EncodeBinFileParameters): Uint8Array {
  if (magic.length !== 4) throw new BinFileFormatError('magic must be 4 characters', { magic })
  let size = 12
  for (const s of sections) size += 12 + s.data.length
  const out = new Uint8Array(size)
  const view = new DataView(out.buffer)
  for (let i = 0; i < 4; i++) out[i] = magic.charCodeAt(i)
  view.setUint32(4, version, true)
  view.setUint32(8, sections.length, true)
  let pos = 12
  for (const s of sections) {
    view.setUint32(pos, s.id, true)
    view.setBigUint64(pos + 4, BigInt(s.data.length), true)
    out.set(s.data, pos + 12)
    pos += 12 + s.data.length
  }
  return out
}

/** A parsed binary file: its version and the sections by id (in file order). */
export type DecodedBinFile = { version: number; sections: Map<number, Uint8Array[]> }

/**
 * Splits an iden3 binary file into its sections (views into `bytes`, not copies).
 * @param bytes the whole file.
 * @param magic the expected 4-character magic.
 * @returns {@link DecodedBinFile}
 * @throws {BinFileFormatError} on a wrong magic or a truncated file.
 */
export function decodeBinFile(bytes: Uint8Array, magic: string): DecodedBinFile {
  if (bytes.length < 12) throw new BinFileFormatError('file too short', { magic })
  const found = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3])
  if (found !== magic) throw new BinFileFormatError(`expected a "${magic}" file, found "${found}"`, { magic })
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const version = view.getUint32(4, true)
  const nSections = view.getUint32(8, true)
  const sections = new Map<number, Uint8Array[]>()
  let pos = 12
  for (let i = 0; i < nSections; i++) {
    if (pos + 12 > bytes.length) throw new BinFileFormatError('truncated section header', { magic })
    const id = view.getUint32(pos, true)
    const size = Number(view.getBigUint64(pos + 4, true))
    if (pos + 12 + size > bytes.length) throw new BinFileFormatError(`truncated section ${id}`, { magic })
    const list = sections.get(id) ?? []
    list.push(bytes.subarray(pos + 12, pos + 12 + size))
    sections.set(id, list)
    pos += 12 + size
  }
  return { version, sections }
}

/**
 * Returns the single section `id` of a decoded file.
 * @throws {BinFileFormatError} when the section is missing or duplicated.
 */
export function getSection(file: DecodedBinFile, id: number, magic = ''): Uint8Array {
  const list = file.sections.get(id)
  if (!list || list.length !== 1)
    throw new BinFileFormatError(list ? `section ${id} duplicated` : `section ${id} missing`, { magic })
  return list[0]
}

const MASK64 = (1n << 64n) - 1n

/**
 * Writes a non-negative integer `x < 2^(8·n8)` as n8 little-endian bytes at `offset`.
 * The target bytes must be zero already (fresh buffers are); small values skip the high limbs.
 */
export function writeFieldLE(view: DataView, offset: number, x: bigint, n8 = 32): void {
  if (x < 0x100000000n) {
    view.setUint32(offset, Number(x), true)
    return
  }
  for (let i = 0; i < n8; i += 8) {
    view.setBigUint64(offset + i, x & MASK64, true)
    x >>= 64n
    if (x === 0n) return
  }
}

/** Reads an n8-byte little-endian integer at `offset`. */
export function readFieldLE(view: DataView, offset: number, n8 = 32): bigint {
  let x = 0n
  for (let i = n8 - 8; i >= 0; i -= 8) x = (x << 64n) | view.getBigUint64(offset + i, true)
  return x
}

/** Parameters of {@link allocBinFile}. */
export type AllocBinFileParameters = {
  magic: string
  version: number
  /** Sections in file order with their exact byte sizes. */
  sections: { id: number; size: number }[]
}

/**
 * Allocates a whole iden3 binary file with its headers written and zeroed section bodies, so large
 * sections can be filled in place (no final concatenation copy).
 * @param params {@link AllocBinFileParameters}
 * @returns the file bytes and a view of each section body by id (the first with that id).
 */
export function allocBinFile({ magic, version, sections }: AllocBinFileParameters): {
  bytes: Uint8Array
  section(id: number): Uint8Array
} {
  const bytes = encodeBinFile({ magic, version, sections: sections.map((s) => ({ id: s.id, data: new Uint8Array(0) })) })
  let size = 12
  for (const s of sections) size += 12 + s.size
  const out = new Uint8Array(size)
  out.set(bytes.subarray(0, 12))
  const view = new DataView(out.buffer)
  const offsets = new Map<number, [number, number]>()
  let pos = 12
  for (const s of sections) {
    view.setUint32(pos, s.id, true)
    view.setBigUint64(pos + 4, BigInt(s.size), true)
    if (!offsets.has(s.id)) offsets.set(s.id, [pos + 12, s.size])
    pos += 12 + s.size
  }
  return {
    bytes: out,
    section(id) {
      const o = offsets.get(id)
      if (!o) throw new BinFileFormatError(`section ${id} missing`, { magic })
      return out.subarray(o[0], o[0] + o[1])
    },
  }
}
