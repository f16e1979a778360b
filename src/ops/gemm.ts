/**
 * Gemm: Y = alpha · op(A) · op(B) + beta · C (op = optional transpose, C unidirectionally
 * broadcast). Quantized with a runtime A and a constant B: an optional `Transpose` of A, then a
 * `Linear` integer node whose weight is alpha · op(B) (transposed to [N, K]) and whose bias is
 * beta · C rounded at the output scale = input scale + weight scale. Free in the circuit with
 * constant weights.
 */
import { attrFloat, attrInt } from '../onnx/attributes.js'
import { broadcastShapes, shapeError } from '../onnx/shapes.js'
import { quantizeArray } from '../ir/scales.js'
import { float, int, sameInfo } from './common.js'
import { matmulBlock } from './matMul.js'
import type { ComputeOp, Kernel } from './types.js'
import { inputsRange } from './arity.js'

/** Gemm: Y = alpha · op(A) · op(B) + beta · C. */
const gemmKernel: Kernel = (node, [a, b, c]) => {
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

/** Gemm. Canonical: inputs A, B, C?; attributes alpha, beta (float), transA, transB (int). */
export const gemm: ComputeOp = {
  opType: 'Gemm',
  arity: [inputsRange(2, 3)],
  kind: 'compute',
  canonicalize: (node, ctx) =>
    ctx.rewrite({
      alpha: float(attrFloat(node, 'alpha', 1)),
      beta: float(attrFloat(node, 'beta', 1)),
      transA: int(attrInt(node, 'transA', 0)),
      transB: int(attrInt(node, 'transB', 0)),
    }),
  inferShape(node, inputs) {
    const x = inputs[0]!
    const s = x.shape
    const b = inputs[1]!.shape
    if (s.length !== 2 || b.length !== 2) shapeError(node, 'Gemm operands must be 2-D', [s, b])
    const [m, ka] = attrInt(node, 'transA', 0) ? [s[1]!, s[0]!] : [s[0]!, s[1]!]
    const [kb, n] = attrInt(node, 'transB', 0) ? [b[1]!, b[0]!] : [b[0]!, b[1]!]
    if (ka !== kb) shapeError(node, `inner dimensions differ (${ka} vs ${kb})`, [s, b])
    const c = inputs[2]
    if (c && broadcastShapes(node, c.shape, [m, n]).join() !== [m, n].join())
      shapeError(node, `C of shape [${c.shape}] does not broadcast to [${m},${n}]`, [s, b, c.shape])
    return sameInfo(x, [m, n])
  },
  floatKernel: gemmKernel,
  quantize(node, q) {
    const [x, w, b] = node.inputs
    const out = node.outputs[0]!
    if (!q.isConstant(w!) || q.isConstant(x!)) q.unsupported('Gemm needs a runtime A and a constant B')
    const alpha = attrFloat(node, 'alpha', 1)
    const beta = attrFloat(node, 'beta', 1)
    let a = x!
    if (attrInt(node, 'transA', 0)) {
      a = `${x}@T`
      q.addTensor(a, [...q.shape(x!)].reverse(), q.scale(x!))
      q.emit({ op: 'Transpose', name: `${node.name}.transA`, inputs: [x!], outputs: [a], perm: [1, 0] })
    }
    const B = q.constant(w)!
    const [r0, r1] = B.dims as [number, number]
    const transB = attrInt(node, 'transB', 0) === 1
    const N = transB ? r0 : r1
    const K = transB ? r1 : r0
    const Wt = new Float64Array(N * K)
    for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) Wt[n * K + k] = alpha * (transB ? B.data[n * K + k]! : B.data[k * N + n]!)
    const weights = q.addWeights(`${node.name}.W`, [N, K], Wt)
    const sOut = q.scale(a) + weights.scale
    let bias: string | undefined
    const C = q.constant(b)
    if (C) {
      if (C.data.length !== 1 && C.data.length !== N) q.unsupported(`bias C of shape [${C.dims}] (only [N] or scalar)`)
      const full = Array.from({ length: N }, (_, n) => beta * C.data[C.data.length === 1 ? 0 : n]!)
      bias = q.addConstant(`${node.name}.b`, [N], quantizeArray(full, sOut))
    } else if (b) q.unsupported('Gemm with a runtime C')
    q.emit({ name: node.name, inputs: [a], outputs: [out], op: 'Linear', weight: weights.name, bias })
    q.setScale(out, sOut)
  },
  emits: ['Transpose', 'Linear'],
}
