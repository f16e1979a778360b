/**
 * Ops that `prepareGraph` consumes itself: a Constant becomes an initializer (its value read by
 * `constantNodeValue`, `src/onnx/fold.ts`), a Dropout in inference mode becomes an alias of its
 * input (its mask output and training mode are refused). Neither remains in a prepared graph.
 */
import type { GraphOp } from './types.js'

/** Constant. */
export const constant: GraphOp = { opType: 'Constant', kind: 'graph' }
/** Dropout (inference). */
export const dropout: GraphOp = { opType: 'Dropout', kind: 'graph' }
