/**
 * Proving in a browser: serves `page/` (which imports `createProver` and `proveInference` from
 * `@zkml/web`) with exported artifacts, opens it in headless Chromium and calls the page's
 * `proveSignal` / `proveSignalWarm`. Results come back as the JSON a page would send; the caller
 * submits them.
 */
import { join } from 'node:path'
import type { ProveInferenceJson } from '@zkml/web'
import { launchChromium } from '../shared/chromium.js'
import { startPageServer } from '../shared/server.js'

/** Parameters of {@link proveInChromium}. */
export type ProveInChromiumParameters = {
  /** The exported browser files (`exportWeb`), served as `/artifacts/model/`. */
  webDir: string
  /** Proofs to make in one page, in order. */
  jobs: { features: ArrayLike<number>; message: bigint }[]
  /**
   * `cold` (default): each job is one `proveInference` call (workers started and stopped per call;
   * the first also downloads the artifacts into an empty cache). `warm`: one `createProver` handle
   * for all jobs (the first pays the start-up).
   */
  mode?: 'cold' | 'warm' | undefined
}

/** One browser proof and the wall time of its call (ms). */
export type BrowserProof = { result: ProveInferenceJson; ms: number }

/**
 * Proves each job in one headless Chromium page.
 * @returns the browser's version and the results, as JSON
 */
export async function proveInChromium({ webDir, jobs, mode = 'cold' }: ProveInChromiumParameters): Promise<{ browser: string; proofs: BrowserProof[] }> {
  const server = await startPageServer({ root: join(import.meta.dirname, 'page'), mounts: { '/artifacts/model/': webDir }, cacheName: 'example-vault' })
  const browser = await launchChromium()
  try {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(server.url)
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready', undefined, { timeout: 120_000 })
    const proofs: BrowserProof[] = []
    for (const job of jobs) {
      const p = { manifestUrl: '/artifacts/model/manifest.json', features: Array.from(job.features), message: job.message.toString() }
      const t0 = performance.now()
      const result = await (mode === 'warm' ? page.evaluate((q) => window.proveSignalWarm(q), p) : page.evaluate((q) => window.proveSignal(q), p))
      proofs.push({ result, ms: performance.now() - t0 })
    }
    if (errors.length) throw new Error(`the page reported errors: ${errors.join('; ')}`)
    return { browser: `Chromium ${browser.version()} headless`, proofs }
  } finally {
    await browser.close()
    await server.close()
  }
}
