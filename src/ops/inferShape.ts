/** Static shape inference of a canonical compute node: its op's `inferShape` (see `types.ts`). */
import type { Node, Tensor, TensorInfo } from '../onnx/ir.js'
import { shapeError } from '../onnx/shapes.js'
import { opDefinition } from './index.js'

/**
 * Infers the output infos of a canonical compute node.
 * @param node a node in canonical form
 * @param inputs infos of `node.inputs` (undefined for absent optional inputs)
 * @param constant the constant value of a named tensor, if any
 * @throws {ShapeMismatchError} incompatible input shapes, or an op without a shape rule
 */
export function inferNode(node: Node, inputs: readonly (TensorInfo | undefined)[], constant: (name: string) => Tensor | undefined): TensorInfo[] {
  const def = opDefinition(node.opType)
  if (def?.kind !== 'compute') return shapeError(node, `no shape rule for ${node.opType}`, [inputs[0]!.shape])
  return def.inferShape(node, inputs, constant)
}
