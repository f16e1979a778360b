/**
 * The iris code: Gabor responses of a strip and their sign bits (pure TypeScript, exact integers).
 *
 * Geometry ({@link IrisCodeGeometry}): the strip is padded circularly by `pad = (kernelWidth − 1)/2`
 * columns on each side ({@link padStrip}; the iris is a ring), then every filter slides over it
 * with strides `[strideY, strideX]` and no further padding. Responses are laid out
 * `[filter][band][column]` (the ONNX output `[1, F, bands, columns]` flattened), and code bit i is
 * `[response_i ≥ 0]`. A head tilt of `strideX` strip columns is a circular shift of one code column
 * within every (filter, band) row, which is how matching tolerates rotation ({@link shiftCode}).
 */
import { gaborBank, type GaborSpec } from './gabor.js'
import { IRIS_COLS, IRIS_ROWS, type IrisStrip, assertStrip } from './iris.js'

/** Shape of the code computation. */
export type IrisCodeGeometry = {
  kernelHeight: number
  kernelWidth: number
  strideY: number
  strideX: number
  specs: readonly GaborSpec[]
}

/** Derived sizes of a geometry. */
export function codeShape(g: IrisCodeGeometry): { filters: number; bands: number; columns: number; bits: number; pad: number; paddedCols: number } {
  const pad = (g.kernelWidth - 1) / 2
  const paddedCols = IRIS_COLS + 2 * pad
  const bands = Math.floor((IRIS_ROWS - g.kernelHeight) / g.strideY) + 1
  const columns = Math.floor((paddedCols - g.kernelWidth) / g.strideX) + 1
  const filters = g.specs.length
  return { filters, bands, columns, bits: filters * bands * columns, pad, paddedCols }
}

/**
 * The strip with `pad` columns wrapped around on each side: the ONNX model's input layout
 * (`[1, 1, IRIS_ROWS, IRIS_COLS + 2·pad]`, pixel values 0..255 as floats).
 */
export function padStrip(strip: IrisStrip, g: IrisCodeGeometry): Float32Array {
  assertStrip(strip, 'padStrip: strip')
  const { pad, paddedCols } = codeShape(g)
  const out = new Float32Array(IRIS_ROWS * paddedCols)
  for (let y = 0; y < IRIS_ROWS; y++)
    for (let x = 0; x < paddedCols; x++) out[y * paddedCols + x] = strip[y * IRIS_COLS + ((x - pad + IRIS_COLS) % IRIS_COLS)]!
  return out
}

/** For each response, the padded-strip pixel indices it reads and their weights (the circuit uses this too). */
export function responseTaps(g: IrisCodeGeometry, weights = gaborBank(g)): { pixels: number[]; weights: number[] }[] {
  const { filters, bands, columns, pad } = codeShape(g)
  const per = g.kernelHeight * g.kernelWidth
  const taps: { pixels: number[]; weights: number[] }[] = []
  for (let f = 0; f < filters; f++)
    for (let b = 0; b < bands; b++)
      for (let c = 0; c < columns; c++) {
        const pixels: number[] = []
        const ws: number[] = []
        for (let i = 0; i < g.kernelHeight; i++)
          for (let j = 0; j < g.kernelWidth; j++) {
            const w = weights[f * per + i * g.kernelWidth + j]!
            if (w === 0) continue
            const y = b * g.strideY + i
            const x = (c * g.strideX + j - pad + IRIS_COLS) % IRIS_COLS
            pixels.push(y * IRIS_COLS + x)
            ws.push(w)
          }
        taps.push({ pixels, weights: ws })
      }
  return taps
}

/**
 * Integer Gabor responses of a strip (= the ONNX model's float outputs · 2^GABOR_SHIFT, exactly).
 *
 * @returns `[filter][band][column]` flattened.
 */
export function irisResponses({ strip, geometry }: { strip: IrisStrip; geometry: IrisCodeGeometry }): Int32Array {
  assertStrip(strip, 'irisResponses: strip')
  const taps = responseTaps(geometry)
  const out = new Int32Array(taps.length)
  taps.forEach((t, i) => {
    let s = 0
    for (let k = 0; k < t.pixels.length; k++) s += t.weights[k]! * strip[t.pixels[k]!]!
    out[i] = s
  })
  return out
}

/** Code bits `[response ≥ 0]` (one byte per bit, 0 or 1). */
export function codeFromResponses(responses: ArrayLike<number>): Uint8Array {
  return Uint8Array.from(responses as ArrayLike<number>, (v) => (v >= 0 ? 1 : 0))
}

/**
 * The code rotated by `shift` code columns: `out[f][b][c] = code[f][b][(c − shift) mod columns]`.
 * A capture tilted by t columns (`capture({ shift: t })`) has the original's code rotated by t, so
 * matching it against the template succeeds at rotation −t.
 */
export function shiftCode(code: Uint8Array, shift: number, g: IrisCodeGeometry): Uint8Array {
  const { filters, bands, columns } = codeShape(g)
  const out = new Uint8Array(code.length)
  for (let r = 0; r < filters * bands; r++)
    for (let c = 0; c < columns; c++) out[r * columns + c] = code[r * columns + ((((c - shift) % columns) + columns) % columns)]!
  return out
}

/**
 * The strip rotated by `shift` code columns (`shift · strideX` strip columns, circularly), i.e. the
 * capture whose code is `shiftCode(code, shift)`: responses read the strip circularly, so
 * `codeOf(rotateStrip(s, k)) = shiftCode(codeOf(s), k)` exactly (`test/identity/irisCode.test.ts`).
 * The identity circuit proves a match on the capture rotated this way (the prover picks the shift).
 */
export function rotateStrip(strip: IrisStrip, shift: number, g: IrisCodeGeometry): IrisStrip {
  assertStrip(strip, 'rotateStrip: strip')
  const s = (((shift * g.strideX) % IRIS_COLS) + IRIS_COLS) % IRIS_COLS
  const out = new Uint8Array(strip.length)
  for (let y = 0; y < IRIS_ROWS; y++)
    for (let x = 0; x < IRIS_COLS; x++) out[y * IRIS_COLS + x] = strip[y * IRIS_COLS + ((x - s + IRIS_COLS) % IRIS_COLS)]!
  return out
}

/** Number of differing bits. */
export function hamming(a: Uint8Array, b: Uint8Array): number {
  let d = 0
  for (let i = 0; i < a.length; i++) d += a[i]! ^ b[i]!
  return d
}
