/**
 * Browser benchmark: proveInference for the MNIST-size MLP (784-56-10, dev setup) in headless
 * Chromium (wasm backend, cross-origin isolated, production `vite build` of the test page served by
 * `vite preview`) beside the same proof in Node, as a ratio.
 *
 *   cold         a fresh browser context: empty Cache Storage and HTTP cache; artifacts downloaded,
 *                workers started, onnxruntime-web and snarkjs loaded — the first visit
 *   second visit a page reload in the same context: artifacts from Cache Storage, workers started anew
 *   warm         `prover.prove` on a prover that already proved once (keys and curve warm)
 *   Node         `proveWithArtifacts` from an artifact directory: first call (snarkjs and its curve
 *                load) and warm calls
 *
 * Run: npx tsx bench/browser.bench.ts   (prints a table and one JSON line; writes nothing)
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { join, resolve } from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { ensureArtifacts, ARTIFACT_ROOT, readExpected } from '../test/browser/artifacts.js'
import { loadArtifactDir } from '../src/node/artifacts.js'
import { proveWithArtifacts } from '../src/prove/prove.js'
import { releaseSnarkjs } from '../src/prove/groth16.js'
import type { TestPage } from '../test/browser/page/main.js'
import { runCommand, waitForHttp } from './lib/processes.js'

const repo = resolve(import.meta.dirname, '..')
const PORT = Number(process.env.ZKML_BENCH_PORT ?? 5192)
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const COLD_RUNS = 3
const WARM_RUNS = 5

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!
const now = () => performance.now()

const run = (cmd: string, args: string[]) => runCommand(cmd, args, repo)

type PageTiming = { total: number; timings: Record<string, number> }

async function openPage(page: Page): Promise<void> {
  await page.goto(`http://localhost:${PORT}/`)
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready')
}

/** One proveInference in the page, wall time from the call to the result. */
function proveOnce(page: Page, input: number[]): Promise<PageTiming> {
  return page.evaluate(async (input) => {
    const t0 = performance.now()
    const r = await zkml.proveInference('/artifacts/mlp/manifest.json', input, { allowInsecureSetup: true })
    return { total: performance.now() - t0, timings: r.timings }
  }, input)
}

/** createProver, one proof to warm up, then `runs` timed proofs. */
function proveWarm(page: Page, input: number[], runs: number): Promise<number[]> {
  return page.evaluate(
    async ({ input, runs }) => {
      const prover = await zkml.createProver('/artifacts/mlp/manifest.json', { allowInsecureSetup: true })
      await prover.prove(input)
      const times: number[] = []
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now()
        await prover.prove(input)
        times.push(performance.now() - t0)
      }
      await prover.dispose()
      return times
    },
    { input, runs },
  )
}

declare const zkml: TestPage

async function main(): Promise<void> {
  await ensureArtifacts()
  const { input } = await readExpected('mlp')

  // Node first (the browser is not running yet).
  const art = await loadArtifactDir(join(ARTIFACT_ROOT, 'mlp'))
  let t0 = now()
  await proveWithArtifacts({ circuit: art.circuit, zkey: art.zkey!, input })
  const nodeCold = now() - t0
  const nodeWarm: number[] = []
  for (let i = 0; i < WARM_RUNS; i++) {
    t0 = now()
    await proveWithArtifacts({ circuit: art.circuit, zkey: art.zkey!, input })
    nodeWarm.push(now() - t0)
  }
  await releaseSnarkjs()

  await run('npx', ['vite', 'build', '--config', 'test/browser/vite.config.ts'])
  const server: ChildProcess = spawn('npx', ['vite', 'preview', '--config', 'test/browser/vite.config.ts', '--port', String(PORT), '--strictPort'], { cwd: repo, stdio: 'ignore', detached: true })
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
  })
  try {
    await waitForHttp(`http://localhost:${PORT}/`)
    const cold: PageTiming[] = []
    const second: PageTiming[] = []
    for (let i = 0; i < COLD_RUNS; i++) {
      const context = await browser.newContext()
      const page = await context.newPage()
      await openPage(page)
      cold.push(await proveOnce(page, input))
      await page.reload()
      await openPage(page)
      second.push(await proveOnce(page, input))
      await context.close()
    }
    const context = await browser.newContext()
    const page = await context.newPage()
    await openPage(page)
    const warm = await proveWarm(page, input, WARM_RUNS)
    await context.close()

    const row = {
      model: 'MLP 784-56-10 (dev setup)',
      browser: `Chromium ${browser.version()} headless, wasm`,
      coldMs: median(cold.map((c) => c.total)),
      coldStages: cold[cold.length >> 1]!.timings,
      secondVisitMs: median(second.map((c) => c.total)),
      warmMs: median(warm),
      nodeColdMs: nodeCold,
      nodeWarmMs: median(nodeWarm),
    }
    const ratio = (a: number, b: number) => (a / b).toFixed(2)
    console.log('| proveInference, MNIST MLP | browser (ms) | Node (ms) | browser / Node |')
    console.log('| --- | ---: | ---: | ---: |')
    console.log(`| cold (first visit) | ${row.coldMs.toFixed(0)} | ${row.nodeColdMs.toFixed(0)} | ${ratio(row.coldMs, row.nodeColdMs)} |`)
    console.log(`| second visit (cached artifacts) | ${row.secondVisitMs.toFixed(0)} | ${row.nodeColdMs.toFixed(0)} | ${ratio(row.secondVisitMs, row.nodeColdMs)} |`)
    console.log(`| warm (createProver) | ${row.warmMs.toFixed(0)} | ${row.nodeWarmMs.toFixed(0)} | ${ratio(row.warmMs, row.nodeWarmMs)} |`)
    console.log(JSON.stringify({ bench: 'browser', ...row }))
  } finally {
    await browser.close()
    if (server.pid) process.kill(-server.pid)
  }
}

main().catch((e) => {
  console.error(e)
  process.exitCode = 1
})
