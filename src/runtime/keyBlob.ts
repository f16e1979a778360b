/**
 * The proving key as a `Blob` on its way to the prover worker. A Blob crosses `postMessage` as a
 * handle (its bytes stay in the browser's blob storage, in memory or on disk, not in the page's or
 * the worker's heap), so the worker can stream the key into the wasm prover's memory a slice at a
 * time through {@link blobZkeyReader}: the key is then held once in the worker, by the prover,
 * never also as one `ArrayBuffer` beside it. A Blob is immutable, so a key checked once (its bytes
 * before wrapping, or the Blob itself with {@link blobSha256Hex}) is the key the prover reads.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { ArtifactError } from '../errors/artifact.js'
import { toHex } from '../utils/hex.js'
import type { ZkeyReader } from '../../wasm/zkey.js'

/** The largest slice read from a key Blob at once (the prover asks for up to 4 MiB per read). */
export const KEY_READ_CHUNK = 1 << 20

/** A slice of `blob` as bytes; throws when the Blob holds fewer bytes than asked for. */
async function sliceBytes(blob: Blob, start: number, end: number, file: string): Promise<Uint8Array> {
  const part = new Uint8Array(await blob.slice(start, end).arrayBuffer())
  if (part.length !== end - start) throw new ArtifactError(`Artifact "${file}" is truncated.`, { file, details: `read ${part.length} of ${end - start} bytes at ${start}` })
  return part
}

/**
 * A random-access {@link ZkeyReader} over a key Blob for `createWasmProver`: each read copies at
 * most {@link KEY_READ_CHUNK} bytes out of the Blob at a time into the prover's memory.
 * @param blob the `circuit.zkey` bytes (already checked against the manifest)
 * @param file the file name for errors (default `circuit.zkey`)
 * @throws ArtifactError (from `read`) when a range lies past the end of the Blob
 */
export function blobZkeyReader(blob: Blob, file = 'circuit.zkey'): ZkeyReader {
  return {
    size: blob.size,
    async read(into, position) {
      if (position < 0 || position + into.length > blob.size) {
        throw new ArtifactError(`Artifact "${file}" is truncated.`, { file, details: `range ${position}+${into.length} past ${blob.size} bytes` })
      }
      for (let off = 0; off < into.length; off += KEY_READ_CHUNK) {
        const end = Math.min(into.length, off + KEY_READ_CHUNK)
        into.set(await sliceBytes(blob, position + off, position + end, file), off)
      }
    },
  }
}

/**
 * sha256 of a Blob, read {@link KEY_READ_CHUNK} bytes at a time (WebCrypto has no incremental
 * digest, so this is @noble/hashes: slower than `crypto.subtle`, but never holds the whole file).
 * @returns lower-case hex, no prefix
 */
export async function blobSha256Hex(blob: Blob, file = 'circuit.zkey'): Promise<string> {
  const h = sha256.create()
  for (let at = 0; at < blob.size; at += KEY_READ_CHUNK) h.update(await sliceBytes(blob, at, Math.min(blob.size, at + KEY_READ_CHUNK), file))
  return toHex(h.digest())
}
