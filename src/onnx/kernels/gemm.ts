/** Gemm (alpha, beta, transA, transB, unidirectionally broadcast C) and numpy-style batched MatMul. */
import { attrFloat, attrInt } from '../attributes.js'
import { shapeSize } from '../ir.js'
import { broadcastShapes, matmulShape } from '../shapes.js'
import type { Kernel } from './types.js'

/**
 * out[m×n] (+)= A[m×k] · B[k×n] for row-major blocks at the given offsets.
 * `bT` reads B as its transpose (B stored n×k).
 */
function matmulBlock(
  A: Float64Array, aOff: number, aT: boolean,
  B: Float64Array, bOff: number, bT: boolean,
  out: Float64Array, oOff: number,
  m: number, k: number, n: number, scale: number,
): void {
  for (let i = 0; i < m; i++) {
    const row = oOff + i * n
    if (bT) {
      for (let j = 0; j < n; j++) {
        let acc = 0
        const bRow = bOff + j * k
        for (let p = 0; p < k; p++) acc += (aT ? A[aOff + p * m + i]! : A[aOff + i * k + p]!) * B[bRow + p]!
        out[row + j] += scale * acc
      }
    } else {
      for (let p = 0; p < k; p++) {
        const a = scale * (aT ? A[aOff + p * m + i]! : A[aOff + i * k + p]!)
        const bRow = bOff + p * n
        for (let j = 0; j < n; j++) out[row + j] += a * B[bRow + j]!
      }
    }
  }
}

/** Gemm: Y = alpha · op(A) · op(B) + beta · C. */
export const gemmKernel: Kernel = (node, [a, b, c]) => {
  const transA = attrInt(node, 'transA', 0) === 1
  const transB = attrInt(node, 'transB', 0) === 1
  const alpha = attrFloat(node, 'alpha', 1)
  const beta = attrFloat(node, 'beta', 1)
  const [m, k] = transA ? [a!.dims[1]!, a!.dims[0]!] : [a!.dims[0]!, a!.dims[1]!]
  const n = transB ? b!.dims[0]! : b!.dims[1]!
  const out = new Float64Array(m * n)
  if (c && beta !== 0) {
    // Unidirectional broadcast of C to [m, n].
    const cd = c.dims
    const cm = cd.length === 2 ? cd[0]! : 1
    const cn = cd.length >= 1 ? cd[cd.length - 1]! : 1
    broadcastShapes(node, cd, [m, n])
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) out[i * n + j] = beta * c.data[(cm === 1 ? 0 : i) * cn + (cn === 1 ? 0 : j)]!
  }
  matmulBlock(a!.data, 0, transA, b!.data, 0, transB, out, 0, m, k, n, alpha)
  return [{ dtype: a!.dtype, dims: [m, n], data: out }]
}

/** MatMul with numpy semantics (1-D promotion, broadcast batch dimensions). */
export const matmulKernel: Kernel = (node, [a, b]) => {
  const outShape = matmulShape(node, a!.dims, b!.dims)
  const ad = a!.dims.length === 1 ? [1, a!.dims[0]!] : a!.dims
  const bd = b!.dims.length === 1 ? [b!.dims[0]!, 1] : b!.dims
  const m = ad[ad.length - 2]!
  const k = ad[ad.length - 1]!
  const n = bd[bd.length - 1]!
  const aBatch = ad.slice(0, -2)
  const bBatch = bd.slice(0, -2)
  const batch = broadcastShapes(node, aBatch, bBatch)
  const nBatch = shapeSize(batch)
  const out = new Float64Array(nBatch * m * n)
  const idx = new Array<number>(batch.length).fill(0)
  for (let t = 0; t < nBatch; t++) {
    // Offsets of this batch element in A and B (broadcast dims of size 1 stay at 0).
    let aOff = 0
    let bOff = 0
    for (let d = 0; d < batch.length; d++) {
      const ai = d - (batch.length - aBatch.length)
      const bi = d - (batch.length - bBatch.length)
      if (ai >= 0) aOff = aOff * aBatch[ai]! + (aBatch[ai] === 1 ? 0 : idx[d]!)
      if (bi >= 0) bOff = bOff * bBatch[bi]! + (bBatch[bi] === 1 ? 0 : idx[d]!)
    }
    matmulBlock(a!.data, aOff * m * k, false, b!.data, bOff * k * n, false, out, t * m * n, m, k, n, 1)
    for (let d = batch.length - 1; d >= 0; d--) {
      if (++idx[d]! < batch[d]!) break
      idx[d] = 0
    }
  }
  return [{ dtype: a!.dtype, dims: outShape, data: out }]
}
