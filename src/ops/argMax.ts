/**
 * ArgMax along one axis (int64 output; ties go to the first maximum unless select_last_index).
 * Quantized as an `ArgMax` integer node (see `src/ir/lower/argmax.ts`); the output is an index
 * at scale 0. Cost per output element (axis length n): n booleans, n products and n bit
 * decompositions (see `src/circuit/gadgets/argmax.ts`).
 */
import { attrInt } from '../onnx/attributes.js'
import { normalizeAxis } from '../onnx/shapes.js'
import { around, int, io, sameInfo } from './common.js'
import type { ComputeOp, Kernel } from './types.js'
import { ONE_IN } from './arity.js'

/** ArgMax along `axis` (int64 output; first maximum unless select_last_index). */
const argMaxKernel: Kernel = (node, [x]) => {
  const dims = x!.dims
  const axis = normalizeAxis(node, attrInt(node, 'axis', 0), dims.length, dims)
  const keep = attrInt(node, 'keepdims', 1) === 1
  const last = attrInt(node, 'select_last_index', 0) === 1
  const [outer, len, inner] = around(dims, axis)
  const X = x!.data
  const out = new Float64Array(outer * inner)
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i
      let best = 0
      let bestV = X[base]!
      for (let k = 1; k < len; k++) {
        const v = X[base + k * inner]!
        if (v > bestV || (last && v === bestV)) {
          best = k
          bestV = v
        }
      }
      out[o * inner + i] = best
    }
  }
  const outDims = keep ? dims.map((d, i) => (i === axis ? 1 : d)) : dims.filter((_, i) => i !== axis)
  return [{ dtype: 'int64', dims: outDims, data: out }]
}

/** ArgMax. Canonical: input X → int64; attributes axis ≥ 0, keepdims, select_last_index. */
export const argMax: ComputeOp = {
  opType: 'ArgMax',
  arity: [ONE_IN],
  kind: 'compute',
  canonicalize: (node, ctx) =>
    ctx.rewrite({
      axis: int(normalizeAxis(node, attrInt(node, 'axis', 0), ctx.rank, ctx.x.shape)),
      keepdims: int(attrInt(node, 'keepdims', 1)),
      select_last_index: int(ctx.opset >= 12 ? attrInt(node, 'select_last_index', 0) : 0),
    }),
  inferShape(node, [x]) {
    const s = x!.shape
    const axis = normalizeAxis(node, attrInt(node, 'axis', 0), s.length, s)
    const out = attrInt(node, 'keepdims', 1) ? s.map((d, i) => (i === axis ? 1 : d)) : s.filter((_, i) => i !== axis)
    return sameInfo(x!, out, 'int64')
  },
  floatKernel: argMaxKernel,
  quantize(node, q) {
    const x = node.inputs[0]!
    const rank = q.graphShape(x).length
    const axis = (attrInt(node, 'axis', 0) + rank) % rank
    q.emit({ ...io(node), op: 'ArgMax', axis, selectLastIndex: attrInt(node, 'select_last_index', 0) === 1 })
    q.setScale(node.outputs[0]!, 0)
  },
  emits: ['ArgMax'],
}
