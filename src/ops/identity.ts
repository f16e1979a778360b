/**
 * Identity. `prepareGraph` removes it (its output becomes an alias of its input) except where a
 * graph output is directly a graph input or another output; what remains is a view.
 */
import { sameInfo, viewKernel } from './common.js'
import { quantizeView } from './view.js'
import type { ComputeOp, InferShape } from './types.js'
import { ONE_IN } from './arity.js'

const inferIdentity: InferShape = (_node, [x]) => sameInfo(x!, [...x!.shape])

/** Identity. */
export const identity: ComputeOp = {
  opType: 'Identity',
  arity: [ONE_IN],
  kind: 'compute',
  inferShape: inferIdentity,
  floatKernel: viewKernel(inferIdentity),
  quantize: quantizeView,
  emits: ['Reshape'],
  isView: true,
}
