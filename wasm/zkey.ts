/**
 * Reads what the prover needs from a snarkjs Groth16 `.zkey` (iden3 binary container, version 1):
 *
 * | section | contents |
 * |---|---|
 * | 1 | protocol: u32 (1 = Groth16) |
 * | 2 | n8q u32, q, n8r u32, r, nVars u32, nPublic u32, domainSize u32, alpha1, beta1, beta2, gamma2, delta1, delta2 |
 * | 4 | nCoef u32, then nCoef × (matrix u32 (0 = A, 1 = B), constraint u32, signal u32, coefficient·R² mod r) |
 * | 5, 6, 7, 8, 9 | A (G1 × nVars), B1 (G1 × nVars), B2 (G2 × nVars), C (G1 × (nVars − nPublic − 1)), H (G1 × domainSize) |
 *
 * Points are affine, coordinates 32-byte little-endian Montgomery (R = 2^256) Fq elements, G2
 * coordinates c0 then c1; the point at infinity is all zeros.
 *
 * The key is read through a {@link ZkeyReader} (random access): the container's section table and
 * the small sections (1, 2) are read here, the large ones (4–9) are returned as byte ranges that
 * the prover streams into its own memory chunk by chunk, so a key read from a file is never held
 * whole outside the prover. A `Uint8Array` is read the same way (views, no copies).
 */
import { WasmProverError } from '../src/errors/wasmProver.js'

/** BN254 base field modulus q and scalar field modulus r. */
export const BN254_Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n
export const BN254_R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n

/**
 * Random access to a `.zkey`'s bytes (a file, a blob, an array). `read` fills all of `into` with
 * the bytes from `position` on, or rejects.
 */
export type ZkeyReader = {
  /** Bytes in the file. */
  size: number
  read(into: Uint8Array, position: number): Promise<void> | void
}

/** Where a section's bytes lie in the file. */
export type ZkeyRange = { at: number; length: number }

/** The parts of a Groth16 `.zkey` the prover reads: the header's values and the large sections' ranges. */
export type ZkeyParts = {
  nVars: number
  nPublic: number
  domainSize: number
  log2Domain: number
  /** alpha1 (64) ‖ beta1 (64) ‖ beta2 (128) ‖ delta1 (64) ‖ delta2 (128): 448 bytes. */
  keyPoints: Uint8Array
  nCoefs: number
  /** The coefficient entries (without the leading count). */
  coefs: ZkeyRange
  A: ZkeyRange
  B1: ZkeyRange
  B2: ZkeyRange
  C: ZkeyRange
  H: ZkeyRange
}

/** A reader over bytes already in memory (views, no copies). */
export function bytesZkeyReader(bytes: Uint8Array): ZkeyReader {
  return {
    size: bytes.length,
    read(into, position) {
      if (position < 0 || position + into.length > bytes.length) throw new WasmProverError('The .zkey is truncated.')
      into.set(bytes.subarray(position, position + into.length))
    },
  }
}

const readLE = (b: Uint8Array): bigint => {
  let x = 0n
  for (let i = b.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[i]!)
  return x
}

async function take(r: ZkeyReader, position: number, length: number): Promise<Uint8Array> {
  if (position + length > r.size) throw new WasmProverError('Not a .zkey file.', { details: 'truncated' })
  const out = new Uint8Array(length)
  await r.read(out, position)
  return out
}

/**
 * Reads a Groth16 BN254 `.zkey`'s section table and header through `reader`.
 * @throws WasmProverError when the file is not a Groth16 BN254 key or a section has the wrong size
 */
