/**
 * Browser benchmark for compiled benchmark models: `proveInference` in headless Chromium (wasm
 * backend, cross-origin isolated, the browser tests' page built with `vite build` and served by
 * `vite preview`, which serves `.cache/browser-test/<artifact>/` as `/artifacts/<artifact>/`).
 * The same machinery as bench/browser.bench.ts, for any artifact directory.
 *
 *   cold  a fresh browser context (empty caches): download, start workers, load onnxruntime-web and
 *         snarkjs, run the model, prove — a first visit (median of `--cold` contexts)
 *   warm  `prover.prove` on a `createProver` prover that already proved once (median of `--warm`),
 *         with our wasm prover (the default) and with `prover: 'snarkjs'`, interleaved in one page
 *         (order alternating), so the ratio of the two medians comes from the same load
 *
 * Run: npx tsx bench/browser-models.bench.ts ARTIFACT=INPUT.json … [--cold 2] [--warm 5]
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { chromium, type Page } from 'playwright-core'
import type { TestPage } from '../test/browser/page/main.js'
import { REPO, emit, log, median } from './lib/util.js'
import { runCommand, waitForHttp } from './lib/processes.js'

export type BrowserResult = {
  browser: string
  models: {
    artifact: string
    coldMs: number
    coldAll: number[]
    coldStages: Record<string, number>
    /** Warm proofs with the default (wasm) prover. */
    warmMs: number
    warmAll: number[]
    /** Warm proofs with `prover: 'snarkjs'`, interleaved with the wasm ones. */
    snarkjsWarmMs?: number | undefined
    snarkjsWarmAll?: number[] | undefined
    /** The worker's prove step alone (witness excluded), medians. */
    proveStepMs?: number | undefined
    snarkjsProveStepMs?: number | undefined
    /** crossOriginIsolated in the page (wasm prover threads). */
    isolated?: boolean | undefined
  }[]
}

declare const zkml: TestPage

const { positionals, values } = parseArgs({ allowPositionals: true, options: { cold: { type: 'string', default: '2' }, warm: { type: 'string', default: '5' } } })
const PORT = Number(process.env.ZKML_BENCH_PORT ?? 5193)
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const run = (cmd: string, args: string[]) => runCommand(cmd, args, REPO)

async function openPage(page: Page): Promise<void> {
  await page.goto(`http://localhost:${PORT}/`)
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready')
}

const jobs = await Promise.all(
  positionals.map(async (p) => {
    const [artifact, inputFile] = p.split('=') as [string, string]
    const json = JSON.parse(await readFile(inputFile, 'utf8')) as { input_data: number[][] }
    return { artifact, input: json.input_data[0]! }
  }),
)

log('vite build (test page)')
await run('npx', ['vite', 'build', '--config', 'test/browser/vite.config.ts'])
const server: ChildProcess = spawn('npx', ['vite', 'preview', '--config', 'test/browser/vite.config.ts', '--port', String(PORT), '--strictPort'], { cwd: REPO, stdio: 'ignore', detached: true })
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
})
const result: BrowserResult = { browser: `Chromium ${browser.version()} headless, wasm`, models: [] }
try {
  await waitForHttp(`http://localhost:${PORT}/`)
  for (const { artifact, input } of jobs) {
    const url = `/artifacts/${artifact}/manifest.json`
    const cold: { total: number; timings: Record<string, number> }[] = []
    for (let i = 0; i < Number(values.cold); i++) {
      const context = await browser.newContext()
      const page = await context.newPage()
      await openPage(page)
      cold.push(
        await page.evaluate(
          async ({ url, input }) => {
            const t0 = performance.now()
            const r = await zkml.proveInference(url, input, { allowInsecureSetup: true })
            return { total: performance.now() - t0, timings: r.timings as unknown as Record<string, number> }
          },
          { url, input },
        ),
      )
      await context.close()
      log(`${artifact}: cold ${i + 1}: ${cold.at(-1)!.total.toFixed(0)} ms`)
    }
    const context = await browser.newContext()
    const page = await context.newPage()
    await openPage(page)
    const warm = await page.evaluate(
      async ({ url, input, runs }) => {
        const provers = {
          wasm: await zkml.createProver(url, { allowInsecureSetup: true, prover: 'wasm' }),
          snarkjs: await zkml.createProver(url, { allowInsecureSetup: true, prover: 'snarkjs' }),
        }
        const out = { wasm: [] as number[], snarkjs: [] as number[], wasmStep: [] as number[], snarkjsStep: [] as number[], isolated: globalThis.crossOriginIsolated === true }
        await provers.wasm.prove(input)
        await provers.snarkjs.prove(input)
        for (let i = 0; i < runs; i++) {
          for (const kind of i % 2 ? (['snarkjs', 'wasm'] as const) : (['wasm', 'snarkjs'] as const)) {
            const t0 = performance.now()
            const r = await provers[kind].prove(input)
            out[kind].push(performance.now() - t0)
            out[kind === 'wasm' ? 'wasmStep' : 'snarkjsStep'].push((r.timings as unknown as { prove: number }).prove)
          }
        }
        await provers.wasm.dispose()
        await provers.snarkjs.dispose()
        return out
      },
      { url, input, runs: Number(values.warm) },
    )
    await context.close()
    log(`${artifact}: warm wasm ${warm.wasm.map((t) => t.toFixed(0)).join(', ')} ms; snarkjs ${warm.snarkjs.map((t) => t.toFixed(0)).join(', ')} ms (isolated: ${warm.isolated})`)
    const mid = [...cold].sort((a, b) => a.total - b.total)[cold.length >> 1]!
    result.models.push({
      artifact,
      coldMs: median(cold.map((c) => c.total)),
      coldAll: cold.map((c) => c.total),
      coldStages: mid.timings,
      warmMs: median(warm.wasm),
      warmAll: warm.wasm,
      snarkjsWarmMs: median(warm.snarkjs),
      snarkjsWarmAll: warm.snarkjs,
      proveStepMs: median(warm.wasmStep),
      snarkjsProveStepMs: median(warm.snarkjsStep),
      isolated: warm.isolated,
    })
  }
} finally {
  await browser.close()
  if (server.pid) process.kill(-server.pid)
}
emit(result)
