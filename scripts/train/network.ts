/** A sequential network: forward and backward through a list of layers. */
import type { Layer, Param } from './layers/types.js'
import { sizeOf } from './layers/types.js'
import { argmax } from './loss.js'

/** A sequential stack of layers. */
export type Network = {
  readonly layers: readonly Layer[]
  /** Per-sample input shape. */
  readonly inShape: readonly number[]
  readonly inSize: number
  readonly outSize: number
  /** Every trainable parameter, in layer order. */
  readonly params: readonly Param[]
  /** Runs the layers; the result is a layer-owned buffer, valid until the next forward. */
  forward(x: Float32Array, batch: number): Float32Array
  /** Back-propagates `∂loss/∂output` and adds every parameter's gradient. */
  backward(dy: Float32Array, batch: number): void
}

/**
 * Builds a network from layers whose shapes chain.
 * @param parameters.layers the layers, input first
 * @returns the network
 * @throws RangeError when a layer's input size differs from the previous layer's output size
 */
export function createNetwork({ layers }: { layers: readonly Layer[] }): Network {
  for (let i = 1; i < layers.length; i++)
    if (sizeOf(layers[i]!.inShape) !== sizeOf(layers[i - 1]!.outShape))
      throw new RangeError(`layer ${i} (${layers[i]!.type}) expects [${layers[i]!.inShape}] but gets [${layers[i - 1]!.outShape}]`)
  const first = layers[0]!
  const last = layers[layers.length - 1]!
  return {
    layers,
    inShape: first.inShape,
    inSize: sizeOf(first.inShape),
    outSize: sizeOf(last.outShape),
    params: layers.flatMap((l) => l.params),
    forward(x, batch) {
      let h = x
      for (const l of layers) h = l.forward(h, batch)
      return h
    },
    backward(dy, batch) {
      let g = dy
      for (let i = layers.length - 1; i >= 0; i--) g = layers[i]!.backward(g, batch, i > 0)
    },
  }
}

/**
 * Classification accuracy of a network on a data set, computed in batches.
 * @param parameters.images `count × inSize` inputs
 * @param parameters.labels `count` labels
 * @param parameters.batchSize default 250
 * @returns the fraction of correct argmax predictions
 */
export function accuracy({ net, images, labels, batchSize = 250 }: { net: Network; images: Float32Array; labels: Uint8Array; batchSize?: number }): number {
  const count = labels.length
  let correct = 0
  for (let s = 0; s < count; s += batchSize) {
    const n = Math.min(batchSize, count - s)
    const y = net.forward(images.subarray(s * net.inSize, (s + n) * net.inSize), n)
    for (let b = 0; b < n; b++) if (argmax(y, b * net.outSize, net.outSize) === labels[s + b]) correct++
  }
  return correct / count
}
