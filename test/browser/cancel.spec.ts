/**
 * Cancellation and worker failures: an AbortSignal mid-proof rejects with an AbortError and the next
 * proof succeeds; a worker that fails to load or crashes rejects instead of hanging.
 */
import { test, expect, manifestUrl } from './fixtures.js'
import { readExpected } from './artifacts.js'

test('abort mid-proof rejects with AbortError; the next proof succeeds', async ({ open }) => {
  const page = await open()
  const expected = await readExpected('mlp')
  const res = await page.evaluate(
    async ({ url, input }) => {
      const prover = await zkml.createProver(url, { allowInsecureSetup: true })
      try {
        const controller = new AbortController()
        const t0 = performance.now()
        let abortedAt = 0
        const aborted = await zkml.attempt(() =>
          prover.prove(input, {
            signal: controller.signal,
            onProgress: (p) => {
              // Abort once snarkjs is inside the proof (after a multi-exponentiation step started).
              if (p.stage === 'prove' && p.fraction > 0.3 && !abortedAt) {
                abortedAt = performance.now()
                controller.abort(new Error('user cancelled'))
              }
            },
          }),
        )
        const rejectedAfter = performance.now() - abortedAt
        const next = await prover.prove(input)
        const ok = (await prover.verify(next)).valid
        // Aborting before the start rejects at once and leaves the prover usable.
        const pre = new AbortController()
        pre.abort()
        const early = await zkml.attempt(() => prover.prove(input, { signal: pre.signal }))
        const third = await prover.prove(input)
        return { aborted, abortedAfterMs: abortedAt - t0, rejectedAfter, ok, early, thirdOk: (await prover.verify(third)).valid }
      } finally {
        await prover.dispose()
      }
    },
    { url: manifestUrl('mlp'), input: expected.input },
  )
  expect(res.aborted.ok).toBe(false)
  expect((res.aborted as any).error.name).toBe('AbortError')
  expect((res.aborted as any).error.isZkmlError).toBe(true)
  // The stage that was running (snarkjs inside the proof), and the reason given to abort().
  expect((res.aborted as any).error).toMatchObject({ stage: 'prove', reason: { name: 'Error', message: 'user cancelled' } })
  expect(res.abortedAfterMs).toBeGreaterThan(0)
  expect(res.rejectedAfter).toBeLessThan(1000) // rejects promptly, without waiting for the proof
  expect(res.ok).toBe(true)
  expect((res.early as any).error.name).toBe('AbortError')
  expect(res.thirdOk).toBe(true)
})

test('controller.abort(reason) and AbortSignal.timeout() during the download reject with AbortError (stage download), not ArtifactFetchError', async ({ open }) => {
  const page = await open()
  const res = await page.evaluate(async (url) => {
    // /artifacts/slow/ trickles circuit.zkey in over ~6 s; cache: false so it is really fetched.
    const controller = new AbortController()
    const t0 = performance.now()
    const withReason = await zkml.attempt(() =>
      zkml.proveInference(url, new Float32Array(784), {
        allowInsecureSetup: true,
        cache: false,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.stage === 'download' && p.file === 'circuit.zkey' && p.fraction > 0 && !controller.signal.aborted) controller.abort(new Error('user left the page'))
        },
      }),
    )
    const t1 = performance.now()
    const timedOut = await zkml.attempt(() => zkml.createProver(url, { allowInsecureSetup: true, cache: false, signal: AbortSignal.timeout(1500) }))
    const t2 = performance.now()
    const loadOnly = await zkml.attempt(() => zkml.loadArtifacts({ source: url, cache: false, signal: AbortSignal.timeout(1000) }))
    return { withReason, timedOut, loadOnly, firstMs: t1 - t0, timeoutMs: t2 - t1 }
  }, manifestUrl('slow'))
  expect(res.withReason).toMatchObject({ ok: false, error: { name: 'AbortError', isZkmlError: true, stage: 'download', reason: { name: 'Error', message: 'user left the page' } } })
  expect((res.withReason as any).error.message).toMatch(/Cancelled during download[\s\S]*user left the page/)
  expect(res.timedOut).toMatchObject({ ok: false, error: { name: 'AbortError', stage: 'download', reason: { name: 'TimeoutError' } } })
  expect(res.loadOnly).toMatchObject({ ok: false, error: { name: 'AbortError', stage: 'download', reason: { name: 'TimeoutError' } } })
  // Both rejected long before the ~6 s download could have finished.
  expect(res.firstMs).toBeLessThan(4000)
  expect(res.timeoutMs).toBeLessThan(4000)
})

