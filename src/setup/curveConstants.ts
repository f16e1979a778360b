/** BN254 constants as the key files store them. */
import { BASE_FIELD_PRIME, FIELD_PRIME } from '../circuit/field.js'

const le32 = (x: bigint): Uint8Array => {
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) {
    out[i] = Number(x & 0xffn)
    x >>= 8n
  }
  return out
}

/** q and r as 32-byte little-endian integers (the headers of `.ptau` / `.zkey`). */
export const Q_BYTES_LE = le32(BASE_FIELD_PRIME)
export const R_BYTES_LE = le32(FIELD_PRIME)
