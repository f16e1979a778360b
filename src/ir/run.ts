/**
 * Runs a quantized model on a Domain: the one place that walks the integer graph.
 * With `numberDomain` this is the integer reference executor; with `circuitDomain` it is the lowering
 * that emits the constraints and the witness. Each node is evaluated by its entry in the lowering
 * table (`lower/index.ts`).
 */
import type { Domain, DTensor } from './domain.js'
import type { QNode, QuantizedModel } from './model.js'
import { LOWERINGS, type Lowering } from './lower/index.js'

function runNode<T>(D: Domain<T>, model: QuantizedModel, node: QNode, get: (name: string) => DTensor<T>): DTensor<T> {
  // (Only a fill-only IndexMap, a constant graph output, has no input.)
  const x = node.inputs.length ? get(node.inputs[0]!) : { shape: [0], data: [] }
  const outShape = model.tensors[node.outputs[0]!]!.shape
  const constant = (name: string | undefined) => (name === undefined ? undefined : model.constants[name]!)
  if (!Object.hasOwn(LOWERINGS, node.op)) throw new Error(`internal: no lowering for integer op ${String(node.op)} (node ${node.name})`)
  const lower = LOWERINGS[node.op] as Lowering
  return lower(D, node, { model, x, get, constant, outShape, label: node.name })
}

/**
 * Evaluates `model` on `inputs` (integer tensors by input name) in domain `D`.
 * @returns every output tensor by name.
 */
export function runModel<T>(D: Domain<T>, model: QuantizedModel, inputs: Record<string, DTensor<T>>): Record<string, DTensor<T>> {
  const values = new Map<string, DTensor<T>>(Object.entries(inputs))
  const get = (name: string) => {
    const v = values.get(name)
    if (!v) throw new Error(`internal: value ${name} used before it is computed`)
    return v
  }
  for (const node of model.nodes) values.set(node.outputs[0]!, runNode(D, model, node, get))
  return Object.fromEntries(model.outputs.map((o) => [o.name, get(o.name)]))
}
