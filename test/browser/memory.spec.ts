/**
 * Memory: 20 proofs in a row from one createProver must not grow the workers' memory without bound.
 * Measured after every proof with CDP heap usage of every worker (nested ones included, after a
 * forced GC); with ZKML_UA_MEMORY=1 also with performance.measureUserAgentSpecificMemory() after
 * proofs 3 and 20 (the page and all its workers, wasm memories included; it waits for the workers'
 * next GC, 20–60 s per call here, hence opt-in). Measured once: 41.0 MB → 41.3 MB.
 */
import { test, expect, manifestUrl } from './fixtures.js'
import { readExpected } from './artifacts.js'
import { watchWorkerMemory } from './workerMemory.js'

test('20 proofs from one prover without unbounded memory growth', async ({ open, context }) => {
  test.setTimeout(process.env.ZKML_UA_MEMORY === '1' ? 400_000 : 180_000)
  const page = await open()
  const expected = await readExpected('mlp')
  const heaps = await watchWorkerMemory(context, page)
  await page.evaluate(async (url) => {
    ;(globalThis as unknown as { prover: unknown }).prover = await zkml.createProver(url, { allowInsecureSetup: true })
  }, manifestUrl('mlp'))
  // measureUserAgentSpecificMemory waits for the workers' next GC (20–60 s each here): opt-in.
  const withUa = process.env.ZKML_UA_MEMORY === '1'
  const measure = () =>
    page.evaluate(async () => {
      type Measure = { bytes: number; breakdown: { bytes: number; attribution: { scope: string }[] }[] }
      const m = await (performance as unknown as { measureUserAgentSpecificMemory(): Promise<Measure> }).measureUserAgentSpecificMemory()
      return { total: m.bytes, workers: m.breakdown.filter((b) => b.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope')).reduce((a, b) => a + b.bytes, 0) }
    })
  const cdp: { i: number; workers: number; used: number; backing: number }[] = []
  const ua: Record<number, { total: number; workers: number }> = {}
  for (let i = 1; i <= 20; i++) {
    const ok = await page.evaluate(async (input) => {
      const prover = (globalThis as unknown as { prover: Awaited<ReturnType<typeof zkml.createProver>> }).prover
      return (await prover.prove(input)).publicSignals.length > 0
    }, expected.input)
    expect(ok).toBe(true)
    const h = await heaps.sample()
    cdp.push({ i, workers: h.length, used: h.reduce((a, x) => a + x.usedSize, 0), backing: h.reduce((a, x) => a + x.backingStorageSize, 0) })
    if (withUa && (i === 3 || i === 20)) ua[i] = await measure()
  }
  await page.evaluate(() => (globalThis as unknown as { prover: { dispose(): Promise<void> } }).prover.dispose())
  await heaps.detach()
  const mb = (x: number) => (x / 2 ** 20).toFixed(1)
  console.log(cdp.map((s) => `#${s.i}: ${s.workers} workers, JS heap ${mb(s.used)} MB, array buffers ${mb(s.backing)} MB`).join('\n'))
  if (withUa) console.log(`measureUserAgentSpecificMemory: #3 ${mb(ua[3]!.total)} MB (workers ${mb(ua[3]!.workers)}), #20 ${mb(ua[20]!.total)} MB (workers ${mb(ua[20]!.workers)})`)

  // The workers were seen (prover, inference and their threads).
  expect(cdp[19]!.workers).toBeGreaterThanOrEqual(3)
  // After warm-up, memory stays bounded: proof 20 within 25% + 16 MB of proof 3 on both measures,
  // and proofs 10 → 20 grow less than if each leaked a witness or a copy of the 4 MB proving key.
  const at = (i: number) => cdp[i - 1]!
  if (withUa) {
    expect(ua[20]!.total).toBeLessThan(ua[3]!.total * 1.25 + 16 * 2 ** 20)
    expect(ua[20]!.workers).toBeLessThan(ua[3]!.workers * 1.25 + 16 * 2 ** 20)
  }
  expect(at(20).used + at(20).backing).toBeLessThan((at(3).used + at(3).backing) * 1.25 + 16 * 2 ** 20)
  expect(at(20).used + at(20).backing - (at(10).used + at(10).backing)).toBeLessThan(10 * 4 * 2 ** 20)
})