export async function openZkey(source: Uint8Array | ZkeyReader): Promise<ZkeyParts> {
  const r = source instanceof Uint8Array ? bytesZkeyReader(source) : source
  if (r.size < 12) throw new WasmProverError('Not a .zkey file.', { details: 'file too short' })
  const head = await take(r, 0, 12)
  const magic = String.fromCharCode(head[0]!, head[1]!, head[2]!, head[3]!)
  if (magic !== 'zkey') throw new WasmProverError('Not a .zkey file.', { details: `expected a "zkey" file, found "${magic}"` })
  const nSections = new DataView(head.buffer).getUint32(8, true)
  const sections = new Map<number, ZkeyRange[]>()
  let pos = 12
  for (let i = 0; i < nSections; i++) {
    const sh = await take(r, pos, 12)
    const v = new DataView(sh.buffer)
    const id = v.getUint32(0, true)
    const size = Number(v.getBigUint64(4, true))
    if (pos + 12 + size > r.size) throw new WasmProverError('Not a .zkey file.', { details: `truncated section ${id}` })
    sections.set(id, [...(sections.get(id) ?? []), { at: pos + 12, length: size }])
    pos += 12 + size
  }
  const one = (id: number): ZkeyRange => {
    const s = sections.get(id)
    if (!s || s.length !== 1) throw new WasmProverError(`The .zkey must have exactly one section ${id}.`)
    return s[0]!
  }
  const s1 = one(1)
  if (s1.length < 4 || new DataView((await take(r, s1.at, 4)).buffer).getUint32(0, true) !== 1) {
    throw new WasmProverError('The .zkey is not a Groth16 key.')
  }
  const s2 = one(2)
  if (s2.length !== 4 + 32 + 4 + 32 + 12 + 64 * 3 + 128 * 3) throw new WasmProverError('The .zkey header is not a BN254 Groth16 header.')
  const h = await take(r, s2.at, s2.length)
  const hv = new DataView(h.buffer)
  if (hv.getUint32(0, true) !== 32 || hv.getUint32(36, true) !== 32) {
    throw new WasmProverError('The .zkey header is not a BN254 Groth16 header.')
  }
  if (readLE(h.subarray(4, 36)) !== BN254_Q || readLE(h.subarray(40, 72)) !== BN254_R) {
    throw new WasmProverError('The .zkey is not for BN254 (bn128).')
  }
  const nVars = hv.getUint32(72, true)
  const nPublic = hv.getUint32(76, true)
  const domainSize = hv.getUint32(80, true)
  const log2Domain = Math.log2(domainSize)
  if (!Number.isInteger(log2Domain) || log2Domain < 1 || log2Domain > 27) {
    throw new WasmProverError(`Unsupported domain size ${domainSize} (a power of two from 2 to 2^27).`)
  }
  if (nVars < nPublic + 1) throw new WasmProverError('The .zkey has fewer signals than public inputs.')
  // alpha1, beta1, beta2, (gamma2 skipped), delta1, delta2
  const keyPoints = new Uint8Array(448)
  keyPoints.set(h.subarray(84, 84 + 256), 0)
  keyPoints.set(h.subarray(84 + 384, 84 + 384 + 192), 256)

  const s4 = one(4)
  const nCoefs = s4.length >= 4 ? new DataView((await take(r, s4.at, 4)).buffer).getUint32(0, true) : -1
  if (nCoefs < 0 || s4.length !== 4 + nCoefs * 44) throw new WasmProverError('The .zkey coefficient section has the wrong size.')
  const sized = (id: number, n: number, size: number, what: string): ZkeyRange => {
    const s = one(id)
    if (s.length !== n * size) throw new WasmProverError(`The .zkey ${what} section has ${s.length} bytes, expected ${n * size}.`)
    return s
  }
  return {
    nVars,
    nPublic,
    domainSize,
    log2Domain,
    keyPoints,
    nCoefs,
    coefs: { at: s4.at + 4, length: s4.length - 4 },
    A: sized(5, nVars, 64, 'A'),
    B1: sized(6, nVars, 64, 'B1'),
    B2: sized(7, nVars, 128, 'B2'),
    C: sized(8, nVars - nPublic - 1, 64, 'C'),
    H: sized(9, domainSize, 64, 'H'),
  }
}
