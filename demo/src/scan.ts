/**
 * The demo's "iris scanner": a synthetic capture of an identity's iris (or of someone else's),
 * reproducible from two seeds. No camera and no real biometrics: `irisStrip` draws a procedural
 * iris from the identity seed, `capture` adds a head tilt, lighting, sensor noise and an eyelid.
 *
 * The scan seed fixes every random choice of one scan, so a test can rebuild the exact bytes the
 * page held (to check that none of them was ever sent).
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { capture, irisStrip, type IrisStrip } from '@zkml/web/identity'

/** Parameters of {@link scanIris}. */
export type ScanIrisParameters = {
  /** The holder's identity seed (whose iris is in front of the scanner). */
  identitySeed: string
  /** This scan's seed (random per click in the UI). */
  scanSeed: string
  /** Scan another person (a synthetic iris derived from the scan seed) instead. */
  impostor?: boolean | undefined
  /**
   * An enrollment scan: the enrollment station aligns the head (no tilt). Verification scans are
   * tilted by −1, 0 or +1 column, which the matcher tolerates relative to the template.
   */
  enrollment?: boolean | undefined
}

/** What one scan took: the strip and the capture conditions (for display). */
export type Scan = {
  strip: IrisStrip
  scanSeed: string
  impostor: boolean
  enrollment: boolean
  shift: number
  noise: number
  occlusion: number
}

/**
 * Takes one synthetic scan. Conditions stay inside what the threshold was measured on
 * (`models/iriscode.md`: template from one capture, then tilt −1..+1 column, noise σ 4–12,
 * eyelid 0–20 %): here tilt 0 for enrollment, −1..+1 otherwise, noise σ 5–10, eyelid 3–15 %.
 *
 * @param parameters - {@link ScanIrisParameters}
 * @returns {@link Scan}
 * @example
 * const { strip } = scanIris({ identitySeed: 'alice', scanSeed: 'f00d' })
 */
export function scanIris({ identitySeed, scanSeed, impostor = false, enrollment = false }: ScanIrisParameters): Scan {
  const h = sha256(new TextEncoder().encode(`zkml-demo-scan:${scanSeed}`))
  const shift = enrollment ? 0 : (h[0]! % 3) - 1
  const noise = 5 + (h[1]! / 255) * 5
  const occlusion = 0.03 + (h[2]! / 255) * 0.12
  const iris = irisStrip({ seed: impostor ? `impostor:${scanSeed}` : identitySeed })
  const strip = capture({ strip: iris, seed: `${identitySeed}/${scanSeed}`, shift, noise, occlusion })
  return { strip, scanSeed, impostor, enrollment, shift, noise, occlusion }
}

/** A fresh random seed (hex) for a scan or an identity, from `crypto.getRandomValues`. */
export function randomSeed(bytes = 6): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('')
}
