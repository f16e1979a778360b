/**
 * ConvTranspose over 1-D, 2-D and 3-D inputs: strides, pads, output_padding, output_shape,
 * auto_pad, dilations, group and an optional bias.
 *
 * y[n, m, o] = B[m] + Σ x[n, c, i] · W[c, m mod M/group, k] over o = i·s + k·d − pad_begin
 * (X [N, C, in...], W [C, M/group, k...]). Output size s·(in − 1) + output_padding + (k − 1)·d + 1
 * − pad_begin − pad_end.
 *
 * It is a Conv over the input with s − 1 zeros between elements (input dilation s), stride 1, the
 * same dilation, pads d·(k − 1) − pad_begin and d·(k − 1) − pad_end + output_padding, and the
 * weight flipped along every spatial axis with its channel axes swapped. The float kernel and the
 * integer form both use that: quantized, one `Conv` integer node with `inputDilations` (free in
 * the circuit with constant weights: 0 constraints per output element); output scale = input
 * scale + weight scale.
 */
import { attrInt, attrInts, attrString } from '../onnx/attributes.js'
import type { Node, Tensor } from '../onnx/ir.js'
import { shapeSize } from '../onnx/ir.js'
import { ones, shapeError } from '../onnx/shapes.js'
import { quantizeArray } from '../ir/scales.js'
import { int, intList, sameInfo } from './common.js'
import { convFloat } from './conv.js'
import { windowRank } from './window.js'
import type { ComputeOp, Kernel } from './types.js'
import { inputsRange } from './arity.js'

/** The canonical node's attributes. */
function attrs(node: Node, n: number) {
  return {
    strides: attrInts(node, 'strides', ones(n)),
    dilations: attrInts(node, 'dilations', ones(n)),
    pads: attrInts(node, 'pads', new Array<number>(2 * n).fill(0)),
    outputPadding: attrInts(node, 'output_padding', new Array<number>(n).fill(0)),
    group: attrInt(node, 'group', 1),
  }
}

/** Output spatial dims of a canonical node. */
function outputSpatial(node: Node, input: readonly number[], kernel: readonly number[]): number[] {
  const n = input.length
  const a = attrs(node, n)
  return input.map((len, i) => a.strides[i]! * (len - 1) + a.outputPadding[i]! + (kernel[i]! - 1) * a.dilations[i]! + 1 - a.pads[i]! - a.pads[i + n]!)
}

/** W [C, M/group, k...] as a Conv weight [M, C/group, k...], flipped along every spatial axis. */
function asConvWeight(w: { dims: readonly number[]; data: ArrayLike<number> }, group: number): { dims: number[]; data: Float64Array } {
  const [C, Mg] = w.dims as [number, number]
  const K = shapeSize(w.dims.slice(2))
  const Cg = C / group
  const M = Mg * group
  const data = new Float64Array(M * Cg * K)
  for (let m = 0; m < M; m++) {
    const g = Math.floor(m / Mg)
    for (let c = 0; c < Cg; c++) {
      const src = ((g * Cg + c) * Mg + (m - g * Mg)) * K
      const dst = (m * Cg + c) * K
      for (let k = 0; k < K; k++) data[dst + k] = w.data[src + K - 1 - k]!
    }
  }
  return { dims: [M, Cg, ...w.dims.slice(2)], data }
}

/** The equivalent Conv's geometry (see the module doc). */
function convGeometry(node: Node, kernel: readonly number[]) {
  const n = kernel.length
  const a = attrs(node, n)
  const span = kernel.map((k, i) => (k - 1) * a.dilations[i]!)
  return {
    pads: [...span.map((s, i) => s - a.pads[i]!), ...span.map((s, i) => s - a.pads[i + n]! + a.outputPadding[i]!)],
    strides: ones(n),
    dilations: a.dilations,
    inputDilations: a.strides,
    group: a.group,
  }
}

/** ConvTranspose (canonical attributes). */
const convTransposeKernel: Kernel = (node, [x, w, bias]) => {
  const kernel = w!.dims.slice(2)
  const out = outputSpatial(node, x!.dims.slice(2), kernel)
  const weight = asConvWeight(w!, attrInt(node, 'group', 1))
  const data = convFloat(x!, weight, bias?.data, convGeometry(node, kernel), out)
  return [{ dtype: x!.dtype, dims: [x!.dims[0]!, weight.dims[0]!, ...out], data }]
}

/**
 * ConvTranspose. Canonical: inputs X (rank 3 to 5), W, B?; attributes kernel_shape, strides,
 * dilations, pads `[begin..., end...]` (≥ 0), output_padding, group; no auto_pad and no
 * output_shape. Both are resolved into pads as the ONNX spec says: the total padding for the
 * output size (output_shape, or in·stride with SAME_*) is split with floor(total / 2) at the
 * beginning for SAME_UPPER, at the end otherwise (explicit pads are then ignored). A negative end
 * (an output longer than the full one) is zeros at the end, written as output_padding.
 */
