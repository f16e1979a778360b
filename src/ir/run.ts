/**
 * Runs a quantized model on a Domain: the one place that walks the integer graph.
 * With `numberDomain` this is the integer reference executor; with `circuitDomain` it is the lowering
 * that emits the constraints and the witness; with `intervalDomain` (`interval.ts`) the executor's
 * value ranges. Each node is evaluated by its entry in the lowering table (`lower/index.ts`).
 */
import type { Domain, DTensor } from './domain.js'
import type { QNode, QuantizedModel } from './model.js'
import { LOWERINGS, type Lowering } from './lower/index.js'
import { ArtifactError } from '../errors/artifact.js'
import { hasOwn, nullRecord, ownValue } from '../utils/records.js'

/** What a node evaluation reads from the model: its constants and tensor shapes and scales. */
export type ModelTables = Pick<QuantizedModel, 'tensors' | 'constants'>

/** A name-keyed entry of the model; a missing one means a malformed model (e.g. a hand-edited circuit.json). */
function entry<V>(rec: Readonly<Record<string, V>>, name: string, what: string): V {
  const v = ownValue(rec, name)
  if (v === undefined) throw new ArtifactError(`The quantized model has no ${what} "${name}".`, { file: 'circuit.json' })
  return v
}

function runNode<T>(D: Domain<T>, model: ModelTables, node: QNode, get: (name: string) => DTensor<T>): DTensor<T> | DTensor<T>[] {
  // (Only a fill-only IndexMap, a constant graph output, has no input.)
  const x = node.inputs.length ? get(node.inputs[0]!) : { shape: [0], data: [] }
  const outShape = entry(model.tensors, node.outputs[0]!, 'tensor').shape
  const constant = (name: string | undefined) => (name === undefined ? undefined : entry(model.constants, name, 'constant'))
  if (!hasOwn(LOWERINGS, node.op)) throw new ArtifactError(`The quantized model has an unknown integer op "${String(node.op)}" (node "${node.name}").`, { file: 'circuit.json' })
  const lower = LOWERINGS[node.op] as Lowering
  return lower(D, node, { model, x, get, constant, outShape, label: node.name })
}

/**
 * Evaluates `nodes` in order in domain `D`, reading and extending `values` (tensors by name; the
 * nodes' inputs must be there or computed by an earlier node of the list).
 * @param onNode called after each node is evaluated (e.g. to count the constraints it added)
 * @throws {ArtifactError} When a node reads a value that no input or earlier node defines, or names an unknown op.
 */
export function runNodes<T>(D: Domain<T>, model: ModelTables, nodes: readonly QNode[], values: Map<string, DTensor<T>>, onNode?: (node: QNode) => void): void {
  const get = (name: string) => lookup(values, name)
  for (const node of nodes) {
    const out = runNode(D, model, node, get)
    if (Array.isArray(out)) out.forEach((t, i) => values.set(node.outputs[i]!, t))
    else values.set(node.outputs[0]!, out)
    onNode?.(node)
  }
}

/**
 * Evaluates `model` on `inputs` (integer tensors by input name) in domain `D`.
 * Names are the model's own (any string): `inputs` is read by own properties only, and the result
 * is a prototype-free record (see `src/utils/records.ts`).
 * @param onNode called after each node is evaluated (e.g. to count the constraints it added)
 * @returns every output tensor by name.
 * @throws {ArtifactError} When the model reads a value that no input or earlier node defines, or names an unknown op.
 */
export function runModel<T>(D: Domain<T>, model: QuantizedModel, inputs: Readonly<Record<string, DTensor<T>>>, onNode?: (node: QNode) => void): Record<string, DTensor<T>> {
  const values = new Map<string, DTensor<T>>(Object.entries(inputs))
  runNodes(D, model, model.nodes, values, onNode)
  return nullRecord(model.outputs.map((o) => [o.name, lookup(values, o.name)]))
}

function lookup<T>(values: ReadonlyMap<string, DTensor<T>>, name: string): DTensor<T> {
  const v = values.get(name)
  if (!v) throw new ArtifactError(`The quantized model reads "${name}" before any input or node defines it.`, { file: 'circuit.json' })
  return v
}
