/**
 * Resize and Upsample with constant roi/scales/sizes (geometry in `resizePlan.ts`). Integer
 * form: nearest is data movement (one `IndexMap`); linear and cubic, with or without
 * antialias, are constant-coefficient linear maps (one `SparseLinear`, coefficients at the
 * smallest exact scale: a 2× bilinear upsample adds 2 bits per resized axis to the scale, and
 * nothing is rounded).
 * Zero constraints either way. Upsample and opset-10 Resize become the opset-13 Resize form
 * (asymmetric coordinates; nearest rounds down when upsampling and up when downsampling, as
 * onnxruntime does for those opsets).
 */
import { attrFloat, attrFloats, attrInt, attrString } from '../onnx/attributes.js'
import type { Attribute, Node } from '../onnx/ir.js'
import { float, int } from './common.js'
import { movementOp, type Planner } from './movement.js'
import { resizePlan } from './resizePlan.js'
import type { CanonicalizeContext, CanonicalResult, ComputeOp } from './types.js'
import { ONE_IN, TWO_IN, inputsRange } from './arity.js'

const MODES = ['nearest', 'linear', 'cubic']
const TRANSFORMS = ['half_pixel', 'half_pixel_symmetric', 'pytorch_half_pixel', 'align_corners', 'asymmetric', 'tf_crop_and_resize']
const NEAREST = ['round_prefer_floor', 'round_prefer_ceil', 'floor', 'ceil']
const str = (value: string): Attribute => ({ type: 'string', value })

const planResize: Planner = (node, [dims], param) => [resizePlan(node, dims!, param)]

/** Upsample and opset-10 Resize: (X, scales) with asymmetric coordinates → the opset-13 Resize form. */
function legacyForm(node: Node, ctx: CanonicalizeContext, scales: number[]): CanonicalResult {
  let mode = attrString(node, 'mode', 'nearest')
  if (mode === 'bilinear') mode = 'linear'
  if (mode !== 'nearest' && mode !== 'linear') ctx.unsupported(`mode "${mode}" is not supported`)
  if (scales.length !== ctx.rank) ctx.unsupported(`scales has ${scales.length} values for rank ${ctx.rank}`)
  const down = scales.some((s) => s < 1)
  if (mode === 'nearest' && down && scales.some((s) => s > 1)) ctx.unsupported('nearest with some axes up- and others downsampled (opset < 11)')
  const attributes: Record<string, Attribute> = { mode: str(mode), coordinate_transformation_mode: str('asymmetric'), nearest_mode: str(down ? 'ceil' : 'floor') }
  const s = ctx.addInitializer(`${node.name}_scales`, { dtype: 'float32', dims: [scales.length], data: Float64Array.from(scales) })
  return ctx.result([{ opType: 'Resize', name: node.name, inputs: [ctx.inputs[0]!, '', s], outputs: [node.outputs[0]!], attributes }])
}

/**
 * Resize. Canonical (opset ≥ 11 form): every attribute the op reads explicit (antialias and
 * keep_aspect_ratio_policy from opset 18); inputs X, roi, scales, sizes as given (constants).
 */
export const resize: ComputeOp = {
  opType: 'Resize',
  arity: [TWO_IN, inputsRange(3, 4, 11), inputsRange(1, 4, 13)],
  kind: 'compute',
  constantInputs: [1, 2, 3],
  canonicalize(node, ctx) {
    const { opset, inputs } = ctx
    if (opset < 11) return legacyForm(node, ctx, Array.from(ctx.constant(inputs[1]!)!.data))
    const mode = attrString(node, 'mode', 'nearest')
    const transform = attrString(node, 'coordinate_transformation_mode', 'half_pixel')
    const nearest = attrString(node, 'nearest_mode', 'round_prefer_floor')
    if (!MODES.includes(mode)) ctx.unsupported(`mode "${mode}" is not supported`)
    if (!TRANSFORMS.includes(transform)) ctx.unsupported(`coordinate_transformation_mode "${transform}" is not supported`)
    if (!NEAREST.includes(nearest)) ctx.unsupported(`nearest_mode "${nearest}" is not supported`)
    const attributes: Record<string, Attribute> = {
      mode: str(mode),
      coordinate_transformation_mode: str(transform),
      nearest_mode: str(nearest),
      cubic_coeff_a: float(attrFloat(node, 'cubic_coeff_a', -0.75)),
      exclude_outside: int(attrInt(node, 'exclude_outside', 0)),
      extrapolation_value: float(attrFloat(node, 'extrapolation_value', 0)),
    }
    if (opset >= 18) {
      attributes['antialias'] = int(attrInt(node, 'antialias', 0))
      attributes['keep_aspect_ratio_policy'] = str(attrString(node, 'keep_aspect_ratio_policy', 'stretch'))
      if (node.attributes['axes']) attributes['axes'] = node.attributes['axes']
      if (mode === 'nearest' && attributes['antialias'].type === 'int' && attributes['antialias'].value) ctx.unsupported('antialias with nearest')
    }
    return ctx.rewrite(attributes)
  },
  ...movementOp({ planner: planResize }, ['IndexMap', 'SparseLinear']),
}

/** Upsample (opsets 7–9; deprecated since 10): rewritten into Resize. */
export const upsample: ComputeOp = {
  opType: 'Upsample',
  arity: [ONE_IN, { ...TWO_IN, opset: 9 }],
  kind: 'compute',
  constantInputs: [1],
  canonicalize(node, ctx) {
    const scales = ctx.opset < 9 ? attrFloats(node, 'scales') : Array.from(ctx.constant(ctx.inputs[1]!)!.data)
    return legacyForm(node, ctx, scales)
  },
  ...movementOp({ planner: planResize }, ['IndexMap', 'SparseLinear']),
}
