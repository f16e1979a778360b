/**
 * MaxPool, AveragePool (1-D / 2-D / 3-D: explicit pads, strides, dilations, ceil_mode,
 * count_include_pad) and GlobalAveragePool (any spatial rank). The shared window rules
 * (canonical form, shape rule, float kernel) also serve LpPool (`lpPool.ts`).
 *
 * AveragePool divisor: with count_include_pad, the taps inside the padded input
 * `[-padBegin, in + padEnd)` (taps that only exist because of ceil_mode are not counted);
 * otherwise the taps inside the input.
 *
 * Quantization: MaxPool requantizes its input to the target scale, then a pairwise max tree
 * over each window (`MaxPool`: window − 1 comparisons per output element, one bit decomposition
 * each). A requantization (a ReLU's included) that feeds only the pool is then moved after it by
 * the quantizer (`src/quantize/poolFirst.ts`; exact, it is monotone): the tree compares the wider
 * pre-activations, and each pooled value is requantized once instead of each input. Average pools are a window sum multiplied by round(2^shift / count), folded into the
 * output scale (`SumPool`, free: 0 constraints): shift = log2(count) for a power-of-two window
 * (the multiplier is 1 and the division is left to the next requantize's shift), else
 * ceil(log2(count)) + 8 extra bits.
 */
import { attrInt, attrInts, attrString } from '../onnx/attributes.js'
import type { Attribute, Node, Tensor } from '../onnx/ir.js'
import { shapeSize } from '../onnx/ir.js'
import { ones, resolveAutoPads, shapeError, windowOutputShape } from '../onnx/shapes.js'
import { windowTaps } from '../ir/lower/window.js'
import { int, intList, sameInfo } from './common.js'
import { checkSame, windowGeometry, windowRank, type Geometry } from './window.js'
import type { CanonicalizeContext, CanonicalResult, ComputeOp, InferShape, Kernel, QuantizeContext } from './types.js'
import { ONE_IN } from './arity.js'

/** Extra fractional bits of an average whose window count is not a power of two. */
export const AVG_EXTRA_BITS = 8

/** What a window reduces to: the max, the average, or the p-norm (LpPool). */
type PoolMode = { kind: 'max' } | { kind: 'average'; includePad: boolean } | { kind: 'lp'; p: number }

/** A pooling window in float over N spatial dims (NC + spatial). */
export function poolFloat(x: Tensor, node: Node, mode: PoolMode): Tensor {
  const [N, C] = x.dims as [number, number]
  const inSpatial = x.dims.slice(2)
  const kernel = attrInts(node, 'kernel_shape')
  const outSpatial = windowOutputShape(node, inSpatial, kernel)
  const taps = windowTaps(inSpatial, outSpatial, windowGeometry(node, kernel.length))
  const I = shapeSize(inSpatial)
  const O = shapeSize(outSpatial)
  const X = x.data
  const out = new Float64Array(N * C * O)
  for (let nc = 0; nc < N * C; nc++) {
    const xBase = nc * I
    for (let o = 0; o < O; o++) {
      const t0 = taps.start[o]!
      const t1 = taps.start[o + 1]!
      let acc = mode.kind === 'max' ? -Infinity : 0
      for (let t = t0; t < t1; t++) {
        const v = X[xBase + taps.input[t]!]!
        if (mode.kind === 'max') {
          if (v > acc || Number.isNaN(v)) acc = v
        } else if (mode.kind === 'average') acc += v
        else acc += Math.abs(v) ** mode.p
      }
      out[nc * O + o] = mode.kind === 'max' ? acc : mode.kind === 'average' ? acc / (mode.includePad ? taps.padded[o]! : t1 - t0) : acc ** (1 / mode.p)
    }
  }
  return { dtype: x.dtype, dims: [N, C, ...outSpatial], data: out }
}

/** MaxPool / AveragePool (canonical attributes explicit, single output). */
const poolKernel: Kernel = (node, [x]) => [
  poolFloat(x!, node, node.opType === 'MaxPool' ? { kind: 'max' } : { kind: 'average', includePad: attrInt(node, 'count_include_pad', 0) === 1 }),
]

/** GlobalAveragePool: mean over all spatial dims, kept as size-1 dims. */
const globalAveragePoolKernel: Kernel = (_node, [x]) => {
  const [N, C] = [x!.dims[0]!, x!.dims[1]!]
  const inner = shapeSize(x!.dims.slice(2))
  const out = new Float64Array(N * C)
  for (let i = 0; i < N * C; i++) {
    let acc = 0
    for (let j = 0; j < inner; j++) acc += x!.data[i * inner + j]!
    out[i] = acc / inner
  }
  return [{ dtype: x!.dtype, dims: [N, C, ...ones(x!.dims.length - 2)], data: out }]
}

/** The opset from which an op has the `dilations` and `ceil_mode` attributes (MaxPool 10, AveragePool 19 / 10, LpPool 18). */
function since(opType: string): { dilations: number; ceil: number } {
  if (opType === 'MaxPool') return { dilations: 10, ceil: 10 }
  if (opType === 'LpPool') return { dilations: 18, ceil: 18 }
  return { dilations: 19, ceil: 10 }
}

/**
 * Canonical MaxPool / AveragePool / LpPool: X (rank 3 to 5) → Y only; kernel_shape, strides,
 * pads, ceil_mode and dilations where the opset has them; count_include_pad (AveragePool),
 * p (LpPool). With SAME_* padding the output size is ceil(in / stride) whatever ceil_mode says.
 */
