/**
 * The shape arithmetic the operator definitions share (broadcasting, pooling/convolution output
 * sizes, reshape resolution, MatMul shapes); each op's own shape rule is its `inferShape` in
 * `src/ops/`. Every failure is a {@link ShapeMismatchError} naming the op, the node and the shapes.
 */
import { ShapeMismatchError } from '../errors/compile.js'
import { attrInt, attrInts } from './attributes.js'
import type { Node } from './ir.js'
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
