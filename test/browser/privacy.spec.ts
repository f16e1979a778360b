/**
 * Privacy and input checks: every request the page and its workers make is recorded (in the
 * browser and at the server); after the artifacts are loaded, proving makes none, and no URL or
 * body anywhere carries the input. Bad input is refused before any artifact file is downloaded.
 */
import { test, expect, manifestUrl, type RecordedRequest } from './fixtures.js'
import { readExpected } from './artifacts.js'

type ServerLog = { method: string; url: string; bodyBytes: number; body: string }[]

/** Renderings of the input a leak could use: float32 bytes (hex, base64, latin1), JSON, decimal text. */
function inputFingerprints(input: number[]): string[] {
  const f32 = new Uint8Array(Float32Array.from(input).buffer)
  const nonZero = input.findIndex((x) => x !== 0 && x !== 1)
  const window = Buffer.from(f32.subarray(nonZero * 4, nonZero * 4 + 32))
  return [
    window.toString('hex'),
    window.toString('base64').slice(0, 24),
    window.toString('latin1'),
    JSON.stringify(input.slice(nonZero, nonZero + 4)).slice(1, -1),
    String(input[nonZero]),
    String(Math.fround(input[nonZero]!)),
  ]
}

test('after loading, proving makes no request; no request carries the input', async ({ open, requests, request }) => {
  const page = await open()
  const expected = await readExpected('mlp')
  await request.delete('/__requests')
  const before = requests.length
  const marks = await page.evaluate(
    async ({ url, input }) => {
      const prover = await zkml.createProver(url, { allowInsecureSetup: true })
      const loadedAt = Date.now()
      const results = []
      for (let i = 0; i < 2; i++) {
        const r = await prover.prove(input)
        results.push((await prover.verify(r)).valid)
      }
      const provedAt = Date.now()
      await prover.dispose()
      return { loadedAt, provedAt, results }
    },
    { url: manifestUrl('mlp'), input: expected.input },
  )
  expect(marks.results).toEqual([true, true])
  const session = requests.slice(before)
  const server = (await (await request.get('/__requests')).json()) as ServerLog
  console.log(`${session.length} requests in the browser, ${server.length} at the server`)

  // The workers' own loads are seen (so the recorder sees worker traffic at all).
  expect(session.some((r) => r.url.includes('prover.worker'))).toBe(true)
  expect(session.some((r) => /ort-wasm.*\.wasm/.test(r.url))).toBe(true)
  expect(server.some((r) => /ort-wasm.*\.wasm/.test(r.url))).toBe(true)
  expect(session.some((r) => r.url.endsWith('/circuit.zkey'))).toBe(true)

  // Nothing after the prover was ready.
  const late = session.filter((r: RecordedRequest) => r.at > marks.loadedAt)
  expect(late, late.map((r) => r.url).join('\n')).toEqual([])

  // No URL or body carries the input, in any rendering; no request has a body at all.
  const prints = inputFingerprints(expected.input)
  for (const r of session) {
    expect(r.method).toBe('GET')
    expect(r.postData).toBeNull()
    for (const p of prints) expect(decodeURIComponent(r.url)).not.toContain(p)
  }
  for (const r of server) {
    expect(r.bodyBytes).toBe(0)
    for (const p of prints) expect(decodeURIComponent(r.url)).not.toContain(p)
  }
  // Every request stayed on this origin.
  for (const r of session) expect(new URL(r.url).host === new URL(page.url()).host || r.url.startsWith('blob:') || r.url.startsWith('data:')).toBe(true)
})

test('bad input is refused before any artifact file is downloaded', async ({ open, requests }) => {
  const page = await open()
  const expected = await readExpected('mlp')
  const before = requests.length
  const res = await page.evaluate(
    async ({ url, input }) => ({
      short: await zkml.attempt(() => zkml.proveInference(url, input.slice(1), { allowInsecureSetup: true })),
      nan: await zkml.attempt(() => zkml.proveInference(url, input.map((x, i) => (i === 3 ? NaN : x)), { allowInsecureSetup: true })),
      range: await zkml.attempt(() => zkml.proveInference(url, input.map((x, i) => (i === 5 ? 1e6 : x)), { allowInsecureSetup: true })),
      name: await zkml.attempt(() => zkml.proveInference(url, { pixels: input }, { allowInsecureSetup: true })),
    }),
    { url: manifestUrl('mlp'), input: expected.input },
  )
  expect(res.short.ok || (res.short as any).error.name).toBe('InvalidInputError')
  expect(res.nan.ok || (res.nan as any).error.name).toBe('InvalidInputError')
  expect(res.range.ok || (res.range as any).error.name).toBe('InputRangeError')
  expect(res.name.ok || (res.name as any).error.name).toBe('InvalidInputError')
  const files = requests.slice(before).filter((r) => r.url.includes('/artifacts/') && !r.url.endsWith('manifest.json'))
  expect(files).toEqual([])
})

test('clamp: an out-of-range input is clamped and proven when asked', async ({ open }) => {
  const page = await open()
  const expected = await readExpected('mlp')
  const res = await page.evaluate(
    async ({ url, input }) =>
      zkml.attempt(async () => {
        const big = input.map((x, i) => (i === 5 ? 1e6 : x))
        const clamped = await zkml.proveInference(url, big, { allowInsecureSetup: true, clamp: true })
        return { verified: (await zkml.verifyInference(clamped, url, { allowInsecureSetup: true })).valid, maxAbsError: clamped.maxAbsError }
      }),
    { url: manifestUrl('mlp'), input: expected.input },
  )
  expect(res.ok && (res.value as any).verified).toBe(true)
})
