/** The float kernel of every operator that can be evaluated (canonical compute ops and fold-only ops). */
import { binaryKernel, batchNormKernel, clipKernel, leakyReluKernel, reluKernel, sigmoidKernel } from './elementwise.js'
import { castKernel, constantOfShapeKernel, gatherKernel, shapeKernel, sliceKernel } from './foldOnly.js'
import { gemmKernel, matmulKernel } from './gemm.js'
import { convKernel } from './conv.js'
import { concatKernel, transposeKernel, viewKernel } from './layout.js'
import { globalAveragePoolKernel, poolKernel } from './pool.js'
import { argMaxKernel, softmaxKernel } from './reduce.js'
import type { Kernel } from './types.js'

export type { Kernel } from './types.js'

/** Kernels by op type. */
export const FLOAT_KERNELS: Readonly<Record<string, Kernel>> = {
  Add: binaryKernel,
  Sub: binaryKernel,
  Mul: binaryKernel,
  Div: binaryKernel,
  Relu: reluKernel,
  LeakyRelu: leakyReluKernel,
  Sigmoid: sigmoidKernel,
  Clip: clipKernel,
  BatchNormalization: batchNormKernel,
  Gemm: gemmKernel,
  MatMul: matmulKernel,
  Conv: convKernel,
  MaxPool: poolKernel,
  AveragePool: poolKernel,
  GlobalAveragePool: globalAveragePoolKernel,
  Softmax: softmaxKernel,
  ArgMax: argMaxKernel,
  Reshape: viewKernel,
  Flatten: viewKernel,
  Squeeze: viewKernel,
  Unsqueeze: viewKernel,
  Identity: viewKernel,
  Transpose: transposeKernel,
  Concat: concatKernel,
  Shape: shapeKernel,
  Gather: gatherKernel,
  Cast: castKernel,
  Slice: sliceKernel,
  ConstantOfShape: constantOfShapeKernel,
}
