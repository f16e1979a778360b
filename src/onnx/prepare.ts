/**
 * Prepares a parsed graph for quantization, lowering and float execution:
 *
 * 1. checks the opset range and that every op is supported;
 * 2. fixes every graph input's shape: a symbolic or unknown dimension becomes 1 (we prove one
 *    sample at a time; pass `inputShapes` to choose otherwise);
 * 3. walks the nodes in order: Constant nodes become initializers, Identity and Dropout are
 *    removed (their output aliases their input; an inference Dropout's mask is a constant),
 *    every other node is canonicalized (`src/ops/canonicalize.ts`) and then either folded (all inputs constant: evaluated with the
 *    float kernels, e.g. PyTorch's Shape → Gather → Unsqueeze → Concat → Reshape chains) or kept,
 *    with its output shapes inferred (`src/ops/inferShape.ts`);
 * 4. restores the graph output names, checks them against the declared output shapes and
 *    drops unused initializers.
 */
import { OnnxParseError, ShapeMismatchError, UnsupportedOpError, UnsupportedOpsetError } from '../errors/compile.js'
import { attrInt } from './attributes.js'
import { canonicalizeNode } from '../ops/canonicalize.js'
import type { CanonicalContext } from '../ops/canonicalize.js'
import { constantNodeValue, foldNode, shapeOnlyTensor } from './fold.js'
import type { Graph, Node, PreparedGraph, Tensor, TensorInfo, ValueInfo } from './ir.js'
import { FOLD_ONLY_OPS, MAX_OPSET, MIN_OPSET, assertSupportedOps, isSupportedOpset } from '../ops/index.js'
import type { SupportedOp } from '../ops/index.js'
import { inferNode } from '../ops/inferShape.js'
import { checkShapeSize } from './shapes.js'

/** Parameters of {@link prepareGraph}. */
export type PrepareGraphParameters = {
  graph: Graph
  /** Concrete shapes of graph inputs, overriding the declared ones. */
  inputShapes?: Readonly<Record<string, readonly number[]>> | undefined
  /** Graph inputs to bind to constant values (they are removed from the prepared inputs). */
  constants?: ReadonlyMap<string, Tensor> | undefined
}
export type PrepareGraphReturnType = PreparedGraph
export type PrepareGraphErrorType = UnsupportedOpError | UnsupportedOpsetError | ShapeMismatchError | OnnxParseError

/** The opset of canonical nodes: the attribute/input forms used are those of opset 13+. */
const CANONICAL_MIN_OPSET = 13

/**
 * Folds constants, removes no-op nodes, canonicalizes every node and infers all shapes.
 * @param parameters {@link PrepareGraphParameters}
 * @returns the prepared graph ({@link PreparedGraph}): canonical nodes, concrete shapes of every value
 * @throws {UnsupportedOpsetError} opset outside [MIN_OPSET, MAX_OPSET] (an older opset is accepted when every op is unchanged since it, see `isSupportedOpset`)
 * @throws {UnsupportedOpError} unsupported op or op form (its message lists the supported ops)
 * @throws {ShapeMismatchError} incompatible shapes, or inferred output shapes that contradict the declared ones
 * @throws {OnnxParseError} a node reads an undefined value (the graph is not topologically sorted)
 * @example
 * import { parseOnnx, prepareGraph } from '@zkml/web/compiler'
 * const graph = prepareGraph({ graph: parseOnnx({ bytes }) })
 * for (const node of graph.nodes) console.log(node.opType, graph.tensors.get(node.outputs[0]!)!.shape)
 */
