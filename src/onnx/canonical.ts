/**
 * Rewrites one node of any supported opset into the canonical form that the rest of the
 * compiler reads (valid ONNX at opset `max(13, model opset)`):
 *
 * - every attribute the op reads is explicit (defaults filled in), axes are non-negative;
 * - Conv / MaxPool / AveragePool: `auto_pad` is resolved into explicit `pads`;
 * - constant parameters are int64/float initializer inputs (Reshape `shape` is fully resolved,
 *   no 0 or -1; Squeeze/Unsqueeze `axes` sorted; Clip `min`/`max` scalars);
 * - legacy forms are replaced: opset-6 `broadcast`/`axis` element-wise broadcasting (B is
 *   reshaped so numpy broadcasting applies), attribute-form Clip/Squeeze/Unsqueeze,
 *   opset < 13 Softmax (coerced to 2-D: becomes Reshape → Softmax(axis 1) → Reshape),
 *   BatchNormalization `is_test`/`spatial`/`momentum` and extra outputs, MaxPool `storage_order`.
 */
import { UnsupportedOpError } from '../errors/compile.js'
import { attrFloat, attrInt, attrInts, attrString } from './attributes.js'
import type { Attribute, DType, Node, Tensor, TensorInfo } from './ir.js'
import { shapeSize } from './ir.js'
import { CONSTANT_INPUT_SLOTS } from './ops.js'
import type { SupportedOp } from './ops.js'
import { normalizeAxis, ones, resolveAutoPads, resolveReshape, shapeError } from './shapes.js'

/** What canonicalization may ask about the graph being prepared. */
export type CanonicalContext = {
  opset: number
  /** Dtype and shape of a value defined so far. */
  info(name: string): TensorInfo
  /** The constant value of a name, if it is one. */
  constant(name: string): Tensor | undefined
  /** True when a value is read by a later node or is a graph output. */
  isUsed(name: string): boolean
  /** A value/initializer name not used anywhere in the graph yet. */
  freshName(base: string): string
}

/** Canonical replacement of one node: the nodes to emit and the new initializers they read. */
export type CanonicalResult = { nodes: Node[]; initializers: [string, Tensor][] }

const int = (value: number): Attribute => ({ type: 'int', value })
const float = (value: number): Attribute => ({ type: 'float', value })
const intList = (value: number[]): Attribute => ({ type: 'ints', value })
const int64 = (values: number[]): Tensor => ({ dtype: 'int64', dims: [values.length], data: Float64Array.from(values) })
const scalar = (dtype: DType, v: number): Tensor => ({ dtype, dims: [], data: Float64Array.of(v) })

/**
 * Canonicalizes a node (see the module comment). Fold-only, Identity, Dropout and Constant
 * nodes are not handled here.
 * @throws {UnsupportedOpError} an unsupported form (training-mode BatchNormalization, MaxPool indices, 3-D conv, a runtime value where a constant is required)
 * @throws {ShapeMismatchError} shapes that contradict the attributes
 */
