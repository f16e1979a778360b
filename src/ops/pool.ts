/**
 * MaxPool, AveragePool (1-D / 2-D: explicit pads, strides, dilations, ceil_mode,
 * count_include_pad) and GlobalAveragePool (any spatial rank in float; 1-D / 2-D quantized).
 *
 * AveragePool divisor: with count_include_pad, the taps inside the padded input
 * `[-padBegin, in + padEnd)` (taps that only exist because of ceil_mode are not counted);
 * otherwise the taps inside the input.
 *
 * Quantization: MaxPool requantizes its input to the target scale, then a pairwise max tree
 * over each window (`MaxPool`, one decomposition per comparison). Average pools are a window
 * sum multiplied by round(2^shift / count), folded into the output scale (`SumPool`, free):
 * shift = log2(count) for a power-of-two window, else ceil(log2(count)) + 8 extra bits.
 */
import { attrInt, attrInts, attrString } from '../onnx/attributes.js'
import type { Attribute, Node } from '../onnx/ir.js'
import { shapeSize } from '../onnx/ir.js'
import { ones, resolveAutoPads, shapeError, windowOutputShape } from '../onnx/shapes.js'
import { int, intList, sameInfo } from './common.js'
import { as2d, checkSame, geometry2d, windowRank, type Geometry2d } from './window.js'
import type { CanonicalizeContext, CanonicalResult, ComputeOp, InferShape, Kernel, QuantizeContext } from './types.js'
import { ONE_IN } from './arity.js'

/** Extra fractional bits of an average whose window count is not a power of two. */
const AVG_EXTRA_BITS = 8

/** MaxPool / AveragePool (canonical attributes explicit, single output). */
const poolKernel: Kernel = (node, [x]) => {
  const isMax = node.opType === 'MaxPool'
  const oneD = x!.dims.length === 3
  const [N, C, H, W] = oneD ? [x!.dims[0]!, x!.dims[1]!, 1, x!.dims[2]!] : (x!.dims as [number, number, number, number])
  const kernel = attrInts(node, 'kernel_shape')
  const outSpatial = windowOutputShape(node, x!.dims.slice(2), kernel)
  const nd = kernel.length
  const s = attrInts(node, 'strides', ones(nd))
  const d = attrInts(node, 'dilations', ones(nd))
  const p = attrInts(node, 'pads', new Array<number>(2 * nd).fill(0))
  const [KH, KW, OH, OW] = oneD ? [1, kernel[0]!, 1, outSpatial[0]!] : [kernel[0]!, kernel[1]!, outSpatial[0]!, outSpatial[1]!]
  const [sh, sw, dh, dw] = oneD ? [1, s[0]!, 1, d[0]!] : [s[0]!, s[1]!, d[0]!, d[1]!]
  const [pt, pl, pb, pr] = oneD ? [0, p[0]!, 0, p[1]!] : [p[0]!, p[1]!, p[2]!, p[3]!]
  const includePad = attrInt(node, 'count_include_pad', 0) === 1
  const X = x!.data
  const out = new Float64Array(N * C * OH * OW)
  for (let nc = 0; nc < N * C; nc++) {
    const xBase = nc * H * W
    const oBase = nc * OH * OW
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        let acc = isMax ? -Infinity : 0
        let count = 0
        for (let ky = 0; ky < KH; ky++) {
          const iy = oy * sh - pt + ky * dh
          const rowIn = iy >= 0 && iy < H
          const rowPadded = iy >= -pt && iy < H + pb
          for (let kx = 0; kx < KW; kx++) {
            const ix = ox * sw - pl + kx * dw
            if (rowIn && ix >= 0 && ix < W) {
              const v = X[xBase + iy * W + ix]!
              if (isMax) {
                if (v > acc || Number.isNaN(v)) acc = v
              } else acc += v
              if (!includePad) count++
            }
            if (includePad && rowPadded && ix >= -pl && ix < W + pr) count++
          }
        }
        out[oBase + oy * OW + ox] = isMax ? acc : acc / count
      }
    }
  }
  return [{ dtype: x!.dtype, dims: oneD ? [N, C, OW] : [N, C, OH, OW], data: out }]
}

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

