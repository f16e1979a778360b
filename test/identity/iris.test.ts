import { describe, expect, it } from 'vitest'
import { IRIS_COLS, IRIS_PIXELS, IRIS_ROWS, capture, irisStrip } from '../../src/identity/iris.js'
import { seededRandom } from '../../src/identity/random.js'
import { InvalidIdentityInputError } from '../../src/identity/errors.js'

describe('seededRandom', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = seededRandom('x')
    const b = seededRandom('x')
    const c = seededRandom('y')
    const xs = Array.from({ length: 8 }, () => a.uniform())
    expect(Array.from({ length: 8 }, () => b.uniform())).toEqual(xs)
    expect(Array.from({ length: 8 }, () => c.uniform())).not.toEqual(xs)
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true)
    const r = seededRandom(1)
    const ints = Array.from({ length: 200 }, () => r.int(-1, 1))
    expect(new Set(ints)).toEqual(new Set([-1, 0, 1]))
  })
})

describe('irisStrip', () => {
  it('is a deterministic 16×64 8-bit texture per identity', () => {
    const a = irisStrip({ seed: 'alice' })
    expect(a).toBeInstanceOf(Uint8Array)
    expect(a.length).toBe(IRIS_PIXELS)
    expect(IRIS_ROWS * IRIS_COLS).toBe(IRIS_PIXELS)
    expect(irisStrip({ seed: 'alice' })).toEqual(a)
    const b = irisStrip({ seed: 'bob' })
    let diff = 0
    for (let i = 0; i < a.length; i++) diff += Math.abs(a[i]! - b[i]!)
    expect(diff / a.length).toBeGreaterThan(20)
    // Textured, not flat: a spread of gray levels.
    expect(new Set(a).size).toBeGreaterThan(80)
  })
})

describe('capture', () => {
  const strip = irisStrip({ seed: 'alice' })

  it('without noise, occlusion or illumination change is the strip, circularly shifted', () => {
    const clean = (shift: number) => capture({ strip, seed: 1, noise: 0, occlusion: 0, illumination: 0, shift })
    expect(clean(0)).toEqual(strip)
    const s = clean(3)
    for (let y = 0; y < IRIS_ROWS; y++)
      for (let x = 0; x < IRIS_COLS; x++) expect(s[y * IRIS_COLS + x]).toBe(strip[y * IRIS_COLS + ((x - 3 + IRIS_COLS) % IRIS_COLS)])
    expect(clean(-1)).toEqual(clean(IRIS_COLS - 1))
  })

  it('adds noise, and the eyelid covers about the requested fraction of the outer rows', () => {
    const noisy = capture({ strip, seed: 'n', noise: 8, occlusion: 0, illumination: 0 })
    let sq = 0
    for (let i = 0; i < strip.length; i++) sq += (noisy[i]! - strip[i]!) ** 2
    expect(Math.sqrt(sq / strip.length)).toBeGreaterThan(5)
    expect(Math.sqrt(sq / strip.length)).toBeLessThan(11)
    const lid = capture({ strip, seed: 'o', noise: 0, occlusion: 0.2, illumination: 0 })
    let changed = 0
    let changedTop = 0
    for (let i = 0; i < strip.length; i++)
      if (lid[i] !== strip[i]) {
        changed++
        if (Math.floor(i / IRIS_COLS) >= IRIS_ROWS / 2) changedTop++
      }
    expect(changed / IRIS_PIXELS).toBeGreaterThan(0.12)
    expect(changed / IRIS_PIXELS).toBeLessThan(0.28)
    expect(changedTop / changed).toBeGreaterThan(0.9)
  })

  it('is deterministic per capture seed', () => {
    expect(capture({ strip, seed: 'k' })).toEqual(capture({ strip, seed: 'k' }))
    expect(capture({ strip, seed: 'k' })).not.toEqual(capture({ strip, seed: 'l' }))
  })

  it('rejects malformed inputs with a typed error', () => {
    expect(() => capture({ strip: new Uint8Array(10), seed: 1 })).toThrow(InvalidIdentityInputError)
    expect(() => capture({ strip, seed: 1, occlusion: 0.9 })).toThrow(/occlusion/)
    expect(() => capture({ strip, seed: 1, shift: 0.5 })).toThrow(/shift/)
    expect(() => capture({ strip, seed: 1, noise: -1 })).toThrow(/noise/)
  })
})
