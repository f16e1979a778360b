/**
 * Canvas pictures: the unwrapped iris strip (16 × 64 gray pixels) and the 512-bit code
 * (rows = filter × band, columns = angle), with bits where two codes disagree marked.
 */
import { IRIS_COLS, IRIS_ROWS, type IrisStrip } from '@zkml/web/identity'

/**
 * Draws a strip at its native size (CSS scales it up, pixelated).
 *
 * @param canvas - The target (resized to 64 × 16).
 * @param strip - The strip's bytes, row-major.
 */
export function drawStrip(canvas: HTMLCanvasElement, strip: IrisStrip): void {
  canvas.width = IRIS_COLS
  canvas.height = IRIS_ROWS
  const ctx = canvas.getContext('2d')!
  const img = ctx.createImageData(IRIS_COLS, IRIS_ROWS)
  strip.forEach((v, i) => {
    // A warm NIR-ish tint, so the strip reads as an iris rather than noise.
    img.data[4 * i] = Math.min(255, v * 1.05)
    img.data[4 * i + 1] = v * 0.85
    img.data[4 * i + 2] = v * 0.6
    img.data[4 * i + 3] = 255
  })
  ctx.putImageData(img, 0, 0)
}

/**
 * Draws a code as 8 rows × 64 columns of cells; bits that differ from `reference` are red.
 *
 * @param canvas - The target (resized to 64 × 8).
 * @param code - 512 bytes of 0/1.
 * @param reference - Another code of the same length (optional).
 */
export function drawCode(canvas: HTMLCanvasElement, code: Uint8Array, reference?: Uint8Array): void {
  const cols = 64
  const rows = code.length / cols
  canvas.width = cols
  canvas.height = rows
  const ctx = canvas.getContext('2d')!
  const img = ctx.createImageData(cols, rows)
  code.forEach((bit, i) => {
    const differs = reference !== undefined && reference[i] !== bit
    const [r, g, b] = differs ? [220, 40, 40] : bit ? [235, 235, 228] : [28, 32, 40]
    img.data.set([r, g, b, 255], 4 * i)
  })
  ctx.putImageData(img, 0, 0)
}