export function prepareGraph({ graph, inputShapes, constants }: PrepareGraphParameters): PrepareGraphReturnType {
  const { opset } = graph
  if (!isSupportedOpset(graph)) throw new UnsupportedOpsetError({ opset, minOpset: MIN_OPSET, maxOpset: MAX_OPSET })
  assertSupportedOps({ graph })

  const infos = new Map<string, TensorInfo>()
  const consts = new Map<string, Tensor>()
  const alias = new Map<string, string>()
  const resolve = (name: string) => alias.get(name) ?? name

  // Names taken anywhere (values and node names), for fresh-name generation.
  const taken = new Set<string>([...graph.initializers.keys(), ...graph.inputs.map((v) => v.name), ...graph.outputs.map((v) => v.name)])
  const used = new Set<string>(graph.outputs.map((v) => v.name))
  for (const n of graph.nodes) {
    taken.add(n.name)
    for (const i of n.inputs) if (i) (used.add(i), taken.add(i))
    for (const o of n.outputs) if (o) taken.add(o)
  }
  const freshName = (base: string) => {
    let name = base
    for (let k = 1; taken.has(name); k++) name = `${base}_${k}`
    taken.add(name)
    return name
  }

  for (const [name, t] of graph.initializers) setConst(name, t)
  for (const [name, t] of constants ?? []) setConst(name, t)
  const inputs: ValueInfo[] = []
  for (const v of graph.inputs) {
    if (consts.has(v.name)) continue
    const shape = inputShape(v, inputShapes?.[v.name])
    infos.set(v.name, { dtype: v.dtype, shape })
    inputs.push({ name: v.name, dtype: v.dtype, shape })
  }

  function setConst(name: string, t: Tensor) {
    consts.set(name, t)
    infos.set(name, { dtype: t.dtype, shape: [...t.dims] })
  }

  const nodes: Node[] = []
  for (const raw of graph.nodes) {
    const node: Node = { ...raw, inputs: raw.inputs.map((i) => (i ? resolve(i) : '')) }
    const unsupported = (reason: string): never => {
      throw new UnsupportedOpError({ opType: node.opType, nodeName: node.name, opset, reason })
    }
    for (const i of node.inputs)
      if (i && !infos.has(i))
        throw new OnnxParseError(`Node "${node.name}" (${node.opType}) reads "${i}", which no earlier node, input or initializer defines.`, { tensorName: i })

    if (node.opType === 'Identity' || node.opType === 'Dropout') {
      if (node.opType === 'Dropout') {
        const trainingMode = node.inputs[2] ? consts.get(node.inputs[2]) : undefined
        if (node.inputs[2] && (!trainingMode || trainingMode.data[0])) unsupported('training mode is not supported')
        const mask = node.outputs[1]
        if (mask && used.has(mask)) {
          if (opset < 7 && attrInt(node, 'is_test', 0) === 0) unsupported('training mode is not supported')
          // In inference nothing is dropped: the mask is a constant of ones (bool since opset 10).
          const x = infos.get(node.inputs[0]!)!
          setConst(mask, { dtype: opset < 10 ? x.dtype : 'bool', dims: [...x.shape], data: new Float64Array(x.shape.reduce((a, d) => a * d, 1)).fill(1) })
        }
      }
      alias.set(node.outputs[0]!, node.inputs[0]!)
      continue
    }
    if (node.opType === 'Constant') {
      setConst(node.outputs[0]!, constantNodeValue(node, opset))
      continue
    }
    if (node.opType === 'Shape') {
      const [out] = foldNode(node, [shapeOnlyTensor(infos.get(node.inputs[0]!)!)], opset)
      setConst(node.outputs[0]!, out!)
      continue
    }

    const ctx: CanonicalContext = {
      opset,
      info: (name) => infos.get(name)!,
      constant: (name) => consts.get(name),
      isUsed: (name) => used.has(name),
      freshName,
    }
    const canonical = canonicalizeNode(node, ctx)
    for (const [name, t] of canonical.initializers) setConst(name, t)
    for (const cn of canonical.nodes) {
      const ins = cn.inputs.map((i) => (i ? consts.get(i) : undefined))
      const foldOnly = FOLD_ONLY_OPS.includes(cn.opType as SupportedOp)
      // Output shapes first (fold-only kernels check their own): no kernel allocates an unchecked size.
      const outInfos = foldOnly ? undefined : inferNode(cn, cn.inputs.map((i) => (i ? infos.get(i) : undefined)), (name) => consts.get(name))
      for (const info of outInfos ?? []) checkShapeSize(cn, info.shape)
      if (cn.inputs.every((i, k) => !i || ins[k])) {
        const outs = foldNode(cn, ins, opset)
        cn.outputs.forEach((o, k) => o && setConst(o, outs[k]!))
        continue
      }
      if (foldOnly) unsupported('only supported when all its inputs are constants')
      cn.outputs.forEach((o, k) => o && infos.set(o, outInfos![k]!))
      nodes.push(cn)
    }
  }

  // Graph outputs: undo aliasing so every declared output name is defined.
  const outputNames = new Set(graph.outputs.map((v) => v.name))
  const inputNames = new Set(inputs.map((v) => v.name))
  const renamed = new Map<string, string>()
  const outputs: ValueInfo[] = []
  for (const declared of graph.outputs) {
    const o = declared.name
    let r = resolve(o)
    r = renamed.get(r) ?? r
    if (r !== o) {
      const producer = nodes.find((n) => n.outputs.includes(r))
      if (producer && !outputNames.has(r) && !inputNames.has(r)) {
        for (const n of nodes) {
          n.outputs = n.outputs.map((x) => (x === r ? o : x))
          n.inputs = n.inputs.map((x) => (x === r ? o : x))
        }
        infos.set(o, infos.get(r)!)
        renamed.set(r, o)
      } else if (consts.has(r)) {
        setConst(o, consts.get(r)!)
      } else {
        if (!infos.has(r)) throw new OnnxParseError(`Graph output "${o}" is not produced by any node.`, { tensorName: o })
        nodes.push({ opType: 'Identity', name: freshName(`${o}_identity`), inputs: [r], outputs: [o], attributes: {} })
        infos.set(o, infos.get(r)!)
      }
    }
    const info = infos.get(o)
    if (!info) throw new OnnxParseError(`Graph output "${o}" is not produced by any node.`, { tensorName: o })
    checkDeclared(declared, info)
    outputs.push({ name: o, dtype: info.dtype, shape: [...info.shape] })
  }

  // Keep the initializers and infos that the remaining graph reads.
  const live = new Set<string>([...inputs.map((v) => v.name), ...outputs.map((v) => v.name)])
  for (const n of nodes) for (const x of [...n.inputs, ...n.outputs]) if (x) live.add(x)
  const initializers = new Map<string, Tensor>()
  for (const [name, t] of consts) if (live.has(name) && !inputNames.has(name)) initializers.set(name, t)
  const tensors = new Map<string, TensorInfo>()
  for (const name of live) tensors.set(name, infos.get(name)!)

  return {
    opset: Math.max(opset, CANONICAL_MIN_OPSET),
    ...(graph.producer !== undefined ? { producer: graph.producer } : {}),
    ...(graph.name !== undefined ? { name: graph.name } : {}),
    inputs,
    outputs,
    initializers,
    nodes,
    tensors,
  }
}

