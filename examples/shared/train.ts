/**
 * Training helpers of the examples, on the repository's small trainer (`scripts/train/`: dense
 * layers, ReLU, Adam with cosine decay, seeded initialization and shuffling). A project of your own
 * would train in PyTorch or Keras and export ONNX; the examples train here so that a fresh clone
 * reproduces their models without Python.
 */
import { createDense } from '../../scripts/train/layers/dense.js'
import { createRelu } from '../../scripts/train/layers/relu.js'
import type { Layer } from '../../scripts/train/layers/types.js'
import { argmax } from '../../scripts/train/loss.js'
import { createNetwork, type Network } from '../../scripts/train/network.js'
import { createRng } from '../../scripts/train/rng.js'
import { trainNetwork } from '../../scripts/train/train.js'

/** Parameters of {@link trainMlp}. */
export type TrainMlpParameters = {
  /** Layer sizes, input first: `[8, 16, 3]` is 8 → Gemm 16 → ReLU → Gemm 3. */
  sizes: number[]
  /** `count × sizes[0]` inputs. */
  x: Float32Array
  /** `count` class labels. */
  y: Uint8Array
  epochs: number
  batchSize: number
  lr: number
  /** Seeds the initialization and the shuffling. */
  seed: number
  /** Called after each epoch. */
  onEpoch?: ((e: { epoch: number; loss: number }) => void) | undefined
}

/**
 * Trains a ReLU MLP with softmax cross-entropy.
 * @returns the trained network, its last epoch's mean loss and the training time
 */
export function trainMlp(p: TrainMlpParameters): { net: Network; loss: number; seconds: number } {
  const rng = createRng({ seed: p.seed })
  const layers: Layer[] = []
  for (let l = 0; l + 1 < p.sizes.length; l++) {
    layers.push(createDense({ name: `fc${l + 1}`, inSize: p.sizes[l]!, outSize: p.sizes[l + 1]!, rng }))
    if (l + 2 < p.sizes.length) layers.push(createRelu({ shape: [p.sizes[l + 1]!] }))
  }
  const net = createNetwork({ layers })
  const t0 = performance.now()
  const { epochs } = trainNetwork({ net, images: p.x, labels: p.y, epochs: p.epochs, batchSize: p.batchSize, lr: p.lr, rng, onEpoch: p.onEpoch })
  return { net, loss: epochs.at(-1)!.loss, seconds: (performance.now() - t0) / 1000 }
}

/** Class predictions of `net` for `count × inSize` inputs (argmax of the logits). */
export function predict(net: Network, x: Float32Array): Uint8Array {
  const count = x.length / net.inSize
  const out = new Uint8Array(count)
  const batch = 256
  for (let s = 0; s < count; s += batch) {
    const n = Math.min(batch, count - s)
    const logits = net.forward(x.subarray(s * net.inSize, (s + n) * net.inSize), n)
    for (let b = 0; b < n; b++) out[s + b] = argmax(logits, b * net.outSize, net.outSize)
  }
  return out
}

/** Accuracy, the majority-class baseline and the confusion matrix (`[truth][prediction]`). */
export function scoreClasses(truth: Uint8Array, predicted: Uint8Array, classes: number): { accuracy: number; baseline: number; confusion: number[][] } {
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0))
  let correct = 0
  for (let i = 0; i < truth.length; i++) {
    confusion[truth[i]!]![predicted[i]!]!++
    if (truth[i] === predicted[i]) correct++
  }
  const perClass = confusion.map((row) => row.reduce((a, b) => a + b, 0))
  return { accuracy: correct / truth.length, baseline: Math.max(...perClass) / truth.length, confusion }
}
