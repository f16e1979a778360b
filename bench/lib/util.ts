/**
 * Small shared helpers of the benchmark scripts: statistics, formatting, the child-process protocol
 * (children print progress to stderr and one `@@result <json>` line to stdout), and paths.
 */
import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'

export const REPO = resolve(import.meta.dirname, '../..')
/** Where compiled benchmark artifacts go; served by the browser test server as `/artifacts/bench-…/`. */
export const ARTIFACTS = join(REPO, '.cache/browser-test')
export const RESULTS = join(REPO, 'bench/results')
/** The published comparison figures (read at bench time, never copied into the repo). */
export const ANCHORS_DIR = resolve(REPO, '../shared/anchors')

export type WeightsMode = 'constant' | 'private'

/** Artifact directory name of a model in a weights mode. */
export const artifactName = (model: string, weights: WeightsMode) => `bench-${model.replace(/_/g, '-')}-${weights}`

export const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

/** Peak resident set size of this process so far, in MiB. */
export const peakRssMiB = () => process.resourceUsage().maxRSS / 1024

export const log = (s: string) => process.stderr.write(`${s}\n`)

/** Prints the child's result line. */
export function emit(result: unknown): void {
  process.stdout.write(`@@result ${JSON.stringify(result)}\n`)
}

/**
 * Runs `npx tsx script args…` in the repo, streaming its stderr (indented) and returning the
 * `@@result` JSON it printed.
 */
export function runChild<T>(script: string, args: string[], { indent = '    ', env = {} }: { indent?: string; env?: Record<string, string> } = {}): Promise<T> {
  return new Promise((ok, fail) => {
    const p = spawn(process.execPath, ['--import', 'tsx', join(REPO, script), ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
    let out = ''
    let errTail = ''
    p.stdout.on('data', (d: Buffer) => (out += d.toString()))
    p.stderr.on('data', (d: Buffer) => {
      const s = d.toString()
      errTail = (errTail + s).slice(-4000)
      process.stderr.write(s.replace(/^(?=.)/gm, indent))
    })
    p.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('@@result '))
      if (code !== 0 || !line) return fail(new Error(`${script} ${args.join(' ')} exited ${code}${line ? '' : ' without a result'}\n${errTail}`))
      ok(JSON.parse(line.slice('@@result '.length)) as T)
    })
  })
}

/** Runs `fn` and returns its result and wall time in ms. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now()
  const r = await fn()
  return [r, performance.now() - t0]
}
