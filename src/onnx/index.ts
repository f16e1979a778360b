/**
 * ONNX front end: parse/write models, prepare (fold, canonicalize, infer shapes), run in float.
 * See README.md in this folder for the IR and the canonical form.
 */
export type { Attribute, Dim, DType, Graph, Node, PreparedGraph, Tensor, TensorInfo, ValueInfo } from './ir.js'
export { createTensor, isFloatDType, shapeSize } from './ir.js'
export { attrFloat, attrFloats, attrInt, attrInts, attrString, attrTensor } from './attributes.js'
export { attr, makeNode } from './builders.js'
export { parseOnnx, parseTensorProto } from './parse.js'
export type { ParseOnnxErrorType, ParseOnnxParameters, ParseOnnxReturnType } from './parse.js'
export { writeOnnx, writeTensorProto } from './write.js'
export type { WriteOnnxParameters } from './write.js'
export { prepareGraph } from './prepare.js'
export type { PrepareGraphErrorType, PrepareGraphParameters, PrepareGraphReturnType } from './prepare.js'
export { execFloat } from './execFloat.js'
export type { ExecFloatErrorType, ExecFloatParameters, ExecFloatReturnType } from './execFloat.js'
export { broadcastShapes, matmulShape, resolveReshape, windowOutputSize } from './shapes.js'
// The operators themselves (supported lists, float kernels, shape rules): src/ops/index.ts.
