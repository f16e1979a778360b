/**
 * Browser benchmark for the identity proof (IrisCode match + Merkle membership + nullifier) the way
 * the dApp makes it: `createStatementProver({ statement: 'identity' })` on the artifact set's URL in
 * headless Chromium (wasm prover, cross-origin isolated, the browser tests' page built with
 * `vite build` and served by `vite preview`; the set is built here with a dev setup and written to
 * `.cache/browser-test/bench-identity/`).
 *
 *   cold  the prover's first proof (its worker pays the provers' warm-up; artifacts already loaded)
 *   warm  the median of `--warm` further proofs on the same prover, each a fresh scan of the same
 *         enrolled identity with its own scope: wall time from the call to the proof, and the
 *         worker's prove step alone (witness excluded)
 *
 * Every proof is checked with snarkjs in Node against the set's verification key.
 *
 * Run: npx tsx bench/browser-identity.bench.ts [--warm 5] [--threads N]
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-core'
import type { TestPage } from '../test/browser/page/main.js'
import { buildIdentityArtifacts } from '../src/identity/artifacts.js'
import { createIdentity } from '../src/identity/identity.js'
import { capture, irisStrip } from '../src/identity/iris.js'
import { merkleProof } from '../src/identity/merkle.js'
import { releaseSnarkjs, verifyGroth16, type Groth16Proof } from '../src/prove/groth16.js'
import { ARTIFACTS, REPO, emit, log, median } from './lib/util.js'
import { runCommand, waitForHttp } from './lib/processes.js'

/** What this bench emits. */
export type BrowserIdentityResult = {
  browser: string
  isolated: boolean
  /** `proverThreads` asked for (undefined: the runtime's default). */
  threads?: number | undefined
  constraints: number
  /** The first proof of the prover (wall, and the worker's prove step). */
  coldMs: number
  coldProveStepMs: number
  warmRuns: number
  /** Warm proofs: wall time of `prover.prove`, then the worker's witness and prove steps (medians). */
  warmMs: number
  warmAll: number[]
  witnessStepMs: number
  proveStepMs: number
}

declare const zkml: TestPage

const { values } = parseArgs({ options: { warm: { type: 'string', default: '5' }, threads: { type: 'string' } } })
const WARM = Number(values.warm)
/** `proverThreads` (default: the runtime's, min(cores, 4) when isolated). */
const THREADS = values.threads === undefined ? undefined : Number(values.threads)
const PORT = Number(process.env.ZKML_BENCH_PORT ?? 5194)
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SET = 'bench-identity'

/** JSON with bigints and byte arrays tagged (page.evaluate takes plain JSON). */
const encode = (x: unknown) => JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v instanceof Uint8Array ? { $bytes: [...v] } : v))

log('identity artifacts (lower + dev setup)')
const built = await buildIdentityArtifacts({ onnx: await readFile(join(REPO, 'models', 'iriscode.onnx')) })
const dir = join(ARTIFACTS, SET)
await mkdir(dir, { recursive: true })
await writeFile(join(dir, 'manifest.json'), JSON.stringify(built.manifest, null, 2))
for (const [name, bytes] of Object.entries(built.files)) await writeFile(join(dir, name), bytes)

// One enrolled identity among seven leaves; each proof is a fresh scan with its own scope.
const strip = irisStrip({ seed: 'bench' })
const id = createIdentity({ capture: capture({ strip, seed: 'enroll' }) })
const leaves = [...Array.from({ length: 6 }, (_, k) => BigInt(1000 + k)), id.leaf]
const path = merkleProof({ leaves, leaf: id.leaf })
const inputs = Array.from({ length: WARM + 1 }, (_, k) =>
  encode({ capture: capture({ strip, seed: `scan-${k}`, shift: (k % 3) - 1 }), template: id.template, salt: id.salt, secret: id.secret, merkleProof: path, scope: BigInt(k + 1), message: 1n }),
)

log('vite build (test page)')
await runCommand('npx', ['vite', 'build', '--config', 'test/browser/vite.config.ts'], REPO)
const server: ChildProcess = spawn('npx', ['vite', 'preview', '--config', 'test/browser/vite.config.ts', '--port', String(PORT), '--strictPort'], { cwd: REPO, stdio: 'ignore', detached: true })
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
})
try {
  await waitForHttp(`http://localhost:${PORT}/`)
  const page = await browser.newPage()
  await page.goto(`http://localhost:${PORT}/`)
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready')
  const runs = await page.evaluate(
    async ({ url, inputs, threads }) => {
      // (No named functions in here: tsx's __name helper does not exist in the page.)
      const decoded = inputs.map((s) =>
        JSON.parse(s, (_k, v: unknown) => {
          const t = v as { $bigint?: string; $bytes?: number[] } | null
          if (t && typeof t === 'object' && typeof t.$bigint === 'string') return BigInt(t.$bigint)
          if (t && typeof t === 'object' && Array.isArray(t.$bytes)) return new Uint8Array(t.$bytes)
          return v
        }) as never,
      )
      const prover = await zkml.createStatementProver({ artifacts: url, statement: 'identity', allowInsecureSetup: true, proverThreads: threads })
      const out: { wall: number; witness: number; prove: number; warm: boolean; proof: unknown; publicSignals: string[] }[] = []
      try {
        for (const input of decoded) {
          const t0 = performance.now()
          const r = await prover.prove(input)
          out.push({ wall: performance.now() - t0, witness: r.timings.witness, prove: r.timings.prove, warm: r.warm, proof: r.proof, publicSignals: r.publicSignals })
        }
      } finally {
        await prover.dispose()
      }
      return { isolated: globalThis.crossOriginIsolated === true, out }
    },
    { url: `/artifacts/${SET}/manifest.json`, inputs, threads: THREADS },
  )
  for (const r of runs.out) {
    if (!(await verifyGroth16({ vkey: built.vkey as never, proof: r.proof as Groth16Proof, publicSignals: r.publicSignals }))) throw new Error('a browser identity proof does not verify')
  }
  const [cold, ...warm] = runs.out
  if (!cold || cold.warm || warm.some((w) => !w.warm)) throw new Error('expected one cold proof, then warm ones')
  log(`identity (Chromium): cold ${cold.wall.toFixed(0)} ms (prove step ${cold.prove.toFixed(0)} ms); warm ${warm.map((w) => w.wall.toFixed(0)).join(', ')} ms; prove steps ${warm.map((w) => w.prove.toFixed(0)).join(', ')} ms (isolated: ${runs.isolated})`)
  const result: BrowserIdentityResult = {
    browser: `Chromium ${browser.version()} headless, wasm`,
    isolated: runs.isolated,
    threads: THREADS,
    constraints: built.circuit.nConstraints,
    coldMs: cold.wall,
    coldProveStepMs: cold.prove,
    warmRuns: warm.length,
    warmMs: median(warm.map((w) => w.wall)),
    warmAll: warm.map((w) => w.wall),
    witnessStepMs: median(warm.map((w) => w.witness)),
    proveStepMs: median(warm.map((w) => w.prove)),
  }
  emit(result)
} finally {
  await browser.close()
  if (server.pid) process.kill(-server.pid)
  await releaseSnarkjs()
}
