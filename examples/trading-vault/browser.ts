/**
 * Proving the signal in a browser: serves `page/` (which imports `proveInference` from
 * `@zkml/web`) with the exported artifacts, opens it in headless Chromium and calls
 * `window.proveSignal`. The result comes back as the JSON a page would send; the caller submits it.
 */
import { join } from 'node:path'
import type { ProveInferenceJson } from '@zkml/web'
import { launchChromium } from '../shared/chromium.js'
import { startPageServer } from '../shared/server.js'

/** Parameters of {@link proveInChromium}. */
export type ProveInChromiumParameters = {
  /** The exported browser files (`exportWeb`), served as `/artifacts/signal/`. */
  webDir: string
  /** One or more proofs to make in the same page (a warm prover after the first). */
  jobs: { features: ArrayLike<number>; message: bigint }[]
}

/** One browser proof and the wall time of the `proveSignal` call (ms). */
export type BrowserProof = { result: ProveInferenceJson; ms: number }

/**
 * Proves each job in one headless Chromium page, in order.
 * @returns the results, as JSON
 */
export async function proveInChromium({ webDir, jobs }: ProveInChromiumParameters): Promise<{ browser: string; proofs: BrowserProof[] }> {
  const server = await startPageServer({ root: join(import.meta.dirname, 'page'), mounts: { '/artifacts/signal/': webDir }, cacheName: 'example-vault' })
  const browser = await launchChromium()
  try {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(server.url)
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready', undefined, { timeout: 120_000 })
    const proofs: BrowserProof[] = []
    for (const job of jobs) {
      const t0 = performance.now()
      const result = await page.evaluate((p) => window.proveSignal(p), { manifestUrl: '/artifacts/signal/manifest.json', features: Array.from(job.features), message: job.message.toString() })
      proofs.push({ result, ms: performance.now() - t0 })
    }
    if (errors.length) throw new Error(`the page reported errors: ${errors.join('; ')}`)
    return { browser: `Chromium ${browser.version()} headless`, proofs }
  } finally {
    await browser.close()
    await server.close()
  }
}
