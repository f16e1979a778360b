/**
 * Float reference executor over a prepared graph: float64 arithmetic, exact ONNX semantics of
 * the canonical nodes (older opset forms were rewritten by `prepareGraph`). The quantizer
 * calibrates ranges from its intermediate values.
 */
import { ShapeMismatchError } from '../errors/compile.js'
import type { PreparedGraph, Tensor } from './ir.js'
import { shapeSize } from './ir.js'
import { floatKernel } from '../ops/index.js'
import { nullRecord, ownValue } from '../utils/records.js'

/** Parameters of {@link execFloat}. */
export type ExecFloatParameters = {
  /** A graph returned by `prepareGraph`. */
  graph: PreparedGraph
  /** One value per graph input: a tensor (dims must equal the prepared shape) or flat row-major data. */
  inputs: Readonly<Record<string, Tensor | ArrayLike<number>>>
  /** Also return every value computed (node outputs), graph inputs and initializers included. */
  intermediates?: boolean | undefined
}
export type ExecFloatReturnType = {
  /** Graph outputs by name. */
  outputs: Record<string, Tensor>
  /** Every value by name; only with `intermediates: true`. Tensors may share data (views). */
  values?: Map<string, Tensor>
}
export type ExecFloatErrorType = ShapeMismatchError

/**
 * Runs a prepared graph in float64.
 * @param parameters {@link ExecFloatParameters}
 * @returns the graph outputs (and every intermediate value when asked)
 * @throws {ShapeMismatchError} a missing input, or an input whose shape or size differs from the prepared one
 * @example
 * import { execFloat, parseOnnx, prepareGraph } from '@zkml/web/compiler'
 * const graph = prepareGraph({ graph: parseOnnx({ bytes }) })
 * const { outputs } = execFloat({ graph, inputs: { input: pixels } })
 */
export function execFloat({ graph, inputs, intermediates }: ExecFloatParameters): ExecFloatReturnType {
  const values = new Map<string, Tensor>(graph.initializers)
  for (const v of graph.inputs) {
    const shape = v.shape as number[]
    const given = ownValue(inputs, v.name)
    const fail = (reason: string, got: number[]): never => {
      throw new ShapeMismatchError({ opType: 'graph input', nodeName: v.name, shapes: [shape, got], reason })
    }
    if (given === undefined) fail('no value was given for this input', [])
    if (isTensor(given!)) {
      if (given.dims.join() !== shape.join()) fail(`expected shape [${shape}], got [${given.dims}]`, given.dims)
      values.set(v.name, { dtype: v.dtype, dims: [...shape], data: given.data })
    } else {
      const data = given!
      if (data.length !== shapeSize(shape)) fail(`expected ${shapeSize(shape)} elements, got ${data.length}`, [data.length])
      values.set(v.name, { dtype: v.dtype, dims: [...shape], data: data instanceof Float64Array ? data : Float64Array.from(data) })
    }
  }
  for (const node of graph.nodes) {
    const outs = floatKernel(node.opType)(node, node.inputs.map((i) => (i ? values.get(i) : undefined)), graph.opset)
    node.outputs.forEach((o, k) => o && values.set(o, outs[k]!))
  }
  const outputs = nullRecord<Tensor>()
  for (const o of graph.outputs) outputs[o.name] = values.get(o.name)!
  return intermediates ? { outputs, values } : { outputs }
}

function isTensor(x: Tensor | ArrayLike<number>): x is Tensor {
  return (x as Tensor).dims !== undefined && (x as Tensor).data !== undefined
}
