/**
 * ArgMax along one axis (keepdims handled by the output shape). Ties go to the lowest index; with
 * selectLastIndex the axis is scanned in reverse and the index mapped back (ties → highest index).
 */
import type { Domain, DTensor } from '../domain.js'

export function argmaxTensor<T>(D: Domain<T>, x: DTensor<T>, axis: number, selectLastIndex: boolean, outShape: number[], label: string): DTensor<T> {
  const n = x.shape[axis]!
  const inner = x.shape.slice(axis + 1).reduce((a, d) => a * d, 1)
  const outer = x.data.length / (n * inner)
  const data: T[] = []
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      const xs: T[] = []
      for (let k = 0; k < n; k++) xs.push(x.data[(o * n + k) * inner + i]!)
      if (selectLastIndex) xs.reverse()
      const idx = D.argmax(xs, `${label}[${o},${i}]`)
      data.push(selectLastIndex ? D.dot([-1], [idx], n - 1) : idx)
    }
  return { shape: outShape, data }
}
