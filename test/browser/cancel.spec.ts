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
  expect(res.abortedAfterMs).toBeGreaterThan(0)
  expect(res.rejectedAfter).toBeLessThan(1000) // rejects promptly, without waiting for the proof
  expect(res.ok).toBe(true)
  expect((res.early as any).error.name).toBe('AbortError')
  expect(res.thirdOk).toBe(true)
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
  expect((res as any).error.name).toBe('AbortError')
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
