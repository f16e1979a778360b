/**
 * Element-wise kernels: Add/Sub/Mul/Div with numpy broadcasting, Relu, LeakyRelu, Sigmoid,
 * Clip (canonical input form) and inference-mode BatchNormalization.
 */
import { attrFloat } from '../attributes.js'
import { isIntegerDType } from '../dtypes.js'
import type { Node, Tensor } from '../ir.js'
import { shapeSize } from '../ir.js'
import { broadcastShapes } from '../shapes.js'
import type { Kernel } from './types.js'

type BinaryOp = 'Add' | 'Sub' | 'Mul' | 'Div'

/** Strides of `dims` laid over `outShape` (right-aligned), 0 where the dim is broadcast. */
function broadcastStrides(dims: readonly number[], outShape: readonly number[]): number[] {
  const r = outShape.length
  const strides = new Array<number>(r).fill(0)
  let s = 1
  for (let i = dims.length - 1; i >= 0; i--) {
    strides[r - dims.length + i] = dims[i] === 1 ? 0 : s
    s *= dims[i]!
  }
  return strides
}

/** Add, Sub, Mul, Div with multidirectional broadcasting. */
export const binaryKernel: Kernel = (node, [a, b]) => {
  const op = node.opType as BinaryOp
  const A = a!.data
  const B = b!.data
  const outShape = broadcastShapes(node, a!.dims, b!.dims)
  const out = new Float64Array(shapeSize(outShape))
  const r = outShape.length
  const sa = broadcastStrides(a!.dims, outShape)
  const sb = broadcastStrides(b!.dims, outShape)
  const inner = r ? outShape[r - 1]! : 1
  const ia = r ? sa[r - 1]! : 0
  const ib = r ? sb[r - 1]! : 0
  const outer = inner ? out.length / inner : 0
  const idx = new Array<number>(Math.max(r - 1, 0)).fill(0)
  const intDiv = op === 'Div' && isIntegerDType(a!.dtype)
  let offA = 0
  let offB = 0
  for (let o = 0; o < outer; o++) {
    const base = o * inner
    switch (op) {
      case 'Add':
        for (let i = 0; i < inner; i++) out[base + i] = A[offA + i * ia]! + B[offB + i * ib]!
        break
      case 'Sub':
        for (let i = 0; i < inner; i++) out[base + i] = A[offA + i * ia]! - B[offB + i * ib]!
        break
      case 'Mul':
        for (let i = 0; i < inner; i++) out[base + i] = A[offA + i * ia]! * B[offB + i * ib]!
        break
      case 'Div':
        if (intDiv) for (let i = 0; i < inner; i++) out[base + i] = Math.trunc(A[offA + i * ia]! / B[offB + i * ib]!)
        else for (let i = 0; i < inner; i++) out[base + i] = A[offA + i * ia]! / B[offB + i * ib]!
        break
    }
    for (let d = r - 2; d >= 0; d--) {
      offA += sa[d]!
      offB += sb[d]!
      if (++idx[d]! < outShape[d]!) break
      offA -= sa[d]! * outShape[d]!
      offB -= sb[d]! * outShape[d]!
      idx[d] = 0
    }
  }
  return [{ dtype: a!.dtype, dims: outShape, data: out }]
}

function mapUnary(x: Tensor, f: (v: number) => number): Tensor {
  const src = x.data
  const out = new Float64Array(src.length)
  for (let i = 0; i < src.length; i++) out[i] = f(src[i]!)
  return { dtype: x.dtype, dims: [...x.dims], data: out }
}

/** Relu: max(x, 0). */
export const reluKernel: Kernel = (_node, [x]) => [mapUnary(x!, (v) => (v > 0 ? v : 0))]

/** LeakyRelu: x < 0 ? alpha x : x. */
export const leakyReluKernel: Kernel = (node, [x]) => {
  const alpha = attrFloat(node, 'alpha', 0.01)
  return [mapUnary(x!, (v) => (v < 0 ? alpha * v : v))]
}

/** Sigmoid: 1 / (1 + e^-x). */
export const sigmoidKernel: Kernel = (_node, [x]) =>
  [mapUnary(x!, (v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))))]

/** Clip with optional scalar `min` / `max` inputs; min > max yields max everywhere (ONNX rule). */
export const clipKernel: Kernel = (_node, [x, min, max]) => {
  const lo = min ? min.data[0]! : -Infinity
  const hi = max ? max.data[0]! : Infinity
  return [mapUnary(x!, (v) => Math.min(Math.max(v, lo), hi))]
}

/** BatchNormalization (inference): y = (x - mean) / sqrt(var + epsilon) * scale + bias, per channel (axis 1). */
export const batchNormKernel: Kernel = (node: Node, [x, scale, bias, mean, variance]) => {
  const eps = attrFloat(node, 'epsilon', 1e-5)
  const X = x!.data
  const out = new Float64Array(X.length)
  const c = x!.dims[1] ?? 1
  const inner = shapeSize(x!.dims.slice(2))
  const outer = X.length / (c * inner || 1)
  for (let ch = 0; ch < c; ch++) {
    const k = scale!.data[ch]! / Math.sqrt(variance!.data[ch]! + eps)
    const m = mean!.data[ch]!
    const b = bias!.data[ch]!
    for (let o = 0; o < outer; o++) {
      const base = (o * c + ch) * inner
      for (let i = 0; i < inner; i++) out[base + i] = (X[base + i]! - m) * k + b
    }
  }
  return [{ dtype: x!.dtype, dims: [...x!.dims], data: out }]
}
