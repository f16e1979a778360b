/**
 * Ops that `prepareGraph` consumes itself: a Constant becomes an initializer (its value read by
 * `constantNodeValue`, `src/onnx/fold.ts`), a Dropout in inference mode becomes an alias of its
 * input (its mask output and training mode are refused). Neither remains in a prepared graph.
 */
import type { GraphOp } from './types.js'
import { inputsRange } from './arity.js'

/** Constant. */
export const constant: GraphOp = { opType: 'Constant', arity: [inputsRange(0, 0)], kind: 'graph' }
/** Dropout (inference). */
export const dropout: GraphOp = { opType: 'Dropout', arity: [{ inputs: [1, 1], outputs: [1, 2] }, { opset: 12, inputs: [1, 3], outputs: [1, 2] }], kind: 'graph' }
