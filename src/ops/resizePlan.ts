/**
 * The geometry of ONNX Resize (opsets 11–25): output size, the coordinate transformation, and
 * the interpolation weights of each output element. Every mode is a constant-coefficient linear
 * map of the input (nearest: one coefficient 1; linear: 2 per axis; cubic: 4 per axis; with
 * antialias, wider), plus a constant for `tf_crop_and_resize` points outside the crop box.
 *
 * Per axis the rules are the ONNX reference's: x_original from the output coordinate by the
 * coordinate transformation mode; ratio = x_original − floor(x_original) (1 when it is an
 * integer); the n coefficients of the mode at that ratio apply to the n nearest input positions
 * (lower ones first on ties) of the input padded by ceil(n/2) repeated edge values; with
 * `exclude_outside` the coefficients of padded positions drop and the rest are renormalized. The
 * axes combine as the reference's nested 1-D interpolations: a product of the per-axis weights,
 * where an axis whose x_original falls outside a `tf_crop_and_resize` box yields the
 * extrapolation value for everything inside it.
 */
import { attrFloat, attrInt, attrInts, attrString } from '../onnx/attributes.js'
import type { Node, Tensor } from '../onnx/ir.js'
import { checkShapeSize, normalizeAxis, shapeError } from '../onnx/shapes.js'
import { forEachIndex, stridesOf, type Plan } from './movement.js'

/** The resolved attributes and parameters of a Resize node. */
export type ResizeGeometry = {
  mode: 'nearest' | 'linear' | 'cubic'
  /** Scale factor of each axis (1 on axes not resized). */
  scales: number[]
  /** Output length of each axis. */
  shape: number[]
  /** Crop box per axis as [start, end] fractions (tf_crop_and_resize). */
  roi: [number, number][]
}

/** Output size and per-axis scale factors of a canonical Resize node (see the module doc). */
export function resizeGeometry(node: Node, dims: readonly number[], param: (slot: number) => Tensor | undefined): ResizeGeometry {
  const r = dims.length
  const mode = attrString(node, 'mode', 'nearest') as ResizeGeometry['mode']
  const axes = attrInts(node, 'axes', dims.map((_, i) => i)).map((a) => normalizeAxis(node, a, r, dims))
  const given = (slot: number) => {
    const t = param(slot)
    return t && t.data.length ? Array.from(t.data) : undefined
  }
  const scalesIn = given(2)
  const sizesIn = given(3)
  if (!scalesIn === !sizesIn) shapeError(node, 'exactly one of scales and sizes must be given', [dims])
  const scales = dims.map(() => 1)
  const shape = [...dims]
  if (sizesIn) {
    if (sizesIn.length !== axes.length) shapeError(node, `sizes has ${sizesIn.length} values for ${axes.length} axes`, [dims])
    const policy = attrString(node, 'keep_aspect_ratio_policy', 'stretch')
    axes.forEach((a, i) => (scales[a] = sizesIn[i]! / dims[a]!))
    if (policy === 'stretch') axes.forEach((a, i) => (shape[a] = sizesIn[i]!))
    else {
      const ratios = axes.map((a) => scales[a]!)
      const s = policy === 'not_larger' ? Math.min(...ratios) : Math.max(...ratios)
      for (const a of axes) {
        scales[a] = s
        shape[a] = Math.floor(s * dims[a]! + 0.5)
      }
    }
  } else {
    if (scalesIn!.length !== axes.length) shapeError(node, `scales has ${scalesIn!.length} values for ${axes.length} axes`, [dims])
    axes.forEach((a, i) => {
      if (!(scalesIn![i]! > 0)) shapeError(node, `scale ${scalesIn![i]} is not positive`, [dims])
      scales[a] = scalesIn![i]!
      shape[a] = Math.floor(scalesIn![i]! * dims[a]!)
    })
  }
  checkShapeSize(node, shape)
  const roiIn = given(1)
  const roi = dims.map((): [number, number] => [0, 1])
  if (roiIn && attrString(node, 'coordinate_transformation_mode', 'half_pixel') === 'tf_crop_and_resize') {
    if (roiIn.length !== 2 * axes.length) shapeError(node, `roi has ${roiIn.length} values for ${axes.length} axes`, [dims])
    axes.forEach((a, i) => (roi[a] = [roiIn[i]!, roiIn[i + axes.length]!]))
  }
  return { mode, scales, shape, roi }
}

/** One axis's interpolation for one output position: input positions and weights, or the extrapolation value. */
type Axis1d = { extrapolate: true } | { extrapolate: false; index: number[]; coeff: number[] }

function nearestCoeffs(ratio: number, mode: string): number[] {
  if (Number.isInteger(ratio)) return [0, 1]
  switch (mode) {
    case 'round_prefer_ceil':
      return ratio < 0.5 ? [1, 0] : [0, 1]
    case 'floor':
      return [1, 0]
    case 'ceil':
      return [0, 1]
    default: // round_prefer_floor
      return ratio <= 0.5 ? [1, 0] : [0, 1]
  }
}

function cubicCoeffs(ratio: number, A: number): number[] {
  const p = ratio + 1
  const q = 1 - ratio
  return [((A * p - 5 * A) * p + 8 * A) * p - 4 * A, ((A + 2) * ratio - (A + 3)) * ratio * ratio + 1, ((A + 2) * q - (A + 3)) * q * q + 1, ((A * (q + 1) - 5 * A) * (q + 1) + 8 * A) * (q + 1) - 4 * A]
}

function cubicKernel(x: number, A: number): number {
  const t = Math.abs(x)
  if (t <= 1) return ((A + 2) * t - (A + 3)) * t * t + 1
  if (t < 2) return ((A * t - 5 * A) * t + 8 * A) * t - 4 * A
  return 0
}

