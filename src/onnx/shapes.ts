/**
 * Static shape inference for canonical nodes (see `canonical.ts`), and the shape arithmetic the
 * float kernels share (broadcasting, pooling/convolution output sizes, reshape resolution).
 * Every failure is a {@link ShapeMismatchError} naming the op, the node and the shapes.
 */
import { ShapeMismatchError } from '../errors/compile.js'
import { attrFloat, attrInt, attrInts } from './attributes.js'
import type { DType, Node, Tensor, TensorInfo } from './ir.js'
import { MAX_TENSOR_ELEMENTS, checkedShapeSize, shapeSize } from './ir.js'

/** What a shape helper needs to name the node in its error. */
export type ShapeContext = { opType: string; name: string }

/** Throws a {@link ShapeMismatchError} for `node`. */
export function shapeError(node: ShapeContext, reason: string, shapes: readonly (readonly number[])[]): never {
  throw new ShapeMismatchError({ opType: node.opType, nodeName: node.name, shapes, reason })
}

/**
 * The element count of a shape a node produces, refusing shapes with invalid dims or more than
 * {@link MAX_TENSOR_ELEMENTS} elements before anything of that size is allocated.
 * @throws {ShapeMismatchError} naming the node
 */
export function checkShapeSize(node: ShapeContext, shape: readonly number[]): number {
  const n = checkedShapeSize(shape)
  if (n === undefined) shapeError(node, `shape [${shape}] is invalid or holds more than ${MAX_TENSOR_ELEMENTS} elements`, [shape])
  return n
}

/** Normalizes a possibly negative axis into `[0, rank)`. @throws {ShapeMismatchError} out of range */
export function normalizeAxis(node: ShapeContext, axis: number, rank: number, shape: readonly number[] = []): number {
  const a = axis < 0 ? axis + rank : axis
  if (!Number.isInteger(a) || a < 0 || a >= rank) shapeError(node, `axis ${axis} is out of range for rank ${rank}`, [shape])
  return a
}

/** Numpy (multidirectional) broadcasting of two shapes. @throws {ShapeMismatchError} incompatible */
export function broadcastShapes(node: ShapeContext, a: readonly number[], b: readonly number[]): number[] {
  const r = Math.max(a.length, b.length)
  const out = new Array<number>(r)
  for (let i = 0; i < r; i++) {
    const da = a[a.length - r + i] ?? 1
    const db = b[b.length - r + i] ?? 1
    if (da !== db && da !== 1 && db !== 1) shapeError(node, `cannot broadcast dimension ${da} with ${db}`, [a, b])
    out[i] = da === 1 ? db : da
  }
  return out
}

/**
 * Output length of a sliding window (convolution or pooling) along one axis.
 * Ceil mode follows ONNX/PyTorch: the last window must start inside the input or the begin padding.
 */
export function windowOutputSize(p: {
  input: number
  kernel: number
  stride: number
  dilation: number
  padBegin: number
  padEnd: number
  ceilMode: boolean
}): number {
  const span = (p.kernel - 1) * p.dilation + 1
  const room = p.input + p.padBegin + p.padEnd - span
  if (room < 0) return 0
  let out = (p.ceilMode ? Math.ceil(room / p.stride) : Math.floor(room / p.stride)) + 1
  if (p.ceilMode && (out - 1) * p.stride >= p.input + p.padBegin) out -= 1
  return out
}

/**
 * Explicit `[begin..., end...]` pads for an `auto_pad` mode (SAME_UPPER puts the extra pad at the end).
 * @param explicit the `pads` attribute, used for `NOTSET`
 */
export function resolveAutoPads(
  node: ShapeContext,
  p: { autoPad: string; explicit: number[] | undefined; input: readonly number[]; kernel: readonly number[]; strides: readonly number[]; dilations: readonly number[] },
): number[] {
  const n = p.kernel.length
  if (p.autoPad === 'NOTSET' || p.autoPad === '') {
    const pads = p.explicit ?? new Array<number>(2 * n).fill(0)
    if (pads.length !== 2 * n) shapeError(node, `pads has ${pads.length} values, expected ${2 * n}`, [p.input])
    return pads
  }
  if (p.autoPad === 'VALID') return new Array<number>(2 * n).fill(0)
  if (p.autoPad !== 'SAME_UPPER' && p.autoPad !== 'SAME_LOWER') shapeError(node, `unknown auto_pad "${p.autoPad}"`, [p.input])
  const pads = new Array<number>(2 * n)
  for (let i = 0; i < n; i++) {
    const out = Math.ceil(p.input[i]! / p.strides[i]!)
    const total = Math.max(0, (out - 1) * p.strides[i]! + (p.kernel[i]! - 1) * p.dilations[i]! + 1 - p.input[i]!)
    const small = Math.floor(total / 2)
    pads[i] = p.autoPad === 'SAME_UPPER' ? small : total - small
    pads[i + n] = total - pads[i]!
  }
  return pads
}

