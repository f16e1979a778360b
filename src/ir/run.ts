/**
 * Runs a quantized model on a Domain: the one place that walks the integer graph.
 * With `numberDomain` this is the integer reference executor; with `circuitDomain` it is the lowering
 * that emits the constraints and the witness; with `intervalDomain` (`interval.ts`) the executor's
 * value ranges. Each node is evaluated by its entry in the lowering table (`lower/index.ts`).
 */
import type { Domain, DTensor } from './domain.js'
import type { QNode, QuantizedModel } from './model.js'
import { LOWERINGS, type Lowering } from './lower/index.js'

/** What a node evaluation reads from the model: its constants and tensor shapes and scales. */
export type ModelTables = Pick<QuantizedModel, 'tensors' | 'constants'>

function runNode<T>(D: Domain<T>, model: ModelTables, node: QNode, get: (name: string) => DTensor<T>): DTensor<T> {
  const x = get(node.inputs[0]!)
  const outShape = model.tensors[node.outputs[0]!]!.shape
  const constant = (name: string | undefined) => (name === undefined ? undefined : model.constants[name]!)
  if (!Object.hasOwn(LOWERINGS, node.op)) throw new Error(`internal: no lowering for integer op ${String(node.op)} (node ${node.name})`)
  const lower = LOWERINGS[node.op] as Lowering
  return lower(D, node, { model, x, get, constant, outShape, label: node.name })
}

/**
 * Evaluates `nodes` in order in domain `D`, reading and extending `values` (tensors by name; the
 * nodes' inputs must be there or computed by an earlier node of the list).
 */
export function runNodes<T>(D: Domain<T>, model: ModelTables, nodes: readonly QNode[], values: Map<string, DTensor<T>>): void {
  const get = (name: string) => {
    const v = values.get(name)
    if (!v) throw new Error(`internal: value ${name} used before it is computed`)
    return v
  }
  for (const node of nodes) values.set(node.outputs[0]!, runNode(D, model, node, get))
}

/**
 * Evaluates `model` on `inputs` (integer tensors by input name) in domain `D`.
 * @returns every output tensor by name.
 */
export function runModel<T>(D: Domain<T>, model: QuantizedModel, inputs: Record<string, DTensor<T>>): Record<string, DTensor<T>> {
  const values = new Map<string, DTensor<T>>(Object.entries(inputs))
  runNodes(D, model, model.nodes, values)
  return Object.fromEntries(model.outputs.map((o) => [o.name, values.get(o.name)!]))
}
