/**
 * Progress: events arrive in stage order (download → inference → witness → prove), fractions
 * never decrease within a stage, each stage ends at 1, and download events count bytes.
 */
import { test, expect, manifestUrl } from './fixtures.js'
import { readExpected } from './artifacts.js'

const ORDER = ['download', 'inference', 'witness', 'prove']

test('progress events arrive in stage order with monotonic fractions', async ({ open }) => {
  const page = await open()
  const expected = await readExpected('mlp')
  const events = await page.evaluate(
    async ({ url, input }) => {
      const seen: unknown[] = []
      // The main thread stays responsive while proving: count animation frames meanwhile.
      let frames = 0
      let running = true
      const tick = () => {
        frames++
        if (running) requestAnimationFrame(tick)
      }
      requestAnimationFrame(tick)
      await zkml.proveInference(url, input, { allowInsecureSetup: true, onProgress: (p) => seen.push({ ...p }) })
      running = false
      return { seen, frames }
    },
    { url: manifestUrl('mlp'), input: expected.input },
  )
  const seen = events.seen as { stage: string; fraction: number; loaded?: number; total?: number; file?: string }[]
  expect(seen.length).toBeGreaterThan(8)
  let stage = 0
  let fraction = -1
  for (const e of seen) {
    const s = ORDER.indexOf(e.stage)
    expect(s).toBeGreaterThanOrEqual(stage)
    if (s > stage) {
      // The previous stage ended at 1 before the next began.
      expect(fraction).toBe(1)
      fraction = -1
    }
    stage = s
    expect(e.fraction).toBeGreaterThanOrEqual(fraction)
    expect(e.fraction).toBeGreaterThanOrEqual(0)
    expect(e.fraction).toBeLessThanOrEqual(1)
    fraction = e.fraction
  }
  expect(seen.at(-1)).toMatchObject({ stage: 'prove', fraction: 1 })
  for (const s of ORDER) expect(seen.some((e) => e.stage === s)).toBe(true)
  // Download events count bytes over the four files; several intermediate steps inside the proof.
  const downloads = seen.filter((e) => e.stage === 'download')
  expect(downloads.at(-1)).toMatchObject({ fraction: 1 })
  expect(downloads.some((e) => e.file === 'circuit.zkey' && e.loaded! > 0 && e.loaded! < e.total!)).toBe(true)
  expect(new Set(seen.filter((e) => e.stage === 'prove').map((e) => e.fraction)).size).toBeGreaterThan(5)
  expect(events.frames).toBeGreaterThan(10)
})