/** Spatial output shape of a canonical Conv/MaxPool/AveragePool node (attributes already explicit). */
export function windowOutputShape(node: Node, spatial: readonly number[], kernel: readonly number[]): number[] {
  const n = spatial.length
  const strides = attrInts(node, 'strides', ones(n))
  const dilations = attrInts(node, 'dilations', ones(n))
  const pads = attrInts(node, 'pads', new Array<number>(2 * n).fill(0))
  const ceilMode = attrInt(node, 'ceil_mode', 0) === 1
  return spatial.map((input, i) =>
    windowOutputSize({ input, kernel: kernel[i]!, stride: strides[i]!, dilation: dilations[i]!, padBegin: pads[i]!, padEnd: pads[i + n]!, ceilMode }),
  )
}

/** `n` ones. */
export function ones(n: number): number[] {
  return new Array<number>(n).fill(1)
}

/**
 * Resolves a Reshape target (0 copies the input dim unless `allowzero`, -1 is inferred).
 * @throws {ShapeMismatchError} more than one -1, or element counts differ
 */
export function resolveReshape(node: ShapeContext, input: readonly number[], target: readonly number[], allowZero: boolean): number[] {
  const out = target.map((d, i) => (d === 0 && !allowZero ? input[i] ?? shapeError(node, `shape[${i}] = 0 has no input dimension to copy`, [input, target]) : d))
  const unknown = out.filter((d) => d === -1).length
  if (unknown > 1) shapeError(node, 'shape has more than one -1', [input, target])
  if (out.some((d) => d < -1)) shapeError(node, 'shape has a negative dimension', [input, target])
  const size = shapeSize(input)
  if (unknown === 1) {
    const known = shapeSize(out.filter((d) => d !== -1))
    if (known === 0 || size % known !== 0) shapeError(node, `cannot infer -1: ${size} elements do not divide by ${known}`, [input, target])
    out[out.indexOf(-1)] = size / known
  }
  if (shapeSize(out) !== size) shapeError(node, `reshape from ${size} to ${shapeSize(out)} elements`, [input, target])
  return out
}

/** Output shape of MatMul (numpy matmul: 1-D operands are promoted then squeezed, batch dims broadcast). */
export function matmulShape(node: ShapeContext, a: readonly number[], b: readonly number[]): number[] {
  if (a.length === 0 || b.length === 0) shapeError(node, 'MatMul operands must have rank >= 1', [a, b])
  const a2 = a.length === 1 ? [1, a[0]!] : a
  const b2 = b.length === 1 ? [b[0]!, 1] : b
  const k = a2[a2.length - 1]!
  if (k !== b2[b2.length - 2]) shapeError(node, `inner dimensions differ (${k} vs ${b2[b2.length - 2]})`, [a, b])
  const batch = broadcastShapes(node, a2.slice(0, -2), b2.slice(0, -2))
  const out = [...batch, a2[a2.length - 2]!, b2[b2.length - 1]!]
  if (a.length === 1) out.splice(out.length - 2, 1)
  if (b.length === 1) out.splice(out.length - 1, 1)
  return out
}

/** Reads a constant int tensor as numbers. */
function ints(t: Tensor | undefined): number[] | undefined {
  return t ? Array.from(t.data) : undefined
}

/**
 * Infers the output infos of a canonical compute node.
 * @param node a node in canonical form
 * @param inputs infos of `node.inputs` (undefined for absent optional inputs)
 * @param constant the constant value of a named tensor, if any
 * @throws {ShapeMismatchError} incompatible input shapes
 */
