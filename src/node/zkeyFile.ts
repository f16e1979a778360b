/**
 * A proving key read from an artifact directory without holding it in JavaScript memory: the file
 * is opened once, its sha256 checked against the manifest by streaming it through the hash (1 MiB
 * at a time), then the wasm prover reads its sections straight into its own memory through the
 * same handle (the same file even if the path is replaced meanwhile). The key is then held once,
 * in the prover, instead of once as bytes and once in the prover.
 */
import { open, type FileHandle } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { ArtifactError, ArtifactHashMismatchError } from '../errors/artifact.js'
import { ARTIFACT_FILES, type ManifestBase } from '../compile/manifest.js'
import type { ZkeyReader } from '../../wasm/zkey.js'

/** A {@link ZkeyReader} over an open file; `close` releases the handle (safe to call twice). */
export type ZkeyFile = ZkeyReader & { path: string; close(): Promise<void> }

const CHUNK = 1 << 20

/**
 * Opens `dir/circuit.zkey` for the wasm prover after checking its hash against `manifest`.
 * @throws ArtifactError when the file cannot be read; ArtifactHashMismatchError when its hash differs
 * @example
 * const file = await openZkeyFile(dir, manifest)
 * try { prover = await createWasmProver({ zkey: file }) } finally { await file.close() }
 */
export async function openZkeyFile(dir: string, manifest: ManifestBase): Promise<ZkeyFile> {
  const name = ARTIFACT_FILES.zkey
  const path = join(dir, name)
  const entry = manifest.files[name]
  if (!entry) throw new ArtifactError(`The manifest does not list "${name}".`, { file: name })
  let fh: FileHandle
  try {
    fh = await open(path, 'r')
  } catch (e) {
    throw new ArtifactError(`Cannot read artifact "${name}" in ${dir}.`, { file: path, cause: e })
  }
  try {
    const size = (await fh.stat()).size
    const hash = createHash('sha256')
    const buf = Buffer.allocUnsafe(CHUNK)
    for (let pos = 0; pos < size; ) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(CHUNK, size - pos), pos)
      if (!bytesRead) throw new ArtifactError(`Artifact "${name}" in ${dir} shrank while being read.`, { file: path })
      hash.update(buf.subarray(0, bytesRead))
      pos += bytesRead
    }
    const actual = hash.digest('hex')
    if (actual !== entry.sha256) throw new ArtifactHashMismatchError({ file: name, expected: entry.sha256, actual })
    let closed = false
    return {
      path,
      size,
      async read(into, position) {
        for (let done = 0; done < into.length; ) {
          const { bytesRead } = await fh.read(into, done, into.length - done, position + done)
          if (!bytesRead) throw new ArtifactError(`Artifact "${name}" in ${dir} is truncated.`, { file: path })
          done += bytesRead
        }
      },
      async close() {
        if (closed) return
        closed = true
        await fh.close()
      },
    }
  } catch (e) {
    await fh.close()
    if (e instanceof ArtifactError) throw e
    throw new ArtifactError(`Cannot read artifact "${name}" in ${dir}.`, { file: path, cause: e })
  }
}
