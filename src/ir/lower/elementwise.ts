/**
 * Element-wise ops, with numpy broadcasting to the output shape.
 * - Requant: requantize (+ReLU) each element (one decomposition each).
 * - Affine: x · mul + add with constant tensors (free): Mul/Div/Add/Sub by a constant, BatchNorm.
 * - Add: (a·2^ka ± b·2^kb) — the shifts align the two scales (free).
 * - Mul: a · b (one constraint each). Div: rounded (a·2^shift) / b (see the div gadget).
 */
import type { Domain, DTensor } from '../domain.js'
import type { IntTensor } from '../model.js'
import { broadcastIndex } from './shape.js'

export function requantTensor<T>(D: Domain<T>, x: DTensor<T>, shift: number, relu: boolean, label: string): DTensor<T> {
  return { shape: x.shape, data: x.data.map((v, i) => D.requantize(v, shift, relu, `${label}[${i}]`)) }
}

export function affine<T>(D: Domain<T>, x: DTensor<T>, mul: IntTensor | undefined, add: IntTensor | undefined, outShape: number[]): DTensor<T> {
  const xi = broadcastIndex(x.shape, outShape)
  const mi = mul && broadcastIndex(mul.dims, outShape)
  const ai = add && broadcastIndex(add.dims, outShape)
  const data: T[] = new Array(xi.length)
  for (let o = 0; o < xi.length; o++) {
    const ref = { weight: mul, index: mul ? [mi![o]!] : undefined, bias: add, biasIndex: add ? ai![o]! : undefined }
    data[o] = D.dot([mul ? mul.data[mi![o]!]! : 1], [x.data[xi[o]!]!], add ? add.data[ai![o]!]! : 0, ref)
  }
  return { shape: outShape, data }
}

export function binary<T>(
  D: Domain<T>,
  a: DTensor<T>,
  b: DTensor<T>,
  outShape: number[],
  f: (x: T, y: T, i: number) => T,
): DTensor<T> {
  const ai = broadcastIndex(a.shape, outShape)
  const bi = broadcastIndex(b.shape, outShape)
  const data: T[] = new Array(ai.length)
  for (let o = 0; o < ai.length; o++) data[o] = f(a.data[ai[o]!]!, b.data[bi[o]!]!, o)
  return { shape: outShape, data }
}
