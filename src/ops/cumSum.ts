/**
 * CumSum: running sums along a constant axis (exclusive: the sum of the elements before;
 * reverse: summed from the end). Quantized as one `CumSum` integer node at the input's scale:
 * free in the circuit (0 constraints per element, but for a wire materialized every 32 terms
 * of a long run).
 */
import { attrInt } from '../onnx/attributes.js'
import { normalizeAxis, shapeError } from '../onnx/shapes.js'
import { int, int64, io, sameInfo } from './common.js'
import type { ComputeOp, Kernel } from './types.js'
import { TWO_IN } from './arity.js'

/** The axis of a canonical node (its constant input 1). */
function axisOf(node: { opType: string; name: string }, axis: { data: Float64Array; dims: number[] } | undefined, rank: number): number {
  if (!axis || axis.data.length !== 1) shapeError(node, 'axis must be a scalar', [axis?.dims ?? []])
  return normalizeAxis(node, axis.data[0]!, rank)
}

/** CumSum along the axis (exclusive, reverse). */
const cumSumKernel: Kernel = (node, [x, axisTensor]) => {
  const dims = x!.dims
  const axis = axisOf(node, axisTensor, dims.length)
  const exclusive = attrInt(node, 'exclusive', 0) === 1
  const reverse = attrInt(node, 'reverse', 0) === 1
  const len = dims[axis]!
  const inner = dims.slice(axis + 1).reduce((a, d) => a * d, 1)
  const outer = dims.slice(0, axis).reduce((a, d) => a * d, 1)
  const out = new Float64Array(x!.data.length)
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      let acc = 0
      for (let j = 0; j < len; j++) {
        const at = (o * len + (reverse ? len - 1 - j : j)) * inner + i
        const v = x!.data[at]!
        out[at] = exclusive ? acc : acc + v
        acc += v
      }
    }
  return [{ dtype: x!.dtype, dims: [...dims], data: out }]
}

/** CumSum. Canonical: inputs X, axis (an int64 scalar initializer, ≥ 0); exclusive and reverse explicit. */
export const cumSum: ComputeOp = {
  opType: 'CumSum',
  arity: [TWO_IN],
  kind: 'compute',
  constantInputs: [1],
  canonicalize(node, ctx) {
    const axis = axisOf(node, ctx.constant(ctx.inputs[1]!), ctx.rank)
    const axisName = ctx.addInitializer(`${node.name}_axis`, { ...int64([axis]), dims: [] })
    return ctx.rewrite({ exclusive: int(attrInt(node, 'exclusive', 0)), reverse: int(attrInt(node, 'reverse', 0)) }, [ctx.inputs[0]!, axisName])
  },
  inferShape: (node, [x, axis], constant) => {
    if (axis && axis.shape.length > 1) shapeError(node, 'axis must be a scalar', [x!.shape, axis.shape])
    axisOf(node, constant(node.inputs[1]!), x!.shape.length)
    return sameInfo(x!, [...x!.shape])
  },
  floatKernel: cumSumKernel,
  quantize(node, q) {
    const x = node.inputs[0]!
    const axis = axisOf(node, q.constant(node.inputs[1]), q.shape(x).length)
    q.emit({ ...io(node), op: 'CumSum', axis, exclusive: attrInt(node, 'exclusive', 0) === 1, reverse: attrInt(node, 'reverse', 0) === 1 })
    q.setScale(node.outputs[0]!, q.scale(x))
  },
  emits: ['CumSum'],
}