export function canonicalizePool(node: Node, ctx: CanonicalizeContext): CanonicalResult {
  windowRank(node, ctx)
  const { opset, x } = ctx
  const isMax = node.opType === 'MaxPool'
  if (isMax && node.outputs[1] && ctx.isUsed(node.outputs[1])) ctx.unsupported('the Indices output is not supported')
  const n = ctx.rank - 2
  const kernel = attrInts(node, 'kernel_shape')
  if (kernel.length !== n) shapeError(node, `kernel_shape has ${kernel.length} dims for ${n} spatial dims`, [x.shape])
  const strides = attrInts(node, 'strides', ones(n))
  const v = since(node.opType)
  const dilations = opset >= v.dilations ? attrInts(node, 'dilations', ones(n)) : ones(n)
  const autoPad = attrString(node, 'auto_pad', 'NOTSET')
  checkSame(ctx, autoPad, kernel, strides, dilations)
  const pads = resolveAutoPads(node, {
    autoPad,
    explicit: node.attributes['pads'] ? attrInts(node, 'pads') : undefined,
    input: x.shape.slice(2),
    kernel,
    strides,
    dilations,
  })
  const ceil = autoPad.startsWith('SAME') || opset < v.ceil ? 0 : attrInt(node, 'ceil_mode', 0)
  const attributes: Record<string, Attribute> = { kernel_shape: intList(kernel), strides: intList(strides), pads: intList(pads) }
  // Canonical nodes are valid ONNX at opset max(13, opset): attributes the opset lacks stay out.
  if (Math.max(13, opset) >= v.ceil) attributes['ceil_mode'] = int(ceil)
  if (Math.max(13, opset) >= v.dilations) attributes['dilations'] = intList(dilations)
  if (node.opType === 'AveragePool') attributes['count_include_pad'] = int(opset >= 7 ? attrInt(node, 'count_include_pad', 0) : 0)
  if (node.opType === 'LpPool') attributes['p'] = int(attrInt(node, 'p', 2))
  return ctx.rewrite(attributes)
}

/** Output shape of a canonical MaxPool / AveragePool / LpPool node. */
export const inferPool: InferShape = (node, [x]) => {
  const s = x!.shape
  const spatial = windowOutputShape(node, s.slice(2), attrInts(node, 'kernel_shape'))
  if (spatial.some((d) => d <= 0)) shapeError(node, 'kernel is larger than the padded input', [s])
  return sameInfo(x!, [s[0]!, s[1]!, ...spatial])
}

/** The window over all spatial dims (GlobalAveragePool). */
function globalGeometry(shape: readonly number[]): Geometry {
  const n = shape.length - 2
  return { kernel: shape.slice(2), pads: new Array<number>(2 * n).fill(0), strides: ones(n), dilations: ones(n) }
}

/** The average's shift: log2(count) for a power of two, else ceil(log2(count)) + {@link AVG_EXTRA_BITS}. */
export function averageShift(count: number): number {
  return Number.isInteger(Math.log2(count)) ? Math.log2(count) : Math.ceil(Math.log2(count)) + AVG_EXTRA_BITS
}

/** AveragePool and GlobalAveragePool: a `SumPool` scaled by round(2^shift / count). */
function quantizeAverage(node: Node, q: QuantizeContext): void {
  const x = node.inputs[0]!
  const out = node.outputs[0]!
  const shape = q.shape(x)
  const geo = node.opType === 'GlobalAveragePool' ? globalGeometry(shape) : windowGeometry(node, shape.length - 2)
  const shift = averageShift(shapeSize(geo.kernel))
  const countIncludePad = node.opType === 'AveragePool' && attrInt(node, 'count_include_pad', 0) === 1
  q.setScale(out, q.scale(x) + shift)
  q.emit({ name: node.name, inputs: [x], outputs: [out], op: 'SumPool', ...geo, average: { shift, countIncludePad } })
}

/** MaxPool (the Indices output is refused). */
export const maxPool: ComputeOp = {
  opType: 'MaxPool',
  arity: [{ inputs: [1, 1], outputs: [1, 2] }],
  kind: 'compute',
  canonicalize: canonicalizePool,
  inferShape: inferPool,
  floatKernel: poolKernel,
  quantize(node, q) {
    const x = node.inputs[0]!
    const out = node.outputs[0]!
    if (node.outputs.length > 1 && node.outputs[1]) q.unsupported('MaxPool with an Indices output')
    const a = q.toTarget(x, `${node.name}.requant`)
    q.setScale(out, q.scale(a))
    q.emit({ name: node.name, inputs: [a], outputs: [out], op: 'MaxPool', ...windowGeometry(node, q.shape(x).length - 2) })
  },
  emits: ['Requant', 'MaxPool'],
}

/** AveragePool. */
export const averagePool: ComputeOp = {
  opType: 'AveragePool',
  arity: [ONE_IN],
  kind: 'compute',
  canonicalize: canonicalizePool,
  inferShape: inferPool,
  floatKernel: poolKernel,
  quantize: quantizeAverage,
  emits: ['SumPool'],
}

/** GlobalAveragePool. Canonical: input X; no attributes. */
export const globalAveragePool: ComputeOp = {
  opType: 'GlobalAveragePool',
  arity: [ONE_IN],
  kind: 'compute',
  canonicalize: (_node, ctx) => ctx.rewrite({}),
  inferShape(node, [x]) {
    const s = x!.shape
    if (s.length < 3) shapeError(node, 'input must have rank >= 3', [s])
    return sameInfo(x!, [s[0]!, s[1]!, ...ones(s.length - 2)])
  },
  floatKernel: globalAveragePoolKernel,
  quantize: quantizeAverage,
  emits: ['SumPool'],
}
