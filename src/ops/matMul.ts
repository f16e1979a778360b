/**
 * MatMul: numpy matrix product (1-D operands promoted then squeezed, batch dims broadcast).
 * Quantized when the right side is a constant 2-D matrix: a `Linear` integer node (free in the
 * circuit with constant weights); output scale = input scale + weight scale.
 */
import { shapeSize } from '../onnx/ir.js'
import { broadcastShapes, matmulShape } from '../onnx/shapes.js'
import { io, sameInfo } from './common.js'
import type { ComputeOp, Kernel } from './types.js'
import { TWO_IN } from './arity.js'

/**
 * out[m×n] (+)= scale · A[m×k] · B[k×n] for row-major blocks at the given offsets.
 * `aT` reads A as its transpose (A stored k×m), `bT` reads B as its transpose (B stored n×k).
 */
export function matmulBlock(
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

/** MatMul with numpy semantics (1-D promotion, broadcast batch dimensions). */
const matmulKernel: Kernel = (node, [a, b]) => {
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

/** MatMul. Canonical: inputs A, B (either may be a runtime value for the float executor); no attributes. */
export const matMul: ComputeOp = {
  opType: 'MatMul',
  arity: [TWO_IN],
  kind: 'compute',
  canonicalize: (_node, ctx) => ctx.rewrite({}),
  inferShape: (node, [a, b]) => sameInfo(a!, matmulShape(node, a!.shape, b!.shape)),
  floatKernel: matmulKernel,
  quantize(node, q) {
    const [x, w] = node.inputs
    if (!q.isConstant(w!) || q.isConstant(x!)) q.unsupported('MatMul needs a runtime left side and a constant 2-D right side')
    const B = q.constant(w)!
    if (B.dims.length !== 2) q.unsupported(`MatMul with a ${B.dims.length}-D constant`)
    const [K, N] = B.dims as [number, number]
    const Wt = new Float64Array(N * K)
    for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) Wt[n * K + k] = B.data[k * N + n]!
    const weights = q.addWeights(`${node.name}.W`, [N, K], Wt)
    q.emit({ ...io(node), op: 'Linear', weight: weights.name })
    q.setScale(node.outputs[0]!, q.scale(x!) + weights.scale)
  },
  emits: ['Linear'],
}
