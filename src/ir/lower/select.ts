/**
 * Selections along axes: ReduceMax/ReduceMin (a balanced tree of max2/min2 over the reduced
 * elements: (n − 1)(B + 2) constraints per output for n reduced elements), TopK (the `topK`
 * primitive per slice: values, and indices Σ i·s_i as free linear combinations) and Hardmax (the
 * selector row of a top-1: the one-hot of the first maximum).
 */
import type { Domain, DTensor } from '../domain.js'
import { maxOf, minOf } from './compose.js'

/** Splits `shape` around `axis`: (outer, axis length, inner). */
function around(shape: readonly number[], axis: number): [number, number, number] {
  const prod = (s: readonly number[]) => s.reduce((a, d) => a * d, 1)
  return [prod(shape.slice(0, axis)), shape[axis]!, prod(shape.slice(axis + 1))]
}

/** Max (or min) over `axes` (sorted, distinct); the output keeps the other axes in order (`outShape` adds any kept 1s). */
export function reduceExtremum<T>(D: Domain<T>, x: DTensor<T>, axes: readonly number[], min: boolean, outShape: number[], label: string): DTensor<T> {
  const r = x.shape.length
  const reduced = new Set(axes)
  const keptDims = x.shape.filter((_, d) => !reduced.has(d))
  const nOut = keptDims.reduce((a, d) => a * d, 1)
  const groups: T[][] = Array.from({ length: nOut }, () => [])
  const idx = new Array<number>(r).fill(0)
  for (let i = 0; i < x.data.length; i++) {
    let o = 0
    for (let d = 0; d < r; d++) if (!reduced.has(d)) o = o * x.shape[d]! + idx[d]!
    groups[o]!.push(x.data[i]!)
    for (let d = r - 1; d >= 0 && ++idx[d]! === x.shape[d]!; d--) idx[d] = 0
  }
  const f = min ? minOf : maxOf
  return { shape: outShape, data: groups.map((g, o) => f(D, g, `${label}[${o}]`)) }
}

/**
 * TopK along `axis`: values (largest or smallest first; ties to the lower index) and indices, each
 * of shape `x.shape` with the axis replaced by k. Smallest-first runs on the negated values (free).
 */
export function topKTensor<T>(D: Domain<T>, x: DTensor<T>, axis: number, k: number, largest: boolean, label: string): [DTensor<T>, DTensor<T>] {
  const [outer, n, inner] = around(x.shape, axis)
  const shape = x.shape.map((d, i) => (i === axis ? k : d))
  const values: T[] = new Array(outer * k * inner)
  const indices: T[] = new Array(outer * k * inner)
  const positions = Array.from({ length: n }, (_, i) => i)
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      if (k === 0) continue
      const xs: T[] = []
      for (let m = 0; m < n; m++) {
        const v = x.data[(o * n + m) * inner + i]!
        xs.push(largest ? v : D.dot([-1], [v], 0))
      }
      const top = D.topK(xs, k, `${label}[${o},${i}]`)
      for (let j = 0; j < k; j++) {
        const at = (o * k + j) * inner + i
        values[at] = largest ? top.values[j]! : D.dot([-1], [top.values[j]!], 0)
        indices[at] = D.dot(positions, top.selectors[j]!, 0)
      }
    }
  return [
    { shape, data: values },
    { shape: [...shape], data: indices },
  ]
}

/** Hardmax along `axis`: 1 at the first maximum of each slice, 0 elsewhere. */
export function hardmax<T>(D: Domain<T>, x: DTensor<T>, axis: number, label: string): DTensor<T> {
  const [outer, n, inner] = around(x.shape, axis)
  const data: T[] = new Array(x.data.length)
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      const xs: T[] = []
      for (let m = 0; m < n; m++) xs.push(x.data[(o * n + m) * inner + i]!)
      const [row] = D.topK(xs, 1, `${label}[${o},${i}]`).selectors
      for (let m = 0; m < n; m++) data[(o * n + m) * inner + i] = row![m]!
    }
  return { shape: x.shape, data }
}