/**
 * Canonical MaxPool / AveragePool: X (rank 3/4) → Y only; kernel_shape, strides, pads, ceil_mode;
 * dilations (MaxPool; AveragePool only from opset 19); count_include_pad (AveragePool).
 * With SAME_* padding the output size is ceil(in / stride) whatever ceil_mode says.
 */
function canonicalizePool(node: Node, ctx: CanonicalizeContext): CanonicalResult {
  windowRank(node, ctx)
  const { opset, x } = ctx
  const isMax = node.opType === 'MaxPool'
  if (isMax && node.outputs[1] && ctx.isUsed(node.outputs[1])) ctx.unsupported('the Indices output is not supported')
  const n = ctx.rank - 2
  const kernel = attrInts(node, 'kernel_shape')
  if (kernel.length !== n) shapeError(node, `kernel_shape has ${kernel.length} dims for ${n} spatial dims`, [x.shape])
  const strides = attrInts(node, 'strides', ones(n))
  const hasDilations = isMax ? opset >= 10 : opset >= 19
  const dilations = hasDilations ? attrInts(node, 'dilations', ones(n)) : ones(n)
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
  const ceil = autoPad.startsWith('SAME') || opset < 10 ? 0 : attrInt(node, 'ceil_mode', 0)
  const attributes: Record<string, Attribute> = { kernel_shape: intList(kernel), strides: intList(strides), pads: intList(pads), ceil_mode: int(ceil) }
  if (isMax || opset >= 19) attributes['dilations'] = intList(dilations)
  if (!isMax) attributes['count_include_pad'] = int(opset >= 7 ? attrInt(node, 'count_include_pad', 0) : 0)
  return ctx.rewrite(attributes)
}

const inferPool: InferShape = (node, [x]) => {
  const s = x!.shape
  const spatial = windowOutputShape(node, s.slice(2), attrInts(node, 'kernel_shape'))
  if (spatial.some((d) => d <= 0)) shapeError(node, 'kernel is larger than the padded input', [s])
  return sameInfo(x!, [s[0]!, s[1]!, ...spatial])
}

function globalGeometry(shape: number[]): Geometry2d {
  return {
    kernel: [shape[2]!, shape[3]!] as [number, number],
    pads: [0, 0, 0, 0] as [number, number, number, number],
    strides: [1, 1] as [number, number],
    dilations: [1, 1] as [number, number],
  }
}

/** AveragePool and GlobalAveragePool: a `SumPool` scaled by round(2^shift / count). */
function quantizeAverage(node: Node, q: QuantizeContext): void {
  const x = node.inputs[0]!
  const out = node.outputs[0]!
  const v = as2d(node, q, x, out)
  const geo = node.opType === 'GlobalAveragePool' ? globalGeometry(q.shape(v.x2)) : geometry2d(node, q)
  const count = geo.kernel[0] * geo.kernel[1]
  const pow2 = Number.isInteger(Math.log2(count))
  const shift = pow2 ? Math.log2(count) : Math.ceil(Math.log2(count)) + AVG_EXTRA_BITS
  const countIncludePad = node.opType === 'AveragePool' && attrInt(node, 'count_include_pad', 0) === 1
  q.setScale(out, q.scale(x) + shift)
  q.emit({ name: node.name, inputs: [v.x2], outputs: [v.out2], op: 'SumPool', ...geo, average: { shift, countIncludePad } })
  v.done()
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
    const v = as2d(node, q, a, out)
    q.setScale(out, q.scale(a))
    const { kernel, pads, strides, dilations } = geometry2d(node, q)
    q.emit({ name: node.name, inputs: [v.x2], outputs: [v.out2], op: 'MaxPool', kernel, pads, strides, dilations })
    v.done()
  },
  emits: ['Requant', 'Reshape', 'MaxPool'],
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
  emits: ['Reshape', 'SumPool'],
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
  emits: ['Reshape', 'SumPool'],
}
