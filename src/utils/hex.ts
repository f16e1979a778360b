/** Hex and hashing helpers (browser-safe). */
import { sha256 } from '@noble/hashes/sha2.js'

/** Lower-case hex of bytes, no prefix. */
export function toHex(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += b.toString(16).padStart(2, '0')
  return s
}

/** sha256 of bytes as lower-case hex (no prefix). */
export function sha256Hex(bytes: Uint8Array): string {
  return toHex(sha256(bytes))
}

/** UTF-8 encodes a string. */
export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s)
}
