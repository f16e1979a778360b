/**
 * Data movement: Reshape (also Flatten, Squeeze, Unsqueeze: row-major order is unchanged),
 * Transpose, Concat, and numpy broadcasting of an element index. No arithmetic, no constraints.
 */
import type { DTensor } from '../domain.js'

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length)
  let acc = 1
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc
    acc *= shape[i]!
  }
  return s
}

export function reshape<T>(x: DTensor<T>, shape: number[]): DTensor<T> {
  return { shape, data: x.data }
}

export function transpose<T>(x: DTensor<T>, perm: readonly number[]): DTensor<T> {
  const inStrides = strides(x.shape)
  const shape = perm.map((p) => x.shape[p]!)
  const outStrides = strides(shape)
  const data: T[] = new Array(x.data.length)
  for (let o = 0; o < data.length; o++) {
    let rem = o
    let src = 0
    for (let d = 0; d < shape.length; d++) {
      const idx = Math.floor(rem / outStrides[d]!)
      rem -= idx * outStrides[d]!
      src += idx * inStrides[perm[d]!]!
    }
    data[o] = x.data[src]!
  }
  return { shape, data }
}

export function concat<T>(xs: readonly DTensor<T>[], axis: number): DTensor<T> {
  const shape = [...xs[0]!.shape]
  shape[axis] = xs.reduce((a, x) => a + x.shape[axis]!, 0)
  const outer = shape.slice(0, axis).reduce((a, d) => a * d, 1)
  const data: T[] = []
  for (let o = 0; o < outer; o++)
    for (const x of xs) {
      const block = x.data.length / outer
      for (let i = 0; i < block; i++) data.push(x.data[o * block + i]!)
    }
  return { shape, data }
}

/** Maps each output index of `outShape` to the index of an input of `inShape` under numpy broadcasting. */
export function broadcastIndex(inShape: readonly number[], outShape: readonly number[]): Int32Array {
  const n = outShape.reduce((a, d) => a * d, 1)
  const map = new Int32Array(n)
  const offset = outShape.length - inShape.length
  const inStrides = strides(inShape)
  const outStrides = strides(outShape)
  for (let o = 0; o < n; o++) {
    let rem = o
    let src = 0
    for (let d = 0; d < outShape.length; d++) {
      const idx = Math.floor(rem / outStrides[d]!)
      rem -= idx * outStrides[d]!
      const id = d - offset
      if (id >= 0 && inShape[id]! !== 1) src += idx * inStrides[id]!
    }
    map[o] = src
  }
  return map
}