function normalized(cs: number[]): number[] {
  const s = cs.reduce((a, c) => a + c, 0)
  return cs.map((c) => c / s)
}

function modeCoeffs(node: Node, mode: ResizeGeometry['mode'], ratio: number, scale: number): number[] {
  const antialias = attrInt(node, 'antialias', 0) === 1
  if (mode === 'nearest') return nearestCoeffs(ratio, attrString(node, 'nearest_mode', 'round_prefer_floor'))
  const A = attrFloat(node, 'cubic_coeff_a', -0.75)
  if (!antialias) return mode === 'linear' ? [1 - ratio, ratio] : cubicCoeffs(ratio, A)
  const s = Math.min(scale, 1)
  if (mode === 'linear') {
    const start = Math.floor(-1 / s) + 1
    return normalized(Array.from({ length: 2 - 2 * start }, (_, k) => Math.min(1, Math.max(0, 1 - Math.abs((start + k - ratio) * s)))))
  }
  const start = Math.floor(-2 / s) + 1
  return normalized(Array.from({ length: 2 - 2 * start }, (_, k) => cubicKernel(s * (start + k - ratio), A)))
}

/** The interpolation of output position `x` along an axis of input length `len` (see the module doc). */
function axisPoint(node: Node, g: ResizeGeometry, axis: number, len: number, x: number): Axis1d {
  const scale = g.scales[axis]!
  const width = scale * len
  const [r0, r1] = g.roi[axis]!
  let xo: number
  switch (attrString(node, 'coordinate_transformation_mode', 'half_pixel')) {
    case 'align_corners':
      xo = width === 1 ? 0 : (x * (len - 1)) / (width - 1)
      break
    case 'asymmetric':
      xo = x / scale
      break
    case 'tf_crop_and_resize':
      xo = (width === 1 ? ((r1 - r0) * (len - 1)) / 2 : (x * (r1 - r0) * (len - 1)) / (width - 1)) + r0 * (len - 1)
      if (xo < 0 || xo > len - 1) return { extrapolate: true }
      break
    case 'pytorch_half_pixel':
      xo = width === 1 ? -0.5 : (x + 0.5) / scale - 0.5
      break
    case 'half_pixel_symmetric': {
      const offset = (len / 2) * (1 - g.shape[axis]! / width)
      xo = offset + (x + 0.5) / scale - 0.5
      break
    }
    default: // half_pixel
      xo = (x + 0.5) / scale - 0.5
  }
  const ratio = Number.isInteger(xo) ? 1 : xo - Math.floor(xo)
  let coeff = modeCoeffs(node, g.mode, ratio, scale)
  const n = coeff.length
  const pad = Math.ceil(n / 2)
  // The n nearest positions of the edge-padded input (length len + 2·pad), lower ones first on ties.
  const base = Math.min(Math.max(Math.ceil(xo + pad) - n / 2, 0), len + 2 * pad - n) - pad
  const positions = Array.from({ length: n }, (_, k) => base + k)
  if (attrInt(node, 'exclude_outside', 0) === 1) coeff = normalized(coeff.map((c, k) => (positions[k]! < 0 || positions[k]! >= len ? 0 : c)))
  return { extrapolate: false, index: positions.map((p) => Math.min(Math.max(p, 0), len - 1)), coeff }
}

/**
 * The linear plan of a canonical Resize node: per output element, input positions with weights
 * (duplicates merged, zero weights dropped) and a constant (the extrapolation value's share).
 */
export function resizePlan(node: Node, dims: readonly number[], param: (slot: number) => Tensor | undefined): Plan {
  const g = resizeGeometry(node, dims, param)
  const r = dims.length
  const strides = stridesOf(dims)
  const perAxis = g.shape.map((o, a) => Array.from({ length: o }, (_, x) => axisPoint(node, g, a, dims[a]!, x)))
  const extrapolation = attrFloat(node, 'extrapolation_value', 0)
  const rows: { terms: Map<number, number>; bias: number }[] = []
  forEachIndex(g.shape, (c) => {
    let terms = new Map<number, number>([[0, 1]])
    let bias = 0
    for (let a = 0; a < r && terms.size; a++) {
      const p = perAxis[a]![c[a]!]!
      if (p.extrapolate) {
        for (const w of terms.values()) bias += w * extrapolation
        terms = new Map()
        continue
      }
      const next = new Map<number, number>()
      for (const [off, w] of terms)
        p.index.forEach((i, k) => {
          if (p.coeff[k] === 0) return
          const key = off + i * strides[a]!
          next.set(key, (next.get(key) ?? 0) + w * p.coeff[k]!)
        })
      terms = next
    }
    for (const [k, w] of terms) if (w === 0) terms.delete(k)
    rows.push({ terms, bias })
  })
  const T = rows.reduce((a, row) => Math.max(a, row.terms.size), 1)
  checkShapeSize(node, [rows.length, T])
  const index = new Int32Array(rows.length * T).fill(-1)
  const coeff = new Float64Array(rows.length * T)
  const bias = new Float64Array(rows.length)
  rows.forEach((row, i) => {
    let t = i * T
    for (const [k, w] of row.terms) (index[t] = k), (coeff[t++] = w)
    bias[i] = row.bias
  })
  if (g.shape.some((d) => d < 0)) shapeError(node, `negative output size [${g.shape}]`, [dims])
  const extrapolates = attrString(node, 'coordinate_transformation_mode', 'half_pixel') === 'tf_crop_and_resize'
  return { shape: g.shape, index, terms: T, coeff, bias: extrapolates ? bias : undefined }
}
