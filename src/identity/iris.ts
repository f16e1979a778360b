/**
 * Procedural iris textures: no real biometrics are needed, stored or sent anywhere.
 *
 * An iris is unwrapped into a strip of {@link IRIS_ROWS} × {@link IRIS_COLS} 8-bit pixels, row-major:
 * row = radius (0 = pupil side), column = angle (the strip is periodic in columns, as the iris is a
 * ring). `irisStrip({ seed })` is the identity's "true" iris: a sum of random angular sinusoids (integer
 * angular frequencies, so the texture is exactly periodic), radial furrows and crypt-like blobs.
 * `capture({ strip, seed, ... })` is one sensor reading of it: a head tilt (circular column shift),
 * illumination (gain/offset), sensor noise and an eyelid occlusion.
 */
import { InvalidIdentityInputError } from './errors.js'
import { type IrisSeed, seededRandom } from './random.js'

/** Rows of a strip (radial samples). */
export const IRIS_ROWS = 16
/** Columns of a strip (angular samples). */
export const IRIS_COLS = 64
/** Pixels of a strip. */
export const IRIS_PIXELS = IRIS_ROWS * IRIS_COLS

/** An unwrapped iris: {@link IRIS_PIXELS} bytes, row-major `[row][col]`. */
export type IrisStrip = Uint8Array

/** Parameters of {@link irisStrip}. */
export type IrisStripParameters = {
  /** The identity seed: the same seed always gives the same iris. */
  seed: IrisSeed
}

/**
 * The iris strip of an identity (deterministic from its seed).
 *
 * @param parameters - {@link IrisStripParameters}
 * @returns A fresh {@link IrisStrip}.
 * @example
 * import { irisStrip } from '@zkml/web/identity'
 * const iris = irisStrip({ seed: 'alice' }) // Uint8Array(1024)
 */
export function irisStrip({ seed }: IrisStripParameters): IrisStrip {
  const r = seededRandom(`strip:${String(seed)}`)
  const f = new Float64Array(IRIS_PIXELS)
  const TAU = 2 * Math.PI
  // Angular sinusoids with a radial drift: the fibres of the stroma.
  for (let k = 0; k < 28; k++) {
    const freq = r.int(2, 14)
    const radial = r.range(-0.5, 0.5)
    const phase = r.range(0, TAU)
    const amp = r.range(0.4, 1) / Math.sqrt(freq)
    const r0 = r.range(0, IRIS_ROWS)
    const width = r.range(3, 12)
    for (let y = 0; y < IRIS_ROWS; y++) {
      const env = Math.exp(-(((y - r0) / width) ** 2))
      for (let x = 0; x < IRIS_COLS; x++) f[y * IRIS_COLS + x]! += amp * env * Math.sin((TAU * freq * x) / IRIS_COLS + radial * y + phase)
    }
  }
  // Radial furrows and crypts: Gaussian blobs (circular distance in columns).
  for (let k = 0; k < 22; k++) {
    const cy = r.range(0, IRIS_ROWS)
    const cx = r.range(0, IRIS_COLS)
    const furrow = k < 8
    const sy = furrow ? r.range(3, 8) : r.range(0.8, 2.5)
    const sx = furrow ? r.range(0.5, 1.2) : r.range(1, 3)
    const amp = r.range(0.3, 0.8) * (r.uniform() < 0.5 ? -1 : 1)
    for (let y = 0; y < IRIS_ROWS; y++)
      for (let x = 0; x < IRIS_COLS; x++) {
        const dx = Math.min(Math.abs(x - cx), IRIS_COLS - Math.abs(x - cx))
        f[y * IRIS_COLS + x]! += amp * Math.exp(-0.5 * ((y - cy) ** 2 / sy ** 2 + dx ** 2 / sx ** 2))
      }
  }
  // Normalize: mean 120, standard deviation 40 (a brownish iris under NIR light).
  let mean = 0
  for (const v of f) mean += v
  mean /= f.length
  let sd = 0
  for (const v of f) sd += (v - mean) ** 2
  sd = Math.sqrt(sd / f.length) || 1
  const out = new Uint8Array(IRIS_PIXELS)
  for (let i = 0; i < f.length; i++) out[i] = clampByte(120 + (40 * (f[i]! - mean)) / sd)
  return out
}

