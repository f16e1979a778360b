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
export { COMPUTE_OPS, CONSTANT_INPUT_SLOTS, FOLD_ONLY_OPS, MAX_OPSET, MIN_OPSET, SUPPORTED_OPS, assertSupportedOps, isSupportedOp } from './ops.js'
export type { SupportedOp } from './ops.js'
export { broadcastShapes, matmulShape, resolveReshape, windowOutputSize } from './shapes.js'
export { FLOAT_KERNELS } from './kernels/index.js'
export type { Kernel } from './kernels/index.js'
