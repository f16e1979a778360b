/**
 * `zkml export DIR --web OUT`: copies the files a browser prover needs — and nothing else — out of
 * an artifact directory, so an app serves `OUT/` and never ships `circuit.r1cs` (the constraint
 * system: megabytes no browser reads) or the Solidity sources by mistake (Node only).
 */
import { readdir, readFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { ARTIFACT_FILES } from '../compile/manifest.js'
import { ArtifactError } from '../errors/artifact.js'
import { readArtifactFile, readManifest, replaceDirAtomically } from './artifacts.js'

/**
 * The public set: what `proveInference` / `createProver` (all four files) and `verifyInference`
 * (`circuit.json`, `vkey.json`) fetch, plus the manifest that pins them by sha256.
 */
export const WEB_FILES = ['manifest.json', ARTIFACT_FILES.model, ARTIFACT_FILES.circuit, ARTIFACT_FILES.zkey, ARTIFACT_FILES.vkey] as const

/** Parameters of {@link exportWeb}. */
export type ExportWebParameters = {
  /** The artifact directory `compile` wrote. */
  dir: string
  /** Where to write the public set: a new directory, or one that holds only an earlier export. */
  out: string
}
export type ExportWebReturnType = { out: string; files: { name: string; size: number }[] }
export type ExportWebErrorType = ArtifactError

/**
 * Writes the browser's files of `dir` into `out`, replacing an earlier export atomically. Each file
 * is checked against the manifest's sha256 first; `manifest.json` is copied byte for byte (it still
 * lists every file, the browser fetches only these).
 * @param parameters {@link ExportWebParameters}
 * @returns the directory and the files written with their sizes
 * @throws {ArtifactError} When `dir` is not an artifact directory or a file fails its hash check
 *   (`ArtifactHashMismatchError`), when `out` is `dir` itself, or when `out` holds files of its own
 *   (it is replaced as a whole, so it must be a new directory or an earlier export).
 * @example
 * import { exportWeb } from '@zkml/web/node'
 * await exportWeb({ dir: 'artifacts/mnist', out: 'public/models/mnist' })
 * // serve public/models/mnist/, then proveInference('/models/mnist/manifest.json', pixels)
 */
export async function exportWeb({ dir, out }: ExportWebParameters): Promise<ExportWebReturnType> {
  const from = resolve(dir)
  const to = resolve(out)
  if (from === to || from.startsWith(to + sep)) throw new ArtifactError('The web export cannot replace the artifact directory it reads.', { file: to, details: 'Give --web a new directory, e.g. public/models/<name>.' })
  const manifest = await readManifest(dir)
  if (existsSync(to)) {
    const others = (await readdir(to)).filter((f) => !(WEB_FILES as readonly string[]).includes(f))
    if (others.length)
      throw new ArtifactError(`${out} holds files that are not a web export (${others.slice(0, 5).join(', ')}${others.length > 5 ? ', …' : ''}); it would be replaced as a whole.`, {
        file: to,
        details: 'Give --web a new directory (or an earlier export of these artifacts), e.g. public/models/<name>.',
      })
  }
  const files: Record<string, Uint8Array> = {}
  for (const name of WEB_FILES.slice(1)) files[name] = await readArtifactFile(dir, manifest, name)
  files['manifest.json'] = new Uint8Array(await readFile(join(dir, 'manifest.json')))
  await replaceDirAtomically(to, files)
  return { out: relative(process.cwd(), to) || '.', files: WEB_FILES.map((name) => ({ name, size: files[name]!.length })) }
}