/** Parameters of {@link capture}. */
export type CaptureParameters = {
  /** The identity's iris ({@link irisStrip}). */
  strip: IrisStrip
  /** Seed of this capture's randomness (noise, illumination, eyelid shape). */
  seed: IrisSeed
  /** Standard deviation of the sensor noise, in gray levels. Default 8. */
  noise?: number | undefined
  /** Fraction of the strip hidden by the eyelid, in [0, 0.5]. Default 0.08. */
  occlusion?: number | undefined
  /** Head tilt: circular shift of the columns (positive = to the right). Default 0. */
  shift?: number | undefined
  /** Illumination change g: gain drawn in [1 − g, 1 + g], offset in [−100g, 100g] gray levels. Default 0.1. */
  illumination?: number | undefined
}

/**
 * One noisy reading of an iris: shift, illumination, noise and eyelid occlusion.
 *
 * @param parameters - {@link CaptureParameters}
 * @returns A fresh {@link IrisStrip}.
 * @throws {InvalidIdentityInputError} When the strip has the wrong size or a parameter is out of range.
 * @example
 * import { capture, irisStrip } from '@zkml/web/identity'
 * const scan = capture({ strip: irisStrip({ seed: 'alice' }), seed: 'scan-1', shift: 1 })
 */
export function capture(parameters: CaptureParameters): IrisStrip {
  const { strip, seed, noise = 8, occlusion = 0.08, shift = 0, illumination = 0.1 } = parameters
  assertStrip(strip, 'capture: strip')
  if (!(noise >= 0 && noise <= 64)) throw new InvalidIdentityInputError({ field: 'noise', reason: 'must be in [0, 64]' })
  if (!(occlusion >= 0 && occlusion <= 0.5)) throw new InvalidIdentityInputError({ field: 'occlusion', reason: 'must be in [0, 0.5]' })
  if (!Number.isSafeInteger(shift)) throw new InvalidIdentityInputError({ field: 'shift', reason: 'must be an integer' })
  if (!(illumination >= 0 && illumination <= 0.5)) throw new InvalidIdentityInputError({ field: 'illumination', reason: 'must be in [0, 0.5]' })
  const r = seededRandom(`capture:${String(seed)}`)
  const gain = 1 + r.range(-illumination, illumination)
  const offset = r.range(-100, 100) * illumination
  // Eyelid: covers the outer rows (high radius) over an arc; its lower edge is a parabola whose
  // area is `occlusion` of the strip.
  const center = r.range(0, IRIS_COLS)
  const arc = IRIS_COLS * Math.min(1, 0.35 + r.range(0, 0.3))
  // Area of a parabola cap of half-width arc/2 and height h: (2/3)·arc·h ⇒ h from the area.
  const height = Math.min(IRIS_ROWS, (1.5 * occlusion * IRIS_PIXELS) / arc)
  const lid = 200 + r.range(-20, 20)
  const out = new Uint8Array(IRIS_PIXELS)
  const s = ((shift % IRIS_COLS) + IRIS_COLS) % IRIS_COLS
  for (let y = 0; y < IRIS_ROWS; y++)
    for (let x = 0; x < IRIS_COLS; x++) {
      const src = strip[y * IRIS_COLS + ((x - s + IRIS_COLS) % IRIS_COLS)]!
      let v = gain * src + offset
      const d = Math.min(Math.abs(x - center), IRIS_COLS - Math.abs(x - center)) / (arc / 2)
      const covered = occlusion > 0 && d < 1 && IRIS_ROWS - 1 - y < height * (1 - d * d)
      if (covered) v = lid + 6 * r.gaussian()
      v += noise * r.gaussian()
      out[y * IRIS_COLS + x] = clampByte(v)
    }
  return out
}

/** Throws unless `strip` is a Uint8Array of {@link IRIS_PIXELS} bytes; returns it. */
export function assertStrip(strip: unknown, label: string): IrisStrip {
  if (!(strip instanceof Uint8Array) || strip.length !== IRIS_PIXELS)
    throw new InvalidIdentityInputError({ field: label, reason: `expected a Uint8Array of ${IRIS_PIXELS} bytes (${IRIS_ROWS}×${IRIS_COLS})` })
  return strip
}

function clampByte(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v)
}
