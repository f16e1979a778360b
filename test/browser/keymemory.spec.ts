/**
 * The prover worker's memory while it loads a large proving key (the transformer test set, 64 MB),
 * measured in Chromium: the ArrayBuffer backing stores of the worker (`Runtime.getHeapUsage`'s
 * `backingStorageSize`, after a forced GC, through the DevTools protocol; the wasm prover's memory
 * included), sampled while `createProver` runs and once after. The same real prover loads the key
 * two ways (page/keyProbe.worker.ts): as the runtime sends it (a Blob, read a megabyte at a time)
 * and, as the baseline, read whole into the worker first (the path before the Blob). The baseline
 * peaks above the key's size (so the measurement sees a held key); the Blob path, sampled while the
 * key loads, stays under half of it: the worker never holds the whole key beside the prover's copy.
 * (The wasm prover's memory does not show in these figures: both paths have it.)
 * Measured (5 runs, load 5–10): Blob 8.2–17.6 MiB peak, whole bytes 67.4–67.7 MiB, key 61.2 MiB.
 */
import { test, expect, manifestUrl } from './fixtures.js'
import { watchWorkerMemory } from './workerMemory.js'

type Held = { done?: { dispose(): Promise<void> }; failed?: string; probe?: { inits: { started: number }; probes: unknown[] } }

test('loading a 64 MB key: the worker never holds it whole (Blob), where reading it whole first does', async ({ open, context }) => {
  test.setTimeout(400_000)
  const page = await open()
  const keySize = await page.evaluate(async (url) => ((await (await fetch(url)).json()) as { files: Record<string, { size: number }> }).files['circuit.zkey']!.size, manifestUrl('transformer'))
  expect(keySize).toBeGreaterThan(32 * 2 ** 20)
  const figures: Record<string, { peak: number; after: number; samples: number }> = {}
  for (const keyAs of ['blob', 'bytes'] as const) {
    await open(page) // a fresh page: no worker of the previous round
    const heaps = await watchWorkerMemory(context, page)
    try {
      await page.evaluate(
        ({ url, keyAs }) => {
          const held = globalThis as unknown as Held
          const probe = zkml.keyProbeWorkers({ keyAs })
          held.probe = probe
          const prover = probe.prover
          zkml.createProver(url, { allowInsecureSetup: true, cache: false, workers: { prover } }).then(
            (p) => void (held.done = p),
            (e: unknown) => void (held.failed = String(e)),
          )
        },
        { url: manifestUrl('transformer'), keyAs },
      )
      let peak = 0
      let samples = 0
      const proverHeap = async () => (await heaps.sample((url) => url.includes('keyProbe'))).map((h) => h.backingStorageSize)
      const state = () =>
        page.evaluate(() => {
          const held = globalThis as unknown as Held
          return { done: held.done !== undefined, failed: held.failed, started: held.probe!.inits.started, ended: held.probe!.probes.length }
        })
      for (;;) {
        const before = await state()
        expect(before.failed).toBeUndefined()
        if (before.done) break
        const sizes = await proverHeap()
        const after = await state()
        peak = Math.max(peak, ...sizes)
        // A sample taken wholly inside the worker's init (the key being loaded).
        if (sizes.length && before.started === 1 && after.ended === 0) samples++
      }
      const after = Math.max(0, ...(await proverHeap()))
      figures[keyAs] = { peak, after, samples }
      await page.evaluate(() => (globalThis as unknown as Held).done!.dispose())
    } finally {
      await heaps.detach()
    }
  }
  const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`
  for (const [k, f] of Object.entries(figures)) console.log(`key as ${k}: worker backing stores peak ${mib(f.peak)} (${f.samples} samples inside init), after init ${mib(f.after)}; key ${mib(keySize)}`)
  // The baseline does hold the whole key (the measurement sees it)...
  expect(figures.bytes!.peak).toBeGreaterThan(keySize)
  // ...and the runtime's path, sampled several times while the key was loading, never half of it.
  expect(figures.blob!.samples).toBeGreaterThanOrEqual(3)
  expect(figures.blob!.peak).toBeLessThan(keySize / 2)
})
