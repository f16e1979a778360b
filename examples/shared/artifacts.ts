/**
 * Compile-once for the examples' scripts: an artifact directory under `.cache/examples/` is reused
 * while it was compiled from the same model file (sha256) with the same statement options, and
 * recompiled otherwise. Compiling uses the one-party dev setup (no `--ptau`): keys trusted only as
 * far as this machine, which is why every consumer below opts in with `allowInsecureSetup`.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { compile, exportWeb, readManifest, type CompileParameters, type Manifest } from '@zkml/web/node'
import { fileSha256 } from './files.js'
import { REPO } from './chain.js'

/** Where the examples keep their compiled artifacts (git-ignored). */
export const CACHE = join(REPO, '.cache', 'examples')

/** Parameters of {@link ensureCompiled}. */
export type EnsureCompiledParameters = Pick<CompileParameters, 'model' | 'calibration' | 'out' | 'input' | 'output' | 'message'> & {
  log?: ((line: string) => void) | undefined
  /** Recompile even when the directory is current. */
  force?: boolean | undefined
}

/** Why `out` must be recompiled, or undefined when it is current. */
async function staleness(p: EnsureCompiledParameters): Promise<string | undefined> {
  if (!existsSync(join(p.out, 'manifest.json'))) return 'not compiled yet'
  let manifest: Manifest
  try {
    manifest = await readManifest(p.out)
  } catch (e) {
    return `unreadable manifest (${(e as Error).message.split('\n')[0]})`
  }
  if (manifest.model.sha256 !== fileSha256(p.model)) return 'the model changed'
  const v = manifest.visibility
  if (v.input !== (p.input ?? 'private') || v.output !== (p.output ?? 'public') || Boolean(v.message) !== Boolean(p.message)) return 'the statement options changed'
  return undefined
}

/**
 * Compiles the model unless `out` already holds its current artifacts.
 * @returns the manifest and whether it was (re)compiled
 */
export async function ensureCompiled(p: EnsureCompiledParameters): Promise<{ manifest: Manifest; compiled: boolean }> {
  const why = p.force ? 'asked to' : await staleness(p)
  if (!why) return { manifest: await readManifest(p.out), compiled: false }
  p.log?.(`compiling ${p.model.replace(REPO + '/', '')} (${why}; one-party dev setup)…`)
  const manifest = await compile({ model: p.model, calibration: p.calibration, out: p.out, input: p.input, output: p.output, message: p.message })
  return { manifest, compiled: true }
}

/** Exports the browser's files of `dir` into `out` (replacing an earlier export). */
export async function ensureWebExport(dir: string, out: string): Promise<string> {
  await exportWeb({ dir, out })
  return out
}
