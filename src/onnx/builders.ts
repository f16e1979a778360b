/**
 * Small constructors for building graphs in code (tests, the MNIST training script that saves
 * models with `writeOnnx`). Attributes must say their ONNX type, since `1` may be an INT or a FLOAT.
 */
import type { Attribute, Node, Tensor } from './ir.js'

/** Typed attribute constructors. */
export const attr = {
  int: (value: number): Attribute => ({ type: 'int', value }),
  float: (value: number): Attribute => ({ type: 'float', value }),
  string: (value: string): Attribute => ({ type: 'string', value }),
  ints: (value: readonly number[]): Attribute => ({ type: 'ints', value: [...value] }),
  floats: (value: readonly number[]): Attribute => ({ type: 'floats', value: [...value] }),
  strings: (value: readonly string[]): Attribute => ({ type: 'strings', value: [...value] }),
  tensor: (value: Tensor): Attribute => ({ type: 'tensor', value }),
} as const

/**
 * Builds a node.
 * @param parameters.name defaults to the first output's name
 * @example
 * makeNode({ opType: 'Gemm', inputs: ['x', 'w', 'b'], outputs: ['y'], attributes: { transB: attr.int(1) } })
 */
export function makeNode({
  opType,
  inputs,
  outputs,
  name,
  attributes = {},
}: {
  opType: string
  inputs: readonly string[]
  outputs: readonly string[]
  name?: string | undefined
  attributes?: Record<string, Attribute> | undefined
}): Node {
  return { opType, name: name ?? outputs[0] ?? opType, inputs: [...inputs], outputs: [...outputs], attributes: { ...attributes } }
}
