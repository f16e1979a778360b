/**
 * Memory: 20 proofs in a row from one createProver must not grow the workers' memory without bound.
 * Measured with performance.measureUserAgentSpecificMemory() (the page and all its workers,
 * wasm memories included; needs cross-origin isolation) and the prover worker's JS heap.
 */
import { test, expect, manifestUrl } from './fixtures.js'
import { readExpected } from './artifacts.js'

test('20 proofs from one prover without unbounded memory growth', async ({ open }) => {
  test.setTimeout(600_000)
  const page = await open()
  const expected = await readExpected('mlp')
  const samples = await page.evaluate(
    async ({ url, input }) => {
      type Measure = { bytes: number; breakdown: { bytes: number; types: string[]; attribution: { scope: string }[] }[] }
      const measure = (performance as unknown as { measureUserAgentSpecificMemory(): Promise<Measure> }).measureUserAgentSpecificMemory
      const prover = await zkml.createProver(url, { allowInsecureSetup: true })
      const out: { i: number; total: number; workers: number; proverHeap: number | undefined; ok: boolean }[] = []
      try {
        for (let i = 1; i <= 20; i++) {
          const r = await prover.prove(input)
          const ok = r.publicSignals.length > 0
          const m = await measure.call(performance)
          const workers = m.breakdown.filter((b) => b.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope')).reduce((a, b) => a + b.bytes, 0)
          out.push({ i, total: m.bytes, workers, proverHeap: (await prover.workerMemory()).usedJSHeapSize, ok })
        }
      } finally {
        await prover.dispose()
      }
      return out
    },
    { url: manifestUrl('mlp'), input: expected.input },
  )
  const mb = (x: number) => (x / 2 ** 20).toFixed(1)
  console.log(samples.map((s) => `#${s.i} total ${mb(s.total)} MB, workers ${mb(s.workers)} MB, prover heap ${s.proverHeap === undefined ? '-' : mb(s.proverHeap)} MB`).join('\n'))
  expect(samples.every((s) => s.ok)).toBe(true)
  // After warm-up (proof 5) memory stays within a bound: no more than 25% + 16 MB above it at proof 20,
  // and the last five proofs grow by less than 8 MB in all (a leak of one witness or key copy per
  // proof would add several MB each).
  const at = (i: number) => samples[i - 1]!
  expect(at(20).total).toBeLessThan(at(5).total * 1.25 + 16 * 2 ** 20)
  expect(at(20).workers).toBeLessThan(at(5).workers * 1.25 + 16 * 2 ** 20)
  expect(Math.max(...samples.slice(15).map((s) => s.total)) - Math.min(...samples.slice(14, 16).map((s) => s.total))).toBeLessThan(8 * 2 ** 20 + at(5).total * 0.1)
})
