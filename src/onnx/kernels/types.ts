/**
 * The signature shared by the float kernels. A kernel reads a canonical node (see
 * `../canonical.ts`) and its input tensors (undefined for absent optional inputs) and returns
 * its outputs. Kernels never mutate their inputs; layout-only kernels (Reshape, Flatten,
 * Squeeze, Unsqueeze, Identity) return tensors that share the input's `data`.
 * All arithmetic is float64; integer dtypes are kept exact (Div truncates toward zero).
 */
import type { Node, Tensor } from '../ir.js'

/** A float kernel; `opset` matters only for the fold-only ops, which see raw (non-canonical) nodes. */
export type Kernel = (node: Node, inputs: readonly (Tensor | undefined)[], opset: number) => Tensor[]
