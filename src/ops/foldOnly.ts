/**
 * The fold-only ops (Shape, Gather, Cast, Slice, ConstantOfShape): the shape arithmetic of
 * PyTorch exports. They are supported only when every input is a constant, and their kernels
 * only ever run during `prepareGraph`. They read raw (non-canonical) nodes, so they handle each
 * opset's form themselves.
 */
import { OnnxParseError } from '../errors/compile.js'
import { attrInt, attrInts, attrTensor } from '../onnx/attributes.js'
import { dtypeFromCode } from '../onnx/dtypes.js'
import type { DType, Tensor } from '../onnx/ir.js'
import { shapeSize } from '../onnx/ir.js'
import { checkShapeSize, normalizeAxis, shapeError } from '../onnx/shapes.js'
import type { FoldOp, Kernel } from './types.js'
import { ONE_IN, TWO_IN, inputsRange } from './arity.js'

/** Shape (start/end since opset 15). Only `dims` of the input is read. */
const shapeKernel: Kernel = (node, [x]) => {
  const r = x!.dims.length
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + r : v, 0), r)
  const start = clamp(attrInt(node, 'start', 0))
  const end = clamp(attrInt(node, 'end', r))
  const dims = x!.dims.slice(start, Math.max(start, end))
  return [{ dtype: 'int64', dims: [dims.length], data: Float64Array.from(dims) }]
}

/** Gather along `axis` (negative indices count from the end). */
const gatherKernel: Kernel = (node, [data, indices]) => {
  const dims = data!.dims
  const axis = normalizeAxis(node, attrInt(node, 'axis', 0), dims.length, dims)
  const outer = shapeSize(dims.slice(0, axis))
  const len = dims[axis]!
  const inner = shapeSize(dims.slice(axis + 1))
  const idx = indices!.data
  const outDims = [...dims.slice(0, axis), ...indices!.dims, ...dims.slice(axis + 1)]
  const out = new Float64Array(checkShapeSize(node, outDims))
  for (let o = 0; o < outer; o++)
    for (let k = 0; k < idx.length; k++) {
      const j = idx[k]! < 0 ? idx[k]! + len : idx[k]!
      if (!Number.isInteger(j) || j < 0 || j >= len) shapeError(node, `index ${idx[k]} is out of range for axis ${axis} of size ${len}`, [dims])
      out.set(data!.data.subarray((o * len + j) * inner, (o * len + j + 1) * inner), (o * idx.length + k) * inner)
    }
  return [{ dtype: data!.dtype, dims: outDims, data: out }]
}

/** Converts a value to `dtype`'s value set (truncation toward zero for integers, wrap-around not modelled). */
function castValue(v: number, dtype: DType): number {
  switch (dtype) {
    case 'bool':
      return v !== 0 ? 1 : 0
    case 'float32':
      return Math.fround(v)
    case 'float64':
    case 'float16':
    case 'bfloat16':
      return v
    default:
      return Math.trunc(v)
  }
}

/** Cast to the dtype in `to`. */
const castKernel: Kernel = (node, [x]) => {
  const to = node.attributes['to']
  const dtype = to?.type === 'int' ? dtypeFromCode(to.value) : undefined
  if (dtype === undefined)
    throw new OnnxParseError(`Node "${node.name}" (Cast): unsupported target type.`, { tensorName: node.name })
  return [{ dtype, dims: [...x!.dims], data: x!.data.map((v) => castValue(v, dtype)) }]
}

/** Slice (attribute form before opset 10, input form since). */
const sliceKernel: Kernel = (node, inputs, opset) => {
  const x = inputs[0]!
  const r = x.dims.length
  let starts: number[]
  let ends: number[]
  let axes: number[]
  let steps: number[]
  if (opset < 10) {
    starts = attrInts(node, 'starts')
    ends = attrInts(node, 'ends')
    axes = attrInts(node, 'axes', starts.map((_, i) => i))
    steps = starts.map(() => 1)
  } else {
    starts = Array.from(inputs[1]!.data)
    ends = Array.from(inputs[2]!.data)
    axes = inputs[3] ? Array.from(inputs[3].data) : starts.map((_, i) => i)
    steps = inputs[4] ? Array.from(inputs[4].data) : starts.map(() => 1)
  }
  const begin = new Array<number>(r).fill(0)
  const step = new Array<number>(r).fill(1)
  const outDims = [...x.dims]
  axes.forEach((a0, i) => {
    const a = normalizeAxis(node, a0, r, x.dims)
    const dim = x.dims[a]!
    const st = steps[i]!
    const clampTo = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + dim : v, lo), hi)
    const b = st > 0 ? clampTo(starts[i]!, 0, dim) : clampTo(starts[i]!, -1, dim - 1)
    const e = st > 0 ? clampTo(ends[i]!, 0, dim) : clampTo(ends[i]!, -1, dim - 1)
    begin[a] = b
    step[a] = st
    outDims[a] = Math.max(0, Math.ceil((e - b) / st))
  })
  const inStrides = new Array<number>(r)
  for (let i = r - 1, s = 1; i >= 0; i--) {
    inStrides[i] = s
    s *= x.dims[i]!
  }
  const out = new Float64Array(shapeSize(outDims))
  const idx = new Array<number>(r).fill(0)
  for (let o = 0; o < out.length; o++) {
    let off = 0
    for (let d = 0; d < r; d++) off += (begin[d]! + idx[d]! * step[d]!) * inStrides[d]!
    out[o] = x.data[off]!
    for (let d = r - 1; d >= 0; d--) {
      if (++idx[d]! < outDims[d]!) break
      idx[d] = 0
    }
  }
  return [{ dtype: x.dtype, dims: outDims, data: out }]
}

/** ConstantOfShape: a tensor of the given shape filled with `value` (default float32 0). */
const constantOfShapeKernel: Kernel = (node, [shape]) => {
  const value = attrTensor(node, 'value') ?? { dtype: 'float32' as const, dims: [1], data: new Float64Array(1) }
  const dims = Array.from(shape!.data)
  return [{ dtype: value.dtype, dims, data: new Float64Array(checkShapeSize(node, dims)).fill(value.data[0] ?? 0) }]
}

/** Shape (only the static shape of its input is read, so its input may be a runtime value). */
export const shape: FoldOp = { opType: 'Shape', arity: [ONE_IN], kind: 'fold', floatKernel: shapeKernel }
/** Gather. */
export const gather: FoldOp = { opType: 'Gather', arity: [TWO_IN], kind: 'fold', floatKernel: gatherKernel }
/** Cast. */
export const cast: FoldOp = { opType: 'Cast', arity: [ONE_IN], kind: 'fold', floatKernel: castKernel }
/** Slice. */
export const slice: FoldOp = { opType: 'Slice', arity: [ONE_IN, inputsRange(3, 5, 10)], kind: 'fold', floatKernel: sliceKernel }
/** ConstantOfShape. */
export const constantOfShape: FoldOp = { opType: 'ConstantOfShape', arity: [ONE_IN], kind: 'fold', floatKernel: constantOfShapeKernel }