export const convTranspose: ComputeOp = {
  opType: 'ConvTranspose',
  arity: [inputsRange(2, 3)],
  kind: 'compute',
  canonicalize(node, ctx) {
    windowRank(node, ctx)
    const { x, inputs, rank } = ctx
    const w = ctx.info(inputs[1]!)
    const n = rank - 2
    const input = x.shape.slice(2)
    const kernel = attrInts(node, 'kernel_shape', w.shape.slice(2))
    if (kernel.join() !== w.shape.slice(2).join()) shapeError(node, `kernel_shape [${kernel}] differs from the weight shape`, [x.shape, w.shape])
    const strides = attrInts(node, 'strides', ones(n))
    const dilations = attrInts(node, 'dilations', ones(n))
    const outputPadding = attrInts(node, 'output_padding', new Array<number>(n).fill(0))
    if (strides.length !== n || dilations.length !== n || outputPadding.length !== n) shapeError(node, `strides, dilations and output_padding need ${n} values`, [x.shape, w.shape])
    const autoPad = attrString(node, 'auto_pad', 'NOTSET')
    const explicit = autoPad === 'NOTSET' && node.attributes['pads'] ? attrInts(node, 'pads') : undefined
    if (explicit && explicit.length !== 2 * n) shapeError(node, `pads has ${explicit.length} values, expected ${2 * n}`, [x.shape])
    let target = node.attributes['output_shape'] ? attrInts(node, 'output_shape') : undefined
    if (target && target.length === rank) target = target.slice(2)
    if (target && target.length !== n) shapeError(node, `output_shape has ${target.length} values for ${n} spatial dims`, [x.shape])
    const begin: number[] = []
    const end: number[] = []
    for (let i = 0; i < n; i++) {
      const full = strides[i]! * (input[i]! - 1) + outputPadding[i]! + (kernel[i]! - 1) * dilations[i]! + 1
      const same = autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER'
      if (!same && autoPad !== 'NOTSET' && autoPad !== 'VALID') shapeError(node, `unknown auto_pad "${autoPad}"`, [x.shape])
      if (same || target) {
        // The total padding for the requested output, split as the ONNX spec says (floor division).
        const total = full - (target?.[i] ?? input[i]! * strides[i]!)
        // onnxruntime clamps a negative total to 0 (a shorter output than the spec's in·stride).
        if (same && !target && total < 0) ctx.unsupported(`auto_pad ${autoPad} with stride ${strides[i]} > kernel span ${full - strides[i]! * (input[i]! - 1)} needs negative padding (onnxruntime and the ONNX spec differ); use explicit pads`)
        const half = Math.floor(total / 2)
        begin.push(autoPad === 'SAME_UPPER' ? half : total - half)
        end.push(autoPad === 'SAME_UPPER' ? total - half : half)
      } else {
        begin.push(explicit?.[i] ?? 0)
        end.push(explicit?.[i + n] ?? 0)
      }
    }
    if (begin.some((p) => p < 0)) ctx.unsupported(`output_shape larger than the full output at the beginning (pads [${begin}])`)
    // Positions past the full output (a negative end pad) are zeros: the same as output_padding.
    const padding = outputPadding.map((p, i) => p + Math.max(0, -end[i]!))
    return ctx.rewrite({
      kernel_shape: intList(kernel),
      strides: intList(strides),
      dilations: intList(dilations),
      pads: intList([...begin, ...end.map((e) => Math.max(0, e))]),
      output_padding: intList(padding),
      group: int(attrInt(node, 'group', 1)),
    })
  },
  inferShape(node, inputs) {
    const x = inputs[0]!
    const s = x.shape
    const w = inputs[1]!.shape
    const group = attrInt(node, 'group', 1)
    if (w.length !== s.length) shapeError(node, 'weight rank differs from input rank', [s, w])
    if (s[1] !== w[0]) shapeError(node, `input channels ${s[1]} != weight dim 0 (${w[0]})`, [s, w])
    if (s[1]! % group !== 0) shapeError(node, `input channels ${s[1]} not divisible by group ${group}`, [s, w])
    const b = inputs[2]
    if (b && (b.shape.length !== 1 || b.shape[0] !== w[1]! * group)) shapeError(node, 'bias must be 1-D with one value per output channel', [s, w, b.shape])
    const spatial = outputSpatial(node, s.slice(2), w.slice(2))
    if (spatial.some((d) => d <= 0)) shapeError(node, 'the padding removes the whole output', [s, w])
    return sameInfo(x, [s[0]!, w[1]! * group, ...spatial])
  },
  floatKernel: convTransposeKernel,
  quantize(node, q) {
    const [x, w, b] = node.inputs
    const out = node.outputs[0]!
    if (!q.isConstant(w!)) q.unsupported('ConvTranspose with a runtime weight')
    const W: Tensor = q.constant(w)!
    const conv = asConvWeight(W, attrInt(node, 'group', 1))
    const weights = q.addWeights(`${node.name}.W`, conv.dims, conv.data)
    const sOut = q.scale(x!) + weights.scale
    const C = q.constant(b)
    q.setScale(out, sOut)
    q.emit({
      name: node.name,
      inputs: [x!],
      outputs: [out],
      op: 'Conv',
      weight: weights.name,
      bias: C ? q.addConstant(`${node.name}.b`, C.dims, quantizeArray(C.data, sOut)) : undefined,
      ...convGeometry(node, W.dims.slice(2)),
    })
  },
  emits: ['Conv'],
}
