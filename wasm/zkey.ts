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
 * coordinates c0 then c1; the point at infinity is all zeros. Nothing is copied: the sections are
 * views into the given bytes.
 */
import { decodeBinFile } from '../src/formats/binFile.js'
import { WasmProverError } from '../src/errors/wasmProver.js'

/** BN254 base field modulus q and scalar field modulus r. */
export const BN254_Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n
export const BN254_R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n

/** The parts of a Groth16 `.zkey` the prover reads (views into the file's bytes). */
export type ZkeyParts = {
  nVars: number
  nPublic: number
  domainSize: number
  log2Domain: number
  /** alpha1 (64) ‖ beta1 (64) ‖ beta2 (128) ‖ delta1 (64) ‖ delta2 (128): 448 bytes. */
  keyPoints: Uint8Array[]
  nCoefs: number
  /** The coefficient entries (without the leading count). */
  coefs: Uint8Array
  A: Uint8Array
  B1: Uint8Array
  B2: Uint8Array
  C: Uint8Array
  H: Uint8Array
}

const readLE = (b: Uint8Array): bigint => {
  let x = 0n
  for (let i = b.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[i]!)
  return x
}

/**
 * Splits a Groth16 BN254 `.zkey` into the prover's parts.
 * @throws WasmProverError when the file is not a Groth16 BN254 key or a section has the wrong size
 */
export function readZkey(zkey: Uint8Array): ZkeyParts {
  let sections: Map<number, Uint8Array[]>
  try {
    sections = decodeBinFile(zkey, 'zkey').sections
  } catch (e) {
    throw new WasmProverError('Not a .zkey file.', { cause: e })
  }
  const one = (id: number): Uint8Array => {
    const s = sections.get(id)
    if (!s || s.length !== 1) throw new WasmProverError(`The .zkey must have exactly one section ${id}.`)
    return s[0]!
  }
  const s1 = one(1)
  if (s1.length < 4 || new DataView(s1.buffer, s1.byteOffset, 4).getUint32(0, true) !== 1) {
    throw new WasmProverError('The .zkey is not a Groth16 key.')
  }
  const h = one(2)
  const hv = new DataView(h.buffer, h.byteOffset, h.byteLength)
  if (h.length !== 4 + 32 + 4 + 32 + 12 + 64 * 3 + 128 * 3 || hv.getUint32(0, true) !== 32 || hv.getUint32(36, true) !== 32) {
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
  let p = 84
  const take = (n: number) => h.subarray(p, (p += n))
  const alpha1 = take(64), beta1 = take(64), beta2 = take(128)
  take(128) // gamma2
  const delta1 = take(64), delta2 = take(128)

  const s4 = one(4)
  const nCoefs = s4.length >= 4 ? new DataView(s4.buffer, s4.byteOffset, 4).getUint32(0, true) : -1
  if (nCoefs < 0 || s4.length !== 4 + nCoefs * 44) throw new WasmProverError('The .zkey coefficient section has the wrong size.')
  const sized = (id: number, n: number, size: number, what: string) => {
    const s = one(id)
    if (s.length !== n * size) throw new WasmProverError(`The .zkey ${what} section has ${s.length} bytes, expected ${n * size}.`)
    return s
  }
  return {
    nVars,
    nPublic,
    domainSize,
    log2Domain,
    keyPoints: [alpha1, beta1, beta2, delta1, delta2],
    nCoefs,
    coefs: s4.subarray(4),
    A: sized(5, nVars, 64, 'A'),
    B1: sized(6, nVars, 64, 'B1'),
    B2: sized(7, nVars, 128, 'B2'),
    C: sized(8, nVars - nPublic - 1, 64, 'C'),
    H: sized(9, domainSize, 64, 'H'),
  }
}
