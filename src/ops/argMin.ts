/**
 * ArgMin along one axis (int64 output; ties go to the first minimum unless select_last_index).
 * Quantization: the input negated (`Affine`, free), then an `ArgMax` node: the index of the
 * first (or last) maximum of −x is that of the first (or last) minimum of x. Cost per output
 * element: that of ArgMax (n booleans, n products and n bit decompositions for an axis of n).
 */
import { attrInt } from '../onnx/attributes.js'
import { normalizeAxis } from '../onnx/shapes.js'
import { argMax } from './argMax.js'
import { around } from './common.js'
import { introduced } from './pointwise.js'
import type { ComputeOp, Kernel } from './types.js'
import { ONE_IN } from './arity.js'

/** ArgMin along `axis` (first minimum unless select_last_index). */
const argMinKernel: Kernel = (node, [x]) => {
  const dims = x!.dims
  const axis = normalizeAxis(node, attrInt(node, 'axis', 0), dims.length, dims)
  const last = attrInt(node, 'select_last_index', 0) === 1
  const [outer, len, inner] = around(dims, axis)
  const out = new Float64Array(outer * inner)
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i
      let best = 0
      for (let k = 1; k < len; k++) {
        const v = x!.data[base + k * inner]!
        const b = x!.data[base + best * inner]!
        if (v < b || (last && v === b)) best = k
      }
      out[o * inner + i] = best
    }
  const outDims = attrInt(node, 'keepdims', 1) === 1 ? dims.map((d, i) => (i === axis ? 1 : d)) : dims.filter((_, i) => i !== axis)
  return [{ dtype: 'int64', dims: outDims, data: out }]
}

/** ArgMin. Canonical form as ArgMax's: input X → int64; attributes axis ≥ 0, keepdims, select_last_index. */
export const argMin: ComputeOp = {
  opType: 'ArgMin',
  arity: [ONE_IN],
  kind: 'compute',
  canonicalize: argMax.canonicalize,
  inferShape: argMax.inferShape,
  floatKernel: argMinKernel,
  quantize(node, q) {
    const x = node.inputs[0]!
    const rank = q.graphShape(x).length
    const neg = introduced(node, 'neg')
    q.emit({ name: `${node.name}.neg`, inputs: [x], outputs: [neg], op: 'Affine', mul: q.addConstant(`${node.name}.neg`, [1], [-1]) })
    q.addTensor(neg, q.shape(x), q.scale(x), q.dtype(x))
    const axis = (attrInt(node, 'axis', 0) + rank) % rank
    q.emit({ name: node.name, inputs: [neg], outputs: [node.outputs[0]!], op: 'ArgMax', axis, selectLastIndex: attrInt(node, 'select_last_index', 0) === 1 })
    q.setScale(node.outputs[0]!, 0)
  },
  emits: ['Affine', 'ArgMax'],
}
