/**
 * sha256 of artifact bytes with WebCrypto (`crypto.subtle.digest`, off the JS thread), falling back
 * to @noble/hashes where WebCrypto is missing (insecure contexts).
 */
import { sha256Hex, toHex } from '../utils/hex.js'

/**
 * Hashes `bytes` with sha256.
 * @returns lower-case hex, no prefix
 */
export async function digestSha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle
  if (!subtle) return sha256Hex(bytes)
  return toHex(new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)))
}