export function inferNode(
  node: Node,
  inputs: readonly (TensorInfo | undefined)[],
  constant: (name: string) => Tensor | undefined,
): TensorInfo[] {
  const x = inputs[0]!
  const s = x.shape
  const same = (shape: number[], dtype: DType = x.dtype): TensorInfo[] => [{ dtype, shape }]
  switch (node.opType) {
    case 'Relu':
    case 'LeakyRelu':
    case 'Sigmoid':
    case 'Clip':
    case 'Identity':
      return same([...s])
    case 'Softmax':
      normalizeAxis(node, attrInt(node, 'axis', -1), s.length, s)
      return same([...s])
    case 'Add':
    case 'Sub':
    case 'Mul':
    case 'Div':
      return same(broadcastShapes(node, s, inputs[1]!.shape))
    case 'MatMul':
      return same(matmulShape(node, s, inputs[1]!.shape))
    case 'Gemm': {
      const b = inputs[1]!.shape
      if (s.length !== 2 || b.length !== 2) shapeError(node, 'Gemm operands must be 2-D', [s, b])
      const [m, ka] = attrInt(node, 'transA', 0) ? [s[1]!, s[0]!] : [s[0]!, s[1]!]
      const [kb, n] = attrInt(node, 'transB', 0) ? [b[1]!, b[0]!] : [b[0]!, b[1]!]
      if (ka !== kb) shapeError(node, `inner dimensions differ (${ka} vs ${kb})`, [s, b])
      const c = inputs[2]
      if (c && broadcastShapes(node, c.shape, [m, n]).join() !== [m, n].join())
        shapeError(node, `C of shape [${c.shape}] does not broadcast to [${m},${n}]`, [s, b, c.shape])
      return same([m, n])
    }
    case 'Conv': {
      const w = inputs[1]!.shape
      const group = attrInt(node, 'group', 1)
      if (w.length !== s.length) shapeError(node, 'weight rank differs from input rank', [s, w])
      if (s[1] !== w[1]! * group) shapeError(node, `input channels ${s[1]} != weight channels ${w[1]} x group ${group}`, [s, w])
      if (w[0]! % group !== 0) shapeError(node, `output channels ${w[0]} not divisible by group ${group}`, [s, w])
      const b = inputs[2]
      if (b && (b.shape.length !== 1 || b.shape[0] !== w[0])) shapeError(node, 'bias must be 1-D with one value per output channel', [s, w, b.shape])
      const spatial = windowOutputShape(node, s.slice(2), w.slice(2))
      if (spatial.some((d) => d <= 0)) shapeError(node, 'kernel is larger than the padded input', [s, w])
      return same([s[0]!, w[0]!, ...spatial])
    }
    case 'MaxPool':
    case 'AveragePool': {
      const spatial = windowOutputShape(node, s.slice(2), attrInts(node, 'kernel_shape'))
      if (spatial.some((d) => d <= 0)) shapeError(node, 'kernel is larger than the padded input', [s])
      return same([s[0]!, s[1]!, ...spatial])
    }
    case 'GlobalAveragePool':
      if (s.length < 3) shapeError(node, 'input must have rank >= 3', [s])
      return same([s[0]!, s[1]!, ...ones(s.length - 2)])
    case 'BatchNormalization': {
      for (let i = 1; i <= 4; i++)
        if (inputs[i]!.shape.length !== 1 || inputs[i]!.shape[0] !== s[1]) shapeError(node, `input ${i} must be 1-D of size C = ${s[1]}`, [s, inputs[i]!.shape])
      attrFloat(node, 'epsilon', 1e-5)
      return same([...s])
    }
    case 'Flatten': {
      const axis = attrInt(node, 'axis', 1)
      if (axis < 0 || axis > s.length) shapeError(node, `axis ${axis} out of range`, [s])
      return same([shapeSize(s.slice(0, axis)), shapeSize(s.slice(axis))])
    }
    case 'Reshape':
      return same(resolveReshape(node, s, ints(constant(node.inputs[1]!))!, attrInt(node, 'allowzero', 0) === 1))
    case 'Transpose': {
      const perm = attrInts(node, 'perm')
      if (perm.length !== s.length || [...perm].sort((a, b) => a - b).some((p, i) => p !== i)) shapeError(node, `invalid perm [${perm}]`, [s])
      return same(perm.map((p) => s[p]!))
    }
    case 'Concat': {
      const axis = normalizeAxis(node, attrInt(node, 'axis'), s.length, s)
      const out = [...s]
      for (const t of inputs.slice(1)) {
        const u = t!.shape
        if (u.length !== s.length || u.some((d, i) => i !== axis && d !== s[i])) shapeError(node, 'inputs differ outside the concat axis', inputs.map((i) => i!.shape))
        out[axis]! += u[axis]!
      }
      return same(out)
    }
    case 'Squeeze': {
      const axes = ints(constant(node.inputs[1]!))!
      for (const a of axes) if (s[a] !== 1) shapeError(node, `cannot squeeze axis ${a} of size ${s[a]}`, [s])
      return same(s.filter((_, i) => !axes.includes(i)))
    }
    case 'Unsqueeze': {
      const axes = ints(constant(node.inputs[1]!))!
      const out: number[] = []
      let j = 0
      for (let i = 0; i < s.length + axes.length; i++) out.push(axes.includes(i) ? 1 : s[j++]!)
      return same(out)
    }
    case 'ArgMax': {
      const axis = normalizeAxis(node, attrInt(node, 'axis', 0), s.length, s)
      const out = attrInt(node, 'keepdims', 1) ? s.map((d, i) => (i === axis ? 1 : d)) : s.filter((_, i) => i !== axis)
      return same(out, 'int64')
    }
    default:
      return shapeError(node, `no shape rule for ${node.opType}`, [s])
  }
}
