/**
 * MatMul: numpy matrix product (1-D operands promoted then squeezed, batch dims broadcast).
 *
 * Quantization (output scale = the sum of the operands' scales):
 * - a runtime left side and a constant 2-D right side: a `Linear` integer node (free in the
 *   circuit with constant weights: 0 constraints);
 * - one constant operand of any other rank (batched weights, or a constant left side): a
 *   `MatMul` integer node with that `weight` (free: 0 constraints);
 * - both operands runtime values: each is requantized to its target scale, then a `MatMul` of
 *   two data tensors: one constraint per product, so K constraints per output element
 *   (K = the contracted dimension), plus the requantizations.
 * 1-D operands are reshaped to [1, K] / [K, 1] around the integer node (free).
 */
import { shapeSize } from '../onnx/ir.js'
import { broadcastShapes, matmulShape } from '../onnx/shapes.js'
import type { Node } from '../onnx/ir.js'
import { io, sameInfo } from './common.js'
import type { ComputeOp, Kernel, QuantizeContext } from './types.js'
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
    const [x, w] = node.inputs as [string, string]
    const out = node.outputs[0]!
    const cx = q.isConstant(x)
    const cw = q.isConstant(w)
    if (cx && cw) q.unsupported('both operands constant (should have been folded)')
    const B = q.constant(w)
    if (!cx && B && B.dims.length === 2) {
      const [K, N] = B.dims as [number, number]
      const Wt = new Float64Array(N * K)
      for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) Wt[n * K + k] = B.data[k * N + n]!
      const weights = q.addWeights(`${node.name}.W`, [N, K], Wt)
      q.emit({ ...io(node), op: 'Linear', weight: weights.name })
      q.setScale(out, q.scale(x) + weights.scale)
      return
    }
    quantizeGeneral(node, q)
  },
  emits: ['Linear', 'MatMul', 'Requant', 'Reshape'],
}

/** An operand as the integer node sees it: rank ≥ 2 (1-D promoted), constant or data. */
type Operand = { constant: string; scale: number; dims: number[] } | { data: string; scale: number; dims: number[] }

/** Every MatMul form but a constant 2-D right side (see the module doc). */
function quantizeGeneral(node: Node, q: QuantizeContext): void {
  const out = node.outputs[0]!
  const both = !q.isConstant(node.inputs[0]!) && !q.isConstant(node.inputs[1]!)
  const operand = (name: string, side: 0 | 1): Operand => {
    const c = q.constant(name)
    const dims = c ? [...c.dims] : q.shape(name)
    const dims2 = dims.length >= 2 ? dims : side === 0 ? [1, dims[0]!] : [dims[0]!, 1]
    if (c) {
      const weights = q.addWeights(`${node.name}.${side === 0 ? 'A' : 'B'}`, dims2, c.data)
      return { constant: weights.name, scale: weights.scale, dims: dims2 }
    }
    let data = both ? q.toTarget(name, `${node.name}.requant${side === 0 ? 'A' : 'B'}`) : name
    if (dims2.length !== dims.length) {
      const promoted = `${data}@${side === 0 ? 'row' : 'col'}`
      q.addTensor(promoted, dims2, q.scale(data))
      q.emit({ op: 'Reshape', name: `${node.name}.promote${side === 0 ? 'A' : 'B'}`, inputs: [data], outputs: [promoted] })
      data = promoted
    }
    return { data, scale: q.scale(data), dims: dims2 }
  }
  const a = operand(node.inputs[0]!, 0)
  const b = operand(node.inputs[1]!, 1)
  const batch = broadcastShapes(node, a.dims.slice(0, -2), b.dims.slice(0, -2))
  const full = [...batch, a.dims[a.dims.length - 2]!, b.dims[b.dims.length - 1]!]
  const target = q.graphShape(out)
  const scale = a.scale + b.scale
  const mm = full.join() === target.join() ? out : `${out}@mm`
  if (mm === out) q.setScale(out, scale)
  else q.addTensor(mm, full, scale)
  const base = { name: node.name, outputs: [mm], op: 'MatMul' as const }
  if ('data' in a && 'data' in b) q.emit({ ...base, inputs: [a.data, b.data] })
  else if ('data' in a && 'constant' in b) q.emit({ ...base, inputs: [a.data], weight: b.constant })
  else if ('constant' in a && 'data' in b) q.emit({ ...base, inputs: [b.data], weight: a.constant, weightLeft: true })
  if (mm !== out) {
    q.emit({ op: 'Reshape', name: `${node.name}.squeeze`, inputs: [mm], outputs: [out] })
    q.setScale(out, scale)
  }
}