test('an abort after the download, while the workers start, names the startup stage', async ({ open }) => {
  const page = await open()
  const res = await page.evaluate(async (url) => {
    const loaded = await zkml.loadArtifacts({ source: url })
    const controller = new AbortController()
    // Loaded artifacts: nothing to download, so the workers are starting when the abort comes.
    const pending = zkml.attempt(() => zkml.createProver(loaded, { allowInsecureSetup: true, signal: controller.signal }))
    setTimeout(() => controller.abort('changed my mind'), 0)
    return pending
  }, manifestUrl('mlp'))
  expect(res).toMatchObject({ ok: false, error: { name: 'AbortError', stage: 'startup', reason: 'changed my mind' } })
})

test('abort during download rejects with AbortError', async ({ open }) => {
  const page = await open()
  const res = await page.evaluate(async (url) => {
    const controller = new AbortController()
    return zkml.attempt(() =>
      zkml.proveInference(url, new Float32Array(784), {
        allowInsecureSetup: true,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.stage === 'download' && p.fraction > 0) controller.abort()
        },
      }),
    )
  }, manifestUrl('mlp'))
  expect(res.ok).toBe(false)
  expect((res as any).error).toMatchObject({ name: 'AbortError', stage: 'download' })
})

test('a worker that fails to load, or crashes mid-call, rejects with WorkerCrashedError', async ({ open }) => {
  const page = await open()
  const res = await page.evaluate(async (url) => {
    const withWorkers = (prover: 'missing' | 'crashing', inference?: 'missing') =>
      zkml.attempt(() =>
        zkml.createProver(url, {
          allowInsecureSetup: true,
          workers: { prover: zkml.brokenWorkers[prover], ...(inference ? { inference: zkml.brokenWorkers[inference] } : {}) },
        }),
      )
    return {
      missing: await withWorkers('missing'),
      crashing: await withWorkers('crashing'),
      inferenceMissing: await zkml.attempt(() => zkml.createProver(url, { allowInsecureSetup: true, workers: { inference: zkml.brokenWorkers.missing } })),
      verifyMissing: await zkml.attempt(() => zkml.verifyInference({ proof: { pi_a: ['1', '2', '1'], pi_b: [['1', '2'], ['3', '4'], ['1', '0']], pi_c: ['1', '2', '1'], protocol: 'groth16', curve: 'bn128' }, publicSignals: [] }, url, { worker: zkml.brokenWorkers.missing, allowInsecureSetup: true })),
    }
  }, manifestUrl('mlp'))
  expect(res.missing).toMatchObject({ ok: false, error: { name: 'WorkerCrashedError', worker: 'prover', phase: 'load' } })
  expect(res.crashing).toMatchObject({ ok: false, error: { name: 'WorkerCrashedError', worker: 'prover', phase: 'run' } })
  expect((res.crashing as any).error.message).toContain('simulated worker crash')
  expect(res.inferenceMissing).toMatchObject({ ok: false, error: { name: 'WorkerCrashedError', worker: 'inference', phase: 'load' } })
  expect(res.verifyMissing).toMatchObject({ ok: false, error: { name: 'WorkerCrashedError', phase: 'load' } })
})

test('dispose rejects pending proofs with ProverDisposedError and refuses new ones', async ({ open }) => {
  const page = await open()
  const expected = await readExpected('mlp')
  const res = await page.evaluate(
    async ({ url, input }) => {
      const prover = await zkml.createProver(url, { allowInsecureSetup: true })
      const pending = zkml.attempt(() => prover.prove(input, { onProgress: (p) => p.stage === 'prove' && void prover.dispose() }))
      return { pending: await pending, after: await zkml.attempt(() => prover.prove(input)) }
    },
    { url: manifestUrl('mlp'), input: expected.input },
  )
  expect(res.pending).toMatchObject({ ok: false, error: { name: 'ProverDisposedError' } })
  expect(res.after).toMatchObject({ ok: false, error: { name: 'ProverDisposedError' } })
})
