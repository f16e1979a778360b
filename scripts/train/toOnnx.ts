/**
 * Network → ONNX graph IR (opset 13): Dense → Gemm (transB = 1), Conv2D → Conv, ReLU → Relu,
 * MaxPool → MaxPool, Flatten → Flatten (axis 1). Input "input", output "logits"; parameters
 * become float32 initializers under their parameter names.
 */
import type { Graph, Node, Tensor } from '../../src/onnx/ir.js'
import type { Conv2dLayer } from './layers/conv2d.js'
import type { MaxPoolLayer } from './layers/maxPool.js'
import type { Layer } from './layers/types.js'
import type { Network } from './network.js'

/** Parameters of {@link networkToGraph}. */
export type NetworkToGraphParameters = {
  net: Network
  /** ONNX input shape with the batch dimension, e.g. `[1, 784]` or `[1, 1, 28, 28]`. */
  inputShape: number[]
  /** Graph name. */
  name?: string | undefined
}

const ints = (value: number[]) => ({ type: 'ints' as const, value })

function layerNode(layer: Layer, index: number, input: string, output: string): Node {
  const name = `${layer.type}${index}`
  switch (layer.type) {
    case 'dense':
      return { opType: 'Gemm', name, inputs: [input, ...layer.params.map((p) => p.name)], outputs: [output], attributes: { transB: { type: 'int', value: 1 } } }
    case 'conv2d': {
      const { kernel: k, pad } = layer as Conv2dLayer
      return {
        opType: 'Conv',
        name,
        inputs: [input, ...layer.params.map((p) => p.name)],
        outputs: [output],
        attributes: { kernel_shape: ints([k, k]), pads: ints([pad, pad, pad, pad]), strides: ints([1, 1]) },
      }
    }
    case 'relu':
      return { opType: 'Relu', name, inputs: [input], outputs: [output], attributes: {} }
    case 'maxPool': {
      const s = (layer as MaxPoolLayer).size
      return { opType: 'MaxPool', name, inputs: [input], outputs: [output], attributes: { kernel_shape: ints([s, s]), strides: ints([s, s]) } }
    }
    case 'flatten':
      return { opType: 'Flatten', name, inputs: [input], outputs: [output], attributes: { axis: { type: 'int', value: 1 } } }
    case 'gru':
      throw new RangeError('a GRU layer needs its sequence reshape: export it with sequenceGraph (scripts/train/sequence.ts)')
  }
}

/**
 * Converts a trained network to the graph IR, ready for `writeOnnx`.
 * @param parameters {@link NetworkToGraphParameters}
 * @returns the graph
 * @example
 * const bytes = writeOnnx({ graph: networkToGraph({ net, inputShape: [1, 784] }) })
 */
export function networkToGraph({ net, inputShape, name }: NetworkToGraphParameters): Graph {
  const initializers = new Map<string, Tensor>()
  for (const p of net.params) initializers.set(p.name, { dtype: 'float32', dims: [...p.dims], data: Float64Array.from(p.value) })
  const nodes: Node[] = []
  let x = 'input'
  net.layers.forEach((layer, i) => {
    const y = i === net.layers.length - 1 ? 'logits' : `t${i}`
    nodes.push(layerNode(layer, i, x, y))
    x = y
  })
  return {
    opset: 13,
    name,
    inputs: [{ name: 'input', dtype: 'float32', shape: inputShape }],
    outputs: [{ name: 'logits', dtype: 'float32', shape: [1, net.outSize] }],
    initializers,
    nodes,
  }
}

/**
 * Copies initializers of a graph back into a network's parameters (matched by name).
 * @param parameters.net the network, built with the same architecture
 * @param parameters.graph a graph written by {@link networkToGraph}
 * @throws RangeError when a parameter is missing or has another size
 */
export function loadGraphWeights({ net, graph }: { net: Network; graph: Graph }): void {
  for (const p of net.params) {
    const t = graph.initializers.get(p.name)
    if (!t || t.data.length !== p.value.length) throw new RangeError(`initializer ${p.name} missing or of another size`)
    p.value.set(t.data)
  }
}
