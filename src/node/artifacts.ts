/**
 * Reading and writing artifact directories on disk (Node only).
 * Writes are atomic at the directory level: everything goes to a temporary sibling directory that
 * replaces the target only once complete, so a failed compile leaves nothing half-written.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { randomBytes } from 'node:crypto'
import type { Manifest, ManifestBase } from '../compile/manifest.js'
import { ARTIFACT_FILES } from '../compile/manifest.js'
import { checkArtifactBytes, parseManifest } from '../compile/checkManifest.js'
import { ArtifactError } from '../errors/artifact.js'
import type { CircuitArtifact } from '../prove/artifact.js'
import type { Groth16VerificationKey } from '../prove/groth16.js'
import { vkeyHash } from '../chain/vkeyHash.js'

/** Writes `files` and `manifest.json` (of any statement) into `dir`, replacing it atomically. */
export async function writeArtifactDir({ dir, files, manifest }: { dir: string; files: Record<string, Uint8Array>; manifest: ManifestBase }): Promise<void> {
  await replaceDirAtomically(dir, { ...files, 'manifest.json': new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n') })
}

/**
 * Writes `files` into a temporary sibling of `dir`, then swaps it in for `dir` (whose old contents
 * are removed): readers see the old directory or the new one, never a mix.
 */
export async function replaceDirAtomically(dir: string, files: Record<string, Uint8Array>): Promise<void> {
  const target = resolve(dir)
  await mkdir(dirname(target), { recursive: true })
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${randomBytes(4).toString('hex')}`)
  await mkdir(tmp)
  try {
    for (const [name, bytes] of Object.entries(files)) await writeFile(join(tmp, name), bytes)
    const old = existsSync(target) ? `${tmp}.old` : undefined
    if (old) await rename(target, old)
    await rename(tmp, target)
    if (old) await rm(old, { recursive: true, force: true })
  } catch (e) {
    await rm(tmp, { recursive: true, force: true })
    throw e
  }
}

/** Reads one artifact file of `dir`, checking its hash against the manifest. */
export async function readArtifactFile(dir: string, manifest: ManifestBase, name: string): Promise<Uint8Array> {
  let bytes: Uint8Array
  try {
    // A view of the Buffer's own memory (new Uint8Array(buffer) would copy the whole file).
    const b = await readFile(join(dir, name))
    bytes = new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
  } catch (e) {
    throw new ArtifactError(`Cannot read artifact "${name}" in ${dir}.`, { file: join(dir, name), cause: e })
  }
  return checkArtifactBytes(manifest, name, bytes)
}

/** Reads and parses `dir/manifest.json`. */
export async function readManifest(dir: string): Promise<Manifest> {
  let text: string
  try {
    text = await readFile(join(dir, 'manifest.json'), 'utf8')
  } catch (e) {
    throw new ArtifactError(`No artifact directory at ${dir} (manifest.json is missing).`, { file: join(dir, 'manifest.json'), cause: e })
  }
  return parseManifest(text, join(dir, 'manifest.json'))
}

/**
 * An artifact directory, decoded (`loadArtifactDir`). Not the browser runtime's `LoadedArtifacts`
 * (checked raw bytes for the workers): this one holds parsed objects for Node.
 */
export type LoadArtifactDirReturnType = { dir: string; manifest: Manifest; circuit: CircuitArtifact; vkey: Groth16VerificationKey; zkey?: Uint8Array | undefined }

/**
 * Loads what proving (or, with `zkey: false`, verifying) needs from an artifact directory; every
 * file is checked against the manifest's sha256.
 * @throws ArtifactError / ArtifactHashMismatchError
 */
export async function loadArtifactDir(dir: string, { zkey = true }: { zkey?: boolean } = {}): Promise<LoadArtifactDirReturnType> {
  const manifest = await readManifest(dir)
  const dec = new TextDecoder()
  const circuit = JSON.parse(dec.decode(await readArtifactFile(dir, manifest, ARTIFACT_FILES.circuit))) as CircuitArtifact
  const vkey = JSON.parse(dec.decode(await readArtifactFile(dir, manifest, ARTIFACT_FILES.vkey))) as Groth16VerificationKey
  if (manifest.vkeyHash !== undefined && vkeyHash(vkey) !== manifest.vkeyHash)
    throw new ArtifactError('vkey.json does not match the manifest\'s vkeyHash.', { file: join(dir, ARTIFACT_FILES.vkey) })
  return { dir, manifest, circuit, vkey, zkey: zkey ? await readArtifactFile(dir, manifest, ARTIFACT_FILES.zkey) : undefined }
}
