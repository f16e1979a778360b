/**
 * A builder for ops that canonicalize into a graph of other ops (LSTM, GRU and RNN unrolled over
 * time, Attention, masked Softmax): the op writes plain ONNX nodes (opset-13+ forms, defaults may
 * be left out), and each is canonicalized by its own op's rule, its output shapes inferred, and
 * folded at once when all its inputs are constants (weight slices, an initial state times the
 * recurrence weights). What comes out is a {@link CanonicalResult}: canonical nodes and the
 * initializers they read.
 */
import type { Attribute, Node, Tensor, TensorInfo } from '../onnx/ir.js'
import { foldNode } from '../onnx/fold.js'
import { canonicalizeNode } from './canonicalize.js'
import { inferNode } from './inferShape.js'
import type { CanonicalContext, CanonicalResult, CanonicalizeContext } from './types.js'

/** Options of one emitted node. */
export type SubgraphNodeOptions = {
  /** Output names to write (graph values the composite must produce); default: fresh names. */
  outputs?: readonly string[] | undefined
  /** How many outputs, when `outputs` is not given (default 1). */
  count?: number | undefined
}

/** The builder handed to a composite op's canonicalization (see the module doc). */
export type Subgraph = {
  /** Emits a node (canonicalized, shape-inferred, folded if constant); returns its output names. */
  node(opType: string, inputs: readonly string[], attributes?: Record<string, Attribute>, options?: SubgraphNodeOptions): string[]
  /** `node(...)[0]`. */
  op(opType: string, inputs: readonly string[], attributes?: Record<string, Attribute>, output?: string): string
  /** Adds a constant (a fresh initializer name derived from `base`). */
  constant(base: string, tensor: Tensor): string
  /** The constant value of a name (an outer constant or one made here), if it is one. */
  valueOf(name: string): Tensor | undefined
  /** Dtype and shape of a value. */
  info(name: string): TensorInfo
  /** The canonical nodes and the new initializers. */
  result(): CanonicalResult
}

/** The opset whose forms the emitted nodes are written in. */
const SUBGRAPH_OPSET = 13

/**
 * A {@link Subgraph} builder inside the canonicalization of `parent` (names derive from it).
 * Values that the builder folds to constants become initializers of the result.
 */
export function subgraph(parent: Node, ctx: CanonicalizeContext): Subgraph {
  const infos = new Map<string, TensorInfo>()
  const consts = new Map<string, Tensor>()
  const initializers: [string, Tensor][] = []
  const nodes: Node[] = []
  const opset = Math.max(ctx.opset, SUBGRAPH_OPSET)
  const info = (name: string) => infos.get(name) ?? ctx.info(name)
  const valueOf = (name: string) => consts.get(name) ?? ctx.constant(name)
  const addConstant = (name: string, t: Tensor) => {
    consts.set(name, t)
    infos.set(name, { dtype: t.dtype, shape: [...t.dims] })
    initializers.push([name, t])
  }
  const inner: CanonicalContext = { opset, info, constant: valueOf, isUsed: () => true, freshName: ctx.freshName }
  let step = 0
  const builder: Subgraph = {
    node(opType, inputs, attributes = {}, { outputs, count = 1 } = {}) {
      const outs = outputs ? [...outputs] : Array.from({ length: count }, () => ctx.freshName(`${parent.outputs.find(Boolean) ?? parent.name}_${opType.toLowerCase()}`))
      const raw: Node = { opType, name: ctx.freshName(`${parent.name}_${step++}`), inputs: [...inputs], outputs: outs, attributes }
      const canonical = canonicalizeNode(raw, inner)
      for (const [name, t] of canonical.initializers) addConstant(name, t)
      for (const cn of canonical.nodes) {
        const ins = cn.inputs.map((i) => (i ? valueOf(i) : undefined))
        const outInfos = inferNode(cn, cn.inputs.map((i) => (i ? info(i) : undefined)), valueOf)
        if (cn.inputs.every((i, k) => !i || ins[k])) {
          const folded = foldNode(cn, ins, opset)
          cn.outputs.forEach((o, k) => o && addConstant(o, folded[k]!))
          continue
        }
        cn.outputs.forEach((o, k) => o && infos.set(o, outInfos[k]!))
        nodes.push(cn)
      }
      return outs
    },
    op: (opType, inputs, attributes = {}, output) => builder.node(opType, inputs, attributes, output === undefined ? {} : { outputs: [output] })[0]!,
    constant(base, tensor) {
      const name = ctx.freshName(base)
      addConstant(name, tensor)
      return name
    },
    valueOf,
    info,
    result: () => ({ nodes, initializers: [...initializers] }),
  }
  return builder
}