/** The concrete shape of a graph input: the override, or the declared shape with symbolic dims = 1. */
function inputShape(v: ValueInfo, override: readonly number[] | undefined): number[] {
  const fail = (reason: string, shapes: (number | string)[][]): never => {
    throw new ShapeMismatchError({ opType: 'graph input', nodeName: v.name, shapes, reason })
  }
  if (override) {
    if (v.shape && (v.shape.length !== override.length || v.shape.some((d, i) => typeof d === 'number' && d !== override[i])))
      fail(`the given shape [${override}] contradicts the declared shape`, [v.shape, [...override]])
    checkShapeSize({ opType: 'graph input', name: v.name }, override)
    return [...override]
  }
  if (!v.shape) return fail('the model does not declare its shape; pass inputShapes', [])
  const shape = v.shape.map((d) => (typeof d === 'number' ? d : 1))
  checkShapeSize({ opType: 'graph input', name: v.name }, shape)
  return shape
}

function checkDeclared(declared: ValueInfo, info: TensorInfo): void {
  const d = declared.shape
  if (!d) return
  if (d.length !== info.shape.length || d.some((x, i) => typeof x === 'number' && x !== info.shape[i]))
    throw new ShapeMismatchError({
      opType: 'graph output',
      nodeName: declared.name,
      shapes: [d, info.shape],
      reason: `inferred shape [${info.shape}] contradicts the declared shape [${d}]`,
    })
}
