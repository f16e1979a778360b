/**
 * The quantization rule shared by the view ops (Reshape, Flatten, Squeeze, Unsqueeze, Identity):
 * their output is the input's elements in the same row-major order, so the integer node is a
 * `Reshape` (no arithmetic, no constraint) and the scale is unchanged.
 */
import { io } from './common.js'
import type { Quantize } from './types.js'

/** A `Reshape` integer node at the input's scale. */
export const quantizeView: Quantize = (node, q) => {
  q.emit({ ...io(node), op: 'Reshape' })
  q.setScale(node.outputs[0]!, q.scale(node.inputs[0]!))
}
