/** BN254 constants as the key files store them. */
import { BN254_R } from '../formats/prime.js'

/** The BN254 base field prime q (coordinates of G1/G2 points). */
export const BASE_Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n

const le32 = (x: bigint): Uint8Array => {
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) {
    out[i] = Number(x & 0xffn)
    x >>= 8n
  }
  return out
}

/** q and r as 32-byte little-endian integers (the headers of `.ptau` / `.zkey`). */
export const Q_BYTES_LE = le32(BASE_Q)
export const R_BYTES_LE = le32(BN254_R)
