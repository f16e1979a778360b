/**
 * Pooling over N spatial dims (NC + spatial). MaxPool: pairwise max tree over the window's valid
 * positions (padding is ignored, as ONNX's −inf padding is). SumPool: the window sum; with
 * `average`, multiplied by round(2^shift / count) so the output scale grows by `shift` (no
 * constraint: AveragePool is free). The count is the valid taps, or with `countIncludePad` the
 * taps inside the declared padding (see `window.ts`).
 */
import type { Domain, DTensor } from '../domain.js'
import { maxOf } from './compose.js'
import { windowTaps, type WindowGeometry } from './window.js'

export type PoolGeometry = WindowGeometry

/** Max or (scaled) sum of each window of `x` (see the module doc). */
export function pool<T>(
  D: Domain<T>,
  x: DTensor<T>,
  kind: 'max' | 'sum',
  g: PoolGeometry,
  outShape: number[],
  average: { shift: number; countIncludePad: boolean } | undefined,
  label: string,
): DTensor<T> {
  const [N, C] = x.shape as [number, number]
  const inSpatial = x.shape.slice(2)
  const outSpatial = outShape.slice(2)
  const taps = windowTaps(inSpatial, outSpatial, g)
  const I = inSpatial.reduce((p, d) => p * d, 1)
  const O = outSpatial.reduce((p, d) => p * d, 1)
  const out: T[] = new Array(N * C * O)
  for (let nc = 0; nc < N * C; nc++) {
    const c = nc % C
    for (let o = 0; o < O; o++) {
      const xs: T[] = []
      for (let t = taps.start[o]!; t < taps.start[o + 1]!; t++) xs.push(x.data[nc * I + taps.input[t]!]!)
      if (kind === 'max') {
        out[nc * O + o] = maxOf(D, xs, `${label}[${c},${positionLabel(o, outSpatial)}]`)
      } else {
        const count = average?.countIncludePad ? taps.padded[o]! : xs.length
        const k = average ? Math.round(2 ** average.shift / count) : 1
        out[nc * O + o] = D.dot(new Array(xs.length).fill(k), xs, 0)
      }
    }
  }
  return { shape: outShape, data: out }
}

/** `i,j,…` coordinates of a flat spatial index (gadget labels). */
function positionLabel(o: number, dims: readonly number[]): string {
  const coords: number[] = []
  for (let a = dims.length - 1; a >= 0; a--) {
    coords.unshift(o % dims[a]!)
    o = Math.floor(o / dims[a]!)
  }
  return coords.join(',')
}
