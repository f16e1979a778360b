/**
 * TopK: the k largest (or smallest) elements along an axis, sorted, with their int64 indices;
 * equal values keep the lower index first (ONNX). k must be a constant.
 *
 * Quantization: one `TopK` node with two outputs (values at the input's scale, indices at scale 0).
 * The circuit checks a prover-chosen selection instead of sorting: per slice of n elements, k
 * one-hot selector rows, the selected values, strictly decreasing keys n·y_j − index_j between
 * consecutive outputs, and every unselected element below the k-th (see
 * `src/circuit/gadgets/topK.ts`). Cost per slice: 2kn + k + (k − 1)(B + log2 n + 2) + n(B + 3)
 * constraints (the last term vanishes when k = n); a network of compare-swaps would need about
 * k·n·(B + 3). Smallest-first negates the values (free).
 */
import { attrInt } from '../onnx/attributes.js'
import type { Node, Tensor } from '../onnx/ir.js'
import { normalizeAxis, shapeError } from '../onnx/shapes.js'
import { around, int, int64 } from './common.js'
import type { ComputeOp, Kernel } from './types.js'

/** k of a canonical TopK node (its constant input K). */
function kOf(node: Node, K: Tensor | undefined): number {
  if (!K || K.data.length !== 1) return shapeError(node, 'K must be a 1-element constant', [K?.dims ?? []])
  return K.data[0]!
}

const topKKernel: Kernel = (node, [x, K]) => {
  const dims = x!.dims
  const axis = normalizeAxis(node, attrInt(node, 'axis', -1), dims.length, dims)
  const k = kOf(node, K)
  const largest = attrInt(node, 'largest', 1) === 1
  const [outer, n, inner] = around(dims, axis)
  const outDims = dims.map((d, i) => (i === axis ? k : d))
  const values = new Float64Array(outer * k * inner)
  const indices = new Float64Array(outer * k * inner)
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      const at = (m: number) => x!.data[(o * n + m) * inner + i]!
      const order = Array.from({ length: n }, (_, m) => m).sort((p, r) => (largest ? at(r) - at(p) : at(p) - at(r)) || p - r)
      for (let j = 0; j < k; j++) {
        values[(o * k + j) * inner + i] = at(order[j]!)
        indices[(o * k + j) * inner + i] = order[j]!
      }
    }
  return [
    { dtype: x!.dtype, dims: outDims, data: values },
    { dtype: 'int64', dims: [...outDims], data: indices },
  ]
}

/** TopK. Canonical: inputs X, K (a 1-element int64 constant); attributes axis ≥ 0, largest, sorted. */
export const topK: ComputeOp = {
  opType: 'TopK',
  arity: [
    { inputs: [1, 1], outputs: [2, 2] },
    { opset: 10, inputs: [2, 2], outputs: [2, 2] },
  ],
  kind: 'compute',
  constantInputs: [1],
  canonicalize(node, ctx) {
    const axis = normalizeAxis(node, attrInt(node, 'axis', -1), ctx.rank, ctx.x.shape)
    const attributes = { axis: int(axis), largest: int(ctx.opset >= 11 ? attrInt(node, 'largest', 1) : 1), sorted: int(ctx.opset >= 11 ? attrInt(node, 'sorted', 1) : 1) }
    // Before opset 10, k is an attribute; the canonical form (opset ≥ 13) takes it as input K.
    const K = ctx.opset < 10 ? ctx.addInitializer(`${node.name}_k`, int64([attrInt(node, 'k')])) : ctx.inputs[1]!
    return ctx.rewrite(attributes, [ctx.inputs[0]!, K], [...node.outputs])
  },
  inferShape(node, [x], constant) {
    const dims = x!.shape
    const axis = normalizeAxis(node, attrInt(node, 'axis', -1), dims.length, dims)
    const k = kOf(node, constant(node.inputs[1]!))
    if (!Number.isInteger(k) || k < 0 || k > dims[axis]!) shapeError(node, `k = ${k} is outside [0, ${dims[axis]}]`, [dims])
    const out = dims.map((d, i) => (i === axis ? k : d))
    return [
      { dtype: x!.dtype, shape: out },
      { dtype: 'int64', shape: [...out] },
    ]
  },
  floatKernel: topKKernel,
  quantize(node, q) {
    const x = node.inputs[0]!
    const [values, indices] = [node.outputs[0]!, node.outputs[1] ?? '']
    const k = kOf(node, q.constant(node.inputs[1]!))
    const rank = q.graphShape(x).length
    const axis = (attrInt(node, 'axis', -1) + rank) % rank
    q.emit({ op: 'TopK', name: node.name, inputs: [x], outputs: [values, indices], axis, k, largest: attrInt(node, 'largest', 1) === 1 })
    if (values) q.setScale(values, q.scale(x))
    if (indices) q.setScale(indices, 0)
  },
  emits: ['TopK'],
}