export function canonicalizeNode(node: Node, ctx: CanonicalContext): CanonicalResult {
  const { opset } = ctx
  const unsupported = (reason: string): never => {
    throw new UnsupportedOpError({ opType: node.opType, nodeName: node.name, opset, reason })
  }
  for (const slot of CONSTANT_INPUT_SLOTS[node.opType as SupportedOp] ?? []) {
    const name = node.inputs[slot]
    if (name && !ctx.constant(name)) unsupported(`input ${slot} ("${name}") must be a constant`)
  }
  const inputs = trimTrailing(node.inputs)
  const x = ctx.info(node.inputs[0]!)
  const rank = x.shape.length
  const newInits: [string, Tensor][] = []
  const addInit = (base: string, t: Tensor): string => {
    const name = ctx.freshName(base)
    newInits.push([name, t])
    return name
  }
  const one = (attributes: Record<string, Attribute>, ins = inputs, outs = [node.outputs[0]!]): CanonicalResult => ({
    nodes: [{ opType: node.opType, name: node.name, inputs: ins, outputs: outs, attributes }],
    initializers: newInits,
  })
  const windowRank = () => {
    if (rank !== 3 && rank !== 4) unsupported(`only 1-D and 2-D ${node.opType} are supported (input rank ${rank})`)
  }
  // SAME padding where onnxruntime and the ONNX spec disagree is refused rather than guessed:
  // onnxruntime sizes it from the undilated kernel (and rejects dilations for Conv), and a
  // stride longer than the kernel span asks for negative padding (cropping).
  const checkSame = (autoPad: string, kernel: readonly number[], strides: readonly number[], dilations: readonly number[]) => {
    if (!autoPad.startsWith('SAME')) return
    if (dilations.some((d) => d !== 1)) unsupported(`auto_pad ${autoPad} with dilations [${dilations}] is ambiguous (onnxruntime and the ONNX spec differ); use explicit pads`)
    x.shape.slice(2).forEach((input, i) => {
      if ((Math.ceil(input / strides[i]!) - 1) * strides[i]! + kernel[i]! < input)
        unsupported(`auto_pad ${autoPad} with stride ${strides[i]} > kernel ${kernel[i]} needs negative padding; use explicit pads`)
    })
  }

  switch (node.opType) {
    case 'Relu':
    case 'Sigmoid':
    case 'MatMul':
    case 'GlobalAveragePool':
      return one({})
    case 'LeakyRelu':
      return one({ alpha: float(attrFloat(node, 'alpha', 0.01)) })
    case 'Gemm':
      return one({
        alpha: float(attrFloat(node, 'alpha', 1)),
        beta: float(attrFloat(node, 'beta', 1)),
        transA: int(attrInt(node, 'transA', 0)),
        transB: int(attrInt(node, 'transB', 0)),
      })
    case 'Add':
    case 'Sub':
    case 'Mul':
    case 'Div': {
      if (opset >= 7 || attrInt(node, 'broadcast', 0) === 0) {
        const b = ctx.info(inputs[1]!)
        if (opset < 7 && b.shape.join() !== x.shape.join())
          shapeError(node, 'shapes must be equal when broadcast = 0 (opset < 7)', [x.shape, b.shape])
        return one({})
      }
      // Legacy broadcasting: B's dims align with A's starting at `axis` (default: suffix).
      const b = ctx.info(inputs[1]!)
      const axis = attrInt(node, 'axis', rank - b.shape.length)
      if (axis < 0 || axis + b.shape.length > rank) shapeError(node, `legacy broadcast axis ${axis} out of range`, [x.shape, b.shape])
      const dims = [...b.shape, ...ones(rank - axis - b.shape.length)]
      if (dims.length === b.shape.length) return one({})
      const bc = ctx.constant(inputs[1]!)
      if (bc) return one({}, [inputs[0]!, addInit(`${inputs[1]}_bcast`, { ...bc, dims })])
      const reshaped = ctx.freshName(`${inputs[1]}_bcast`)
      return {
        nodes: [
          { opType: 'Reshape', name: ctx.freshName(`${node.name}_bcast`), inputs: [inputs[1]!, addInit(`${node.name}_bcast_shape`, int64(dims))], outputs: [reshaped], attributes: {} },
          { opType: node.opType, name: node.name, inputs: [inputs[0]!, reshaped], outputs: [node.outputs[0]!], attributes: {} },
        ],
        initializers: newInits,
      }
    }
    case 'Clip': {
      if (opset >= 11) return one({})
      const min = node.attributes['min'] ? addInit(`${node.name}_min`, scalar(x.dtype, attrFloat(node, 'min'))) : ''
      const max = node.attributes['max'] ? addInit(`${node.name}_max`, scalar(x.dtype, attrFloat(node, 'max'))) : ''
      return one({}, trimTrailing([inputs[0]!, min, max]))
    }
    case 'Conv': {
      windowRank()
      const w = ctx.info(inputs[1]!)
      const n = rank - 2
      const kernel = attrInts(node, 'kernel_shape', w.shape.slice(2))
      if (kernel.join() !== w.shape.slice(2).join()) shapeError(node, `kernel_shape [${kernel}] differs from the weight shape`, [x.shape, w.shape])
      const strides = attrInts(node, 'strides', ones(n))
      const dilations = attrInts(node, 'dilations', ones(n))
      checkSame(attrString(node, 'auto_pad', 'NOTSET'), kernel, strides, dilations)
      const pads = resolveAutoPads(node, {
        autoPad: attrString(node, 'auto_pad', 'NOTSET'),
        explicit: node.attributes['pads'] ? attrInts(node, 'pads') : undefined,
        input: x.shape.slice(2),
        kernel,
        strides,
        dilations,
      })
      return one({
        kernel_shape: intList(kernel),
        strides: intList(strides),
        dilations: intList(dilations),
        pads: intList(pads),
        group: int(attrInt(node, 'group', 1)),
      })
    }
    case 'MaxPool':
    case 'AveragePool': {
      windowRank()
      const isMax = node.opType === 'MaxPool'
      if (isMax && node.outputs[1] && ctx.isUsed(node.outputs[1])) unsupported('the Indices output is not supported')
      const n = rank - 2
      const kernel = attrInts(node, 'kernel_shape')
      if (kernel.length !== n) shapeError(node, `kernel_shape has ${kernel.length} dims for ${n} spatial dims`, [x.shape])
      const strides = attrInts(node, 'strides', ones(n))
      const hasDilations = isMax ? opset >= 10 : opset >= 19
      const dilations = hasDilations ? attrInts(node, 'dilations', ones(n)) : ones(n)
      const autoPad = attrString(node, 'auto_pad', 'NOTSET')
      checkSame(autoPad, kernel, strides, dilations)
      const pads = resolveAutoPads(node, {
        autoPad,
        explicit: node.attributes['pads'] ? attrInts(node, 'pads') : undefined,
        input: x.shape.slice(2),
        kernel,
        strides,
        dilations,
      })
      // With SAME_* padding the output size is ceil(in / stride) whatever ceil_mode says.
      const ceil = autoPad.startsWith('SAME') || opset < 10 ? 0 : attrInt(node, 'ceil_mode', 0)
      const attributes: Record<string, Attribute> = { kernel_shape: intList(kernel), strides: intList(strides), pads: intList(pads), ceil_mode: int(ceil) }
      if (isMax || opset >= 19) attributes['dilations'] = intList(dilations)
      if (!isMax) attributes['count_include_pad'] = int(opset >= 7 ? attrInt(node, 'count_include_pad', 0) : 0)
      return one(attributes)
    }
    case 'BatchNormalization': {
      const training =
        opset < 7 ? attrInt(node, 'is_test', 0) === 0 : opset < 14 ? node.outputs.slice(1).some((o) => o && ctx.isUsed(o)) : attrInt(node, 'training_mode', 0) === 1
      if (training) unsupported('training mode is not supported (export the model in eval mode)')
      if (opset < 9 && attrInt(node, 'spatial', 1) !== 1) unsupported('spatial = 0 is not supported')
      if (rank < 2) shapeError(node, 'input must have rank >= 2', [x.shape])
      return one({ epsilon: float(attrFloat(node, 'epsilon', 1e-5)) })
    }
    case 'Flatten': {
      const axis = attrInt(node, 'axis', 1)
      const a = axis < 0 ? axis + rank : axis
      if (a < 0 || a > rank) shapeError(node, `axis ${axis} out of range for rank ${rank}`, [x.shape])
      return one({ axis: int(a) })
    }
    case 'Reshape': {
      if (opset < 5) unsupported('the attribute form of Reshape (opset < 5) is not supported')
      const allowZero = opset >= 14 && attrInt(node, 'allowzero', 0) === 1
      const target = Array.from(ctx.constant(inputs[1]!)!.data)
      const shape = resolveReshape(node, x.shape, target, allowZero)
      const attributes: Record<string, Attribute> = shape.includes(0) && opset >= 14 ? { allowzero: int(1) } : {}
      return one(attributes, [inputs[0]!, addInit(`${node.name}_shape`, int64(shape))])
    }
    case 'Transpose': {
      const perm = attrInts(node, 'perm', x.shape.map((_, i) => rank - 1 - i))
      return one({ perm: intList(perm.map((p) => normalizeAxis(node, p, rank, x.shape))) })
    }
    case 'Concat':
      return one({ axis: int(normalizeAxis(node, attrInt(node, 'axis', opset < 4 ? 1 : undefined), rank, x.shape)) })
    case 'Squeeze':
    case 'Unsqueeze': {
      const squeeze = node.opType === 'Squeeze'
      const given =
        opset < 13 ? (node.attributes['axes'] ? attrInts(node, 'axes') : undefined) : inputs[1] ? Array.from(ctx.constant(inputs[1])!.data) : undefined
      let axes: number[]
      if (given === undefined) {
        if (!squeeze) unsupported('Unsqueeze needs axes')
        axes = x.shape.flatMap((d, i) => (d === 1 ? [i] : []))
      } else {
        const r = squeeze ? rank : rank + given.length
        axes = given.map((a) => normalizeAxis(node, a, r, x.shape)).sort((a, b) => a - b)
        if (new Set(axes).size !== axes.length) shapeError(node, `repeated axes [${given}]`, [x.shape])
      }
      return one({}, [inputs[0]!, addInit(`${node.name}_axes`, int64(axes))])
    }
    case 'ArgMax':
      return one({
        axis: int(normalizeAxis(node, attrInt(node, 'axis', 0), rank, x.shape)),
        keepdims: int(attrInt(node, 'keepdims', 1)),
        select_last_index: int(opset >= 12 ? attrInt(node, 'select_last_index', 0) : 0),
      })
    case 'Softmax': {
      const axis = normalizeAxis(node, attrInt(node, 'axis', opset < 13 ? 1 : -1), rank, x.shape)
      if (opset >= 13 || axis === rank - 1) return one({ axis: int(axis) })
      // opset < 13: softmax of the input coerced to 2-D [prod(dims[:axis]), prod(dims[axis:])].
      const flat = ctx.freshName(`${node.name}_2d`)
      const soft = ctx.freshName(`${node.name}_2d_softmax`)
      const shape2d = [shapeSize(x.shape.slice(0, axis)), shapeSize(x.shape.slice(axis))]
      return {
        nodes: [
          { opType: 'Reshape', name: ctx.freshName(`${node.name}_to2d`), inputs: [inputs[0]!, addInit(`${node.name}_shape2d`, int64(shape2d))], outputs: [flat], attributes: {} },
          { opType: 'Softmax', name: node.name, inputs: [flat], outputs: [soft], attributes: { axis: int(1) } },
          { opType: 'Reshape', name: ctx.freshName(`${node.name}_from2d`), inputs: [soft, addInit(`${node.name}_shape`, int64(x.shape))], outputs: [node.outputs[0]!], attributes: {} },
        ],
        initializers: newInits,
      }
    }
    default:
      return { nodes: [node], initializers: [] }
  }
}

function trimTrailing(names: readonly string[]): string[] {
  const out = [...names]
  while (out.length && !out[out.length - 1]) out.pop()
  return out
}
