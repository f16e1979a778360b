/**
 * Artifact loading and caching: the second page load proves with zero artifact downloads; a changed
 * manifest hash re-fetches (and prunes the old entries); a tampered cached file is detected,
 * evicted, reported and re-fetched; a tampered or truncated served file is an error; the dev setup
 * is refused unless allowed, before any file is downloaded.
 */
import { test, expect, manifestUrl } from './fixtures.js'
import { readExpected } from './artifacts.js'

const FILES = ['circuit.json', 'circuit.zkey', 'model.onnx', 'vkey.json']
const artifactFiles = (reqs: { url: string }[]) => reqs.filter((r) => /\/artifacts\//.test(r.url) && !r.url.endsWith('/manifest.json'))

test('the second page load proves with zero artifact downloads', async ({ open, requests }) => {
  const page = await open()
  const expected = await readExpected('mlp')
  const prove = () =>
    page.evaluate(
      async ({ url, input }) => {
        const loaded = await zkml.loadArtifacts({ source: url })
        const result = await zkml.proveInference(loaded, input, { allowInsecureSetup: true })
        return { stats: loaded.stats, verified: (await zkml.verifyInference(result, url, { allowInsecureSetup: true })).valid }
      },
      { url: manifestUrl('mlp'), input: expected.input },
    )
  const first = await prove()
  expect(first.verified).toBe(true)
  expect(Object.values(first.stats.sources)).toEqual(['network', 'network', 'network', 'network'])
  expect(first.stats.downloadedBytes).toBeGreaterThan(4_000_000)
  expect(await page.evaluate(() => zkml.cachedFiles())).toEqual(FILES)

  await page.reload()
  await open(page)
  const before = requests.length
  const second = await prove()
  expect(second.verified).toBe(true)
  expect(second.stats.downloadedBytes).toBe(0)
  expect(Object.values(second.stats.sources)).toEqual(['cache', 'cache', 'cache', 'cache'])
  expect(artifactFiles(requests.slice(before))).toEqual([])
})

test('a new manifest hash re-fetches the files and prunes the old ones', async ({ open, request }) => {
  await request.post('/__control/current?variant=mlp')
  const page = await open()
  const expected = await readExpected('mlp')
  const load = () => page.evaluate((url) => zkml.loadArtifacts({ source: url }).then((l) => ({ stats: l.stats, hash: l.manifest.modelHash })), manifestUrl('current'))
  const v1 = await load()
  expect(v1.stats.downloadedBytes).toBeGreaterThan(0)
  expect((await load()).stats.downloadedBytes).toBe(0)
  await request.post('/__control/current?variant=mlp-v2')
  const v2 = await load()
  await request.post('/__control/current?variant=mlp')
  expect(v2.hash).not.toBe(v1.hash)
  expect(Object.values(v2.stats.sources)).toEqual(['network', 'network', 'network', 'network'])
  expect(v2.stats.pruned.sort()).toEqual(FILES)
  expect(await page.evaluate(() => zkml.cachedFiles())).toEqual(FILES)
})

test('a tampered cached file is detected, evicted, reported and fetched again', async ({ open, requests }) => {
  const page = await open()
  const expected = await readExpected('mlp')
  await page.evaluate((url) => zkml.loadArtifacts({ source: url }), manifestUrl('mlp'))
  expect(await page.evaluate(() => zkml.tamperCachedFile('circuit.zkey'))).toBe(true)
  const before = requests.length
  const res = await page.evaluate(
    async ({ url, input }) => {
      const loaded = await zkml.loadArtifacts({ source: url })
      const result = await zkml.proveInference(loaded, input, { allowInsecureSetup: true })
      return { stats: loaded.stats, verified: (await zkml.verifyInference(result, url, { allowInsecureSetup: true })).valid }
    },
    { url: manifestUrl('mlp'), input: expected.input },
  )
  expect(res.stats.evicted).toEqual(['circuit.zkey'])
  expect(res.stats.sources['circuit.zkey']).toBe('network')
  expect(res.stats.sources['circuit.json']).toBe('cache')
  expect(res.verified).toBe(true)
  expect(artifactFiles(requests.slice(before)).map((r) => r.url.split('/').at(-1))).toEqual(['circuit.zkey'])
})

test('a tampered or truncated served file is an error, never a proof', async ({ open }) => {
  const page = await open()
  const expected = await readExpected('mlp')
  const res = await page.evaluate(
    async ({ input }) => ({
      tampered: await zkml.attempt(() => zkml.proveInference('/artifacts/tampered/manifest.json', input, { allowInsecureSetup: true })),
      truncated: await zkml.attempt(() => zkml.proveInference('/artifacts/truncated/', input, { allowInsecureSetup: true })),
      missing: await zkml.attempt(() => zkml.proveInference('/artifacts/nope/manifest.json', input, { allowInsecureSetup: true })),
      cached: await zkml.cachedFiles(),
    }),
    { input: expected.input },
  )
  expect(res.tampered).toMatchObject({ ok: false, error: { name: 'ArtifactHashMismatchError', file: 'circuit.zkey' } })
  expect(res.truncated).toMatchObject({ ok: false, error: { name: 'ArtifactHashMismatchError', file: 'circuit.zkey' } })
  expect(res.missing).toMatchObject({ ok: false, error: { name: 'ArtifactFetchError', file: 'manifest.json' } })
  // Nothing bad was cached: only the good files of the same sets.
  expect(res.cached).not.toContain('circuit.zkey')
})

test('the dev setup is refused unless allowInsecureSetup, before any file download', async ({ open, requests }) => {
  const page = await open()
  const before = requests.length
  const res = await page.evaluate((url) => zkml.attempt(() => zkml.proveInference(url, new Float32Array(784))), manifestUrl('mlp'))
  expect(res).toMatchObject({ ok: false, error: { name: 'InsecureSetupError', setupKind: 'dev-insecure' } })
  expect((res as any).error.message).toContain('allowInsecureSetup')
  expect(artifactFiles(requests.slice(before))).toEqual([])
  const prover = await page.evaluate((url) => zkml.attempt(() => zkml.createProver(url)), manifestUrl('mlp'))
  expect(prover).toMatchObject({ ok: false, error: { name: 'InsecureSetupError' } })
  // The verifier side too: a proof against a key someone could forge means nothing to a verifier.
  const verified = await page.evaluate(
    (url) => zkml.attempt(() => zkml.verifyInference({ proof: { pi_a: ['1', '2', '1'], pi_b: [['1', '2'], ['3', '4'], ['1', '0']], pi_c: ['1', '2', '1'], protocol: 'groth16', curve: 'bn128' }, publicSignals: [] }, url)),
    manifestUrl('mlp'),
  )
  expect(verified).toMatchObject({ ok: false, error: { name: 'InsecureSetupError', setupKind: 'dev-insecure', operation: 'verify' } })
  expect(artifactFiles(requests.slice(before))).toEqual([])
})

test('in-memory artifacts prove without any artifact request', async ({ open, requests }) => {
  const page = await open()
  const expected = await readExpected('mlp')
  const before = requests.length
  const res = await page.evaluate(
    async ({ input }) => {
      // The app got the bytes some other way (here: fetched by hand, outside the runtime).
      const get = async (f: string) => new Uint8Array(await (await fetch(`/artifacts/mlp/${f}`)).arrayBuffer())
      const files: Record<string, Uint8Array> = {}
      for (const f of ['model.onnx', 'circuit.json', 'circuit.zkey', 'vkey.json']) files[f] = await get(f)
      const manifest = await get('manifest.json')
      const marker = performance.now()
      const result = await zkml.proveInference({ manifest, files }, input, { allowInsecureSetup: true })
      const bad = { ...files, 'circuit.zkey': files['circuit.zkey']!.slice(1) }
      return {
        marker,
        verified: (await zkml.verifyInference(result, { manifest, files }, { allowInsecureSetup: true })).valid,
        download: result.timings.download,
        tampered: await zkml.attempt(() => zkml.proveInference({ manifest, files: bad }, input, { allowInsecureSetup: true })),
      }
    },
    { input: expected.input },
  )
  expect(res.verified).toBe(true)
  expect(res.tampered).toMatchObject({ ok: false, error: { name: 'ArtifactHashMismatchError', file: 'circuit.zkey' } })
  // Only the five hand-made fetches hit /artifacts/.
  expect(requests.slice(before).filter((r) => r.url.includes('/artifacts/'))).toHaveLength(5)
})
