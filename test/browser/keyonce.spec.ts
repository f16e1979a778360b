/**
 * The proving key is held once: created from a URL, the prover hands its worker the downloaded key
 * as a Blob (a handle: no key-sized buffer crosses `postMessage`, `artifacts.files.zkey` is gone),
 * and the worker streams it into the wasm prover a megabyte at a time (never one key-sized buffer
 * in the worker). A worker restarted after a cancellation gets the key again from Cache Storage
 * (or the network with `cache: false`) and still proves; a key that no longer matches the manifest
 * is refused with ArtifactHashMismatchError before any worker sees it.
 *
 * Observed for real: the page wraps the worker's `postMessage` and walks every message for Blobs and
 * buffers; the worker is the runtime's prover API behind a probe (page/keyProbe.worker.ts) that
 * records what `init` received and every buffer read out of a Blob or Response during `init`.
 */
import { test, expect, manifestUrl } from './fixtures.js'
import { readExpected } from './artifacts.js'

const KEY_READ_CHUNK = 1 << 20

for (const cache of [true, false]) {
  test(`the key reaches the worker as a Blob, streamed into the prover in slices; a restarted worker still proves (cache: ${cache})`, async ({ open }) => {
    const page = await open()
    const expected = await readExpected('mlp')
    const res = await page.evaluate(
      async ({ url, input, cache }) => {
        await zkml.clearArtifactCache()
        const { prover, probes, posted } = zkml.keyProbeWorkers()
        let zkeyFetches = 0
        const counting: typeof fetch = (input, init) => {
          if (String(input instanceof Request ? input.url : input).endsWith('/circuit.zkey')) zkeyFetches++
          return fetch(input, init)
        }
        const p = await zkml.createProver(url, { allowInsecureSetup: true, cache, fetch: counting, workers: { prover } })
        try {
          const manifest = p.manifest as unknown as { files: Record<string, { size: number }> }
          const keySize = manifest.files['circuit.zkey']!.size
          const hasZkey = 'zkey' in p.artifacts.files
          const first = await p.prove(input)
          const firstOk = (await p.verify(first)).valid
          // Cancel mid-proof: the worker is terminated, so the next proof starts a fresh one.
          const controller = new AbortController()
          const aborted = await zkml.attempt(() =>
            p.prove(input, { signal: controller.signal, onProgress: (e) => e.stage === 'prove' && e.fraction > 0.3 && controller.abort(new Error('cancel')) }),
          )
          const next = await p.prove(input)
          const nextOk = (await p.verify(next)).valid
          const keyBlobs = posted.flatMap((m) => m.blobs).filter((b) => b === keySize).length
          const largestPosted = Math.max(0, ...posted.flatMap((m) => m.buffers))
          return { keySize, hasZkey, firstOk, aborted, nextOk, zkeyFetches, keyBlobs, largestPosted, probes: [...probes] }
        } finally {
          await p.dispose()
        }
      },
      { url: manifestUrl('mlp'), input: expected.input, cache },
    )
    // The key must be larger than one slice for "read in slices" to mean anything.
    expect(res.keySize).toBeGreaterThan(2 * KEY_READ_CHUNK)
    expect(res.hasZkey).toBe(false)
    expect(res.firstOk).toBe(true)
    expect(res.aborted).toMatchObject({ ok: false, error: { name: 'AbortError', stage: 'prove' } })
    expect(res.nextOk).toBe(true)
    // Two workers, each handed the key once as a Blob; no key-sized buffer ever crossed postMessage.
    expect(res.keyBlobs).toBe(2)
    expect(res.largestPosted).toBeLessThan(res.keySize / 2)
    // Each worker read the whole key out of the Blob, never more than a slice at a time.
    expect(res.probes).toHaveLength(2)
    for (const probe of res.probes) {
      expect(probe).toMatchObject({ kind: 'Blob', size: res.keySize, ok: true })
      expect(probe.largestRead).toBeLessThanOrEqual(KEY_READ_CHUNK)
      // (All of its sections: the prover skips only section headers and fields it does not use, ~1 KiB.)
      expect(probe.totalRead).toBeGreaterThan(res.keySize * 0.99)
      expect(probe.reads).toBeGreaterThanOrEqual(Math.ceil(res.keySize / KEY_READ_CHUNK))
    }
    // From the cache (no second request) or, uncached, fetched again.
    expect(res.zkeyFetches).toBe(cache ? 1 : 2)
  })
}

test('a restarted worker never gets a key that no longer matches the manifest; a good key afterwards proves again', async ({ open }) => {
  const page = await open()
  const expected = await readExpected('mlp')
  const res = await page.evaluate(
    async ({ url, input }) => {
      await zkml.clearArtifactCache()
      const { prover, probes } = zkml.keyProbeWorkers()
      let serveBad = false
      let zkeyFetches = 0
      const serving: typeof fetch = async (input, init) => {
        const res = await fetch(input, init)
        if (!String(input instanceof Request ? input.url : input).endsWith('/circuit.zkey')) return res
        zkeyFetches++
        if (!serveBad) return res
        const bytes = new Uint8Array(await res.arrayBuffer())
        bytes[bytes.length >> 1]! ^= 1
        return new Response(bytes, { status: 200, headers: res.headers })
      }
      const p = await zkml.createProver(url, { allowInsecureSetup: true, fetch: serving, workers: { prover } })
      const restart = () => {
        const controller = new AbortController()
        return zkml.attempt(() => p.prove(input, { signal: controller.signal, onProgress: (e) => e.stage === 'prove' && e.fraction > 0.3 && controller.abort() }))
      }
      try {
        const first = (await p.verify(await p.prove(input))).valid
        // The cached key is tampered with and the server now sends a different key too.
        const tampered = await zkml.tamperCachedFile('circuit.zkey')
        serveBad = true
        const aborted = await restart()
        const refused = await zkml.attempt(() => p.prove(input))
        const probesAfterRefusal = probes.length
        const cachedAfterRefusal = await zkml.cachedFiles()
        // The server is fixed: the next proof fetches the right key and proves.
        serveBad = false
        const again = await zkml.attempt(async () => (await p.verify(await p.prove(input))).valid)
        return { first, tampered, aborted, refused, probesAfterRefusal, cachedAfterRefusal, again, zkeyFetches, probes: [...probes] }
      } finally {
        await p.dispose()
      }
    },
    { url: manifestUrl('mlp'), input: expected.input },
  )
  expect(res.first).toBe(true)
  expect(res.tampered).toBe(true)
  expect(res.aborted).toMatchObject({ ok: false, error: { name: 'AbortError' } })
  // The tampered cache entry was evicted, the served key refused with the typed error...
  expect(res.refused).toMatchObject({ ok: false, error: { name: 'ArtifactHashMismatchError', file: 'circuit.zkey', isZkmlError: true } })
  expect(res.cachedAfterRefusal).not.toContain('circuit.zkey')
  // ...before any worker was initialised with it (one init so far: the first worker's).
  expect(res.probesAfterRefusal).toBe(1)
  expect(res.again).toEqual({ ok: true, value: true })
  expect(res.probes.map((p) => p.ok)).toEqual([true, true])
  // First load, the refused re-fetch, the good one.
  expect(res.zkeyFetches).toBe(3)
})

test('an app-owned loaded set keeps its key (each worker gets a Blob of it) and its prover survives a restart', async ({ open }) => {
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

test('createStatementProver from a URL also drops the loaded key and re-reads it for a restarted worker', async ({ open }) => {
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
