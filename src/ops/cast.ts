/**
 * Cast on runtime tensors. Integer and bool tensors are integers at scale 0 in the integer model.
 * - float → float, int → float, int → int, bool → anything: the values are already what they
 *   stand for: a view (`Reshape`, zero constraints). (Float narrowing such as float16 is not
 *   modelled: the fixed-point value is kept.)
 * - float → int: trunc(x / 2^s) toward zero, as ONNX casts (one `Cast` node: two bit
 *   decompositions, 2·(B + 2) constraints per element, B the width of the input's range; free
 *   when s ≤ 0). Out-of-range wrap-around of the target type is not modelled.
 * - float or int → bool: [x ≠ 0] on the quantized value (one `Cast` node: the is-zero gadget, 3
 *   constraints per element); a float below half a quantum counts as 0. The result is a proven
 *   bit (`dtype: 'bool'`).
 * With a constant input `prepareGraph` folds it (the float kernel).
 */
import { OnnxParseError } from '../errors/compile.js'
import { dtypeFromCode } from '../onnx/dtypes.js'
import type { DType, Node } from '../onnx/ir.js'
import { isFloatDType } from '../onnx/ir.js'
import { io, sameInfo } from './common.js'
import type { ComputeOp, Kernel } from './types.js'
import { ONE_IN } from './arity.js'

/** The target dtype of a Cast node. @throws {OnnxParseError} a missing or unknown `to` */
export function castTarget(node: Node): DType {
  const to = node.attributes['to']
  const dtype = to?.type === 'int' ? dtypeFromCode(to.value) : undefined
  if (dtype === undefined) throw new OnnxParseError(`Node "${node.name}" (Cast): unsupported target type.`, { tensorName: node.name })
  return dtype
}

/** Converts a value to `dtype`'s value set (truncation toward zero for integers, wrap-around not modelled). */
export function castValue(v: number, dtype: DType): number {
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
      return Math.trunc(v) + 0 // + 0 turns −0 into 0
  }
}

const castKernel: Kernel = (node, [x]) => {
  const dtype = castTarget(node)
  return [{ dtype, dims: [...x!.dims], data: x!.data.map((v) => castValue(v, dtype)) }]
}

/** Cast. Canonical as written (attribute `to`). */
export const cast: ComputeOp = {
  opType: 'Cast',
  arity: [ONE_IN],
  kind: 'compute',
  inferShape: (node, [x]) => sameInfo(x!, [...x!.shape], castTarget(node)),
  floatKernel: castKernel,
  quantize(node, q) {
    const x = node.inputs[0]!
    const out = node.outputs[0]!
    const from = q.dtype(x) // undefined: a fixed-point float
    const to = castTarget(node)
    const s = q.scale(x)
    if (to === 'bool' && from !== 'bool') {
      // x ≠ 0 exactly when its integer is (at any scale).
      q.emit({ ...io(node), op: 'Cast', to: 'bool', shift: 0 })
      q.setScale(out, 0)
    } else if (!isFloatDType(to) && from === undefined) {
      q.emit({ ...io(node), op: 'Cast', to: 'int', shift: s })
      q.setScale(out, 0)
    } else {
      q.emit({ ...io(node), op: 'Reshape' })
      q.setScale(out, s)
    }
  },
  emits: ['Cast', 'Reshape'],
}
