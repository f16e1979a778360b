/**
 * snarkjs as the reference prover (`prover: 'snarkjs'`) is capped like ours at MAX_THREADS = 4:
 * ffjavascript has no thread count, only single-threaded or one `blob:` sub-worker per core, so
 * the runtime keeps one per core up to 4 cores and proves single-threaded above
 * (`snarkjsThreading` in src/runtime/worker/prover.ts). The sub-workers are counted for real: every
 * worker of the page, nested ones included, through the DevTools protocol, on this machine's cores.
 * (More cores cannot be emulated here: `Emulation.setHardwareConcurrencyOverride` changes the page's
 * `navigator.hardwareConcurrency` but not its workers'; the above-MAX_THREADS case is tested in
 * Node, src/runtime/snarkjsThreads.test.ts, on the curve snarkjs proves with.)
 */
import { test, expect, manifestUrl } from './fixtures.js'
import { readExpected } from './artifacts.js'
import { watchWorkerMemory } from './workerMemory.js'

const MAX_THREADS = 4

test(`snarkjs's prover starts one sub-worker per core, at most ${MAX_THREADS}`, async ({ open, context }) => {
  const page = await open()
  const expected = await readExpected('mlp')
  const workers = await watchWorkerMemory(context, page)
  try {
    const res = await page.evaluate(
      async ({ url, input }) => {
        const p = await zkml.createProver(url, { allowInsecureSetup: true, prover: 'snarkjs' })
        ;(globalThis as unknown as { prover: typeof p }).prover = p
        const proof = await p.prove(input)
        // The core count the prover worker sees (the same as the page's without emulation).
        return { cores: navigator.hardwareConcurrency, valid: (await p.verify(proof)).valid }
      },
      { url: manifestUrl('mlp'), input: expected.input },
    )
    const all = await workers.sample()
    const sub = all.filter((w) => w.url.startsWith('blob:'))
    const prover = all.filter((w) => w.url.includes('prover.worker'))
    await page.evaluate(() => (globalThis as unknown as { prover: { dispose(): Promise<void> } }).prover.dispose())
    console.log(`cores ${res.cores}: ${all.length} workers, ${sub.length} blob: sub-workers`)
    expect(res.valid).toBe(true)
    expect(prover).toHaveLength(1)
    // The documented behaviour: one per core up to MAX_THREADS cores, none above.
    expect(sub).toHaveLength(res.cores > MAX_THREADS ? 0 : res.cores)
  } finally {
    await workers.detach()
  }
})
