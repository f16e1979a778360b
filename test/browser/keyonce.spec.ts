/**
 * The proving key is held once: created from a URL, the prover transfers the downloaded key to its
 * worker (the page's buffer is detached, `artifacts.files.zkey` is gone), and a worker restarted
 * after a cancellation gets the key again from Cache Storage (or the network with `cache: false`)
 * and still proves. The worker factory wraps the runtime's own and records what `postMessage` transfers.
 */
import { test, expect, manifestUrl } from './fixtures.js'
import { readExpected } from './artifacts.js'

for (const cache of [true, false]) {
  test(`the page does not keep the proving key; a restarted worker still proves (cache: ${cache})`, async ({ open }) => {
    const page = await open()
    const expected = await readExpected('mlp')
    const res = await page.evaluate(
      async ({ url, input, cache }) => {
        await zkml.clearArtifactCache()
        const sent: { buffer: ArrayBuffer; size: number }[] = []
        const prover = (() => {
          const w = zkml.createProverWorker()
          const post = w.postMessage.bind(w) as (m: unknown, t?: Transferable[]) => void
          w.postMessage = ((m: unknown, t?: Transferable[] | StructuredSerializeOptions) => {
            const list = Array.isArray(t) ? t : (t?.transfer ?? [])
            for (const b of list) if (b instanceof ArrayBuffer) sent.push({ buffer: b, size: b.byteLength })
            post(m, list)
          }) as Worker['postMessage']
          return w
        }) as () => Worker
        let zkeyFetches = 0
        const counting: typeof fetch = (input, init) => {
          if (String(input instanceof Request ? input.url : input).endsWith('/circuit.zkey')) zkeyFetches++
          return fetch(input, init)
        }
        const p = await zkml.createProver(url, { allowInsecureSetup: true, cache, fetch: counting, workers: { prover } })
        try {
          const manifest = p.manifest as unknown as { files: Record<string, { size: number }> }
          const keySize = manifest.files['circuit.zkey']!.size
          const afterLoad = { hasZkey: 'zkey' in p.artifacts.files, keys: sent.filter((s) => s.size === keySize).map((s) => s.buffer.byteLength) }
          const first = await p.prove(input)
          const firstOk = (await p.verify(first)).valid
          // Cancel mid-proof: the worker is terminated, so the next proof starts a fresh one.
          const controller = new AbortController()
          const aborted = await zkml.attempt(() =>
            p.prove(input, { signal: controller.signal, onProgress: (e) => e.stage === 'prove' && e.fraction > 0.3 && controller.abort(new Error('cancel')) }),
          )
          const sentBeforeRestart = sent.length
          const next = await p.prove(input)
          const restartKeys = sent.slice(sentBeforeRestart).filter((s) => s.size === keySize).map((s) => s.buffer.byteLength)
          return { keySize, afterLoad, firstOk, aborted, nextOk: (await p.verify(next)).valid, restartKeys, zkeyFetches }
        } finally {
          await p.dispose()
        }
      },
      { url: manifestUrl('mlp'), input: expected.input, cache },
    )
    // The key went to the worker as a transfer, leaving the page's buffer detached, and the set no longer holds it.
    expect(res.keySize).toBeGreaterThan(0)
    expect(res.afterLoad).toEqual({ hasZkey: false, keys: [0] })
    expect(res.firstOk).toBe(true)
    expect(res.aborted).toMatchObject({ ok: false, error: { name: 'AbortError', stage: 'prove' } })
    // The restarted worker got the key again (transferred too) and proves.
    expect(res.restartKeys).toEqual([0])
    expect(res.nextOk).toBe(true)
    // From the cache (no second request) or, uncached, fetched again.
    expect(res.zkeyFetches).toBe(cache ? 1 : 2)
  })
}

test('an app-owned loaded set keeps its key (sent as a copy) and its prover survives a restart', async ({ open }) => {
  const page = await open()
  const expected = await readExpected('mlp')
  const res = await page.evaluate(
    async ({ url, input }) => {
      const loaded = await zkml.loadArtifacts({ source: url })
      const size = loaded.files.zkey!.byteLength
      const p = await zkml.createProver(loaded, { allowInsecureSetup: true })
      try {
        const controller = new AbortController()
        await zkml.attempt(() => p.prove(input, { signal: controller.signal, onProgress: (e) => e.stage === 'prove' && e.fraction > 0.3 && controller.abort() }))
        const next = await p.prove(input)
        return { size, after: loaded.files.zkey?.byteLength, same: p.artifacts === loaded, ok: (await p.verify(next)).valid }
      } finally {
        await p.dispose()
      }
    },
    { url: manifestUrl('mlp'), input: expected.input },
  )
  expect(res.size).toBeGreaterThan(0)
  expect(res.after).toBe(res.size)
  expect(res.same).toBe(true)
  expect(res.ok).toBe(true)
})

test('createStatementProver from a URL also transfers the key and re-reads it for a restarted worker', async ({ open }) => {
  const page = await open()
  const expected = await readExpected('mlp')
  const res = await page.evaluate(
    async ({ url, input }) => {
      await zkml.clearArtifactCache()
      const p = await zkml.createStatementProver({ artifacts: url, statement: 'model', allowInsecureSetup: true, cache: false })
      try {
        const controller = new AbortController()
        const aborted = await zkml.attempt(() =>
          p.prove({ input }, { signal: controller.signal, onProgress: (e) => e.stage === 'prove' && e.fraction > 0.3 && controller.abort() }),
        )
        const next = await p.prove({ input })
        const verified = await zkml.verifyInference({ proof: next.proof, publicSignals: next.publicSignals }, url, { allowInsecureSetup: true })
        return { hasZkey: 'zkey' in p.artifacts.files, aborted, valid: verified.valid }
      } finally {
        await p.dispose()
      }
    },
    { url: manifestUrl('mlp'), input: expected.input },
  )
  expect(res.hasZkey).toBe(false)
  expect(res.aborted).toMatchObject({ ok: false, error: { name: 'AbortError' } })
  expect(res.valid).toBe(true)
})
