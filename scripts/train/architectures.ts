/**
 * The MNIST architectures of the circomlib-ml / EZKL / zkml comparison, with their training
 * defaults. Names are the file names under `models/` (without `.onnx`).
 */
import { createConv2d } from './layers/conv2d.js'
import { createDense } from './layers/dense.js'
import { createFlatten } from './layers/flatten.js'
import { createMaxPool } from './layers/maxPool.js'
import { createRelu } from './layers/relu.js'
import type { Layer } from './layers/types.js'
import { createNetwork } from './network.js'
import type { Network } from './network.js'
import type { Rng } from './rng.js'

/** Names of the trainable models. */
export const ARCHITECTURE_NAMES = ['mnist_mlp_784_56_10', 'mnist_mlp_196_25_10', 'mnist_mlp_196_24_14_10', 'mnist_cnn_6c5', 'mnist_lenet5'] as const
export type ArchitectureName = (typeof ARCHITECTURE_NAMES)[number]

/** A model to train: how to build it, its ONNX input, and its training defaults. */
export type Architecture = {
  name: ArchitectureName
  /** One line for the README, e.g. `784 → Gemm 56 → ReLU → Gemm 10`. */
  summary: string
  /** 784 (28×28 pixels) or 196 (the 2×2-averaged 14×14 image). */
  inputPixels: 784 | 196
  /** ONNX input shape with batch 1: `[1, 784]`, `[1, 196]` or `[1, 1, 28, 28]`. */
  onnxInputShape: number[]
  build(rng: Rng): Network
  defaults: { epochs: number; batchSize: number; lr: number; trainLimit?: number | undefined }
}

function mlp(sizes: number[], rng: Rng): Network {
  const layers: Layer[] = []
  for (let l = 0; l + 1 < sizes.length; l++) {
    layers.push(createDense({ name: `fc${l + 1}`, inSize: sizes[l]!, outSize: sizes[l + 1]!, rng }))
    if (l + 2 < sizes.length) layers.push(createRelu({ shape: [sizes[l + 1]!] }))
  }
  return createNetwork({ layers })
}

function mlpArchitecture(name: ArchitectureName, sizes: number[], epochs: number, lr: number): Architecture {
  const hidden = sizes.slice(1, -1).map((s) => `Gemm ${s} → ReLU → `).join('')
  return {
    name,
    summary: `${sizes[0]} → ${hidden}Gemm ${sizes[sizes.length - 1]}`,
    inputPixels: sizes[0] as 784 | 196,
    onnxInputShape: [1, sizes[0]!],
    build: (rng) => mlp(sizes, rng),
    defaults: { epochs, batchSize: 32, lr },
  }
}

function cnn6c5(rng: Rng): Network {
  const conv = createConv2d({ name: 'conv1', inShape: [1, 28, 28], outChannels: 6, kernel: 5, rng })
  const relu = createRelu({ shape: conv.outShape })
  const pool = createMaxPool({ inShape: [6, 24, 24] })
  const flat = createFlatten({ inShape: pool.outShape })
  return createNetwork({ layers: [conv, relu, pool, flat, createDense({ name: 'fc1', inSize: 6 * 12 * 12, outSize: 10, rng })] })
}

function lenet5(rng: Rng): Network {
  const c1 = createConv2d({ name: 'conv1', inShape: [1, 28, 28], outChannels: 6, kernel: 5, pad: 2, rng })
  const p1 = createMaxPool({ inShape: [6, 28, 28] })
  const c2 = createConv2d({ name: 'conv2', inShape: [6, 14, 14], outChannels: 16, kernel: 5, rng })
  const p2 = createMaxPool({ inShape: [16, 10, 10] })
  return createNetwork({
    layers: [
      c1,
      createRelu({ shape: c1.outShape }),
      p1,
      c2,
      createRelu({ shape: c2.outShape }),
      p2,
      createFlatten({ inShape: p2.outShape }),
      createDense({ name: 'fc1', inSize: 400, outSize: 120, rng }),
      createRelu({ shape: [120] }),
      createDense({ name: 'fc2', inSize: 120, outSize: 84, rng }),
      createRelu({ shape: [84] }),
      createDense({ name: 'fc3', inSize: 84, outSize: 10, rng }),
    ],
  })
}

/** The architectures by name. */
export const ARCHITECTURES: Record<ArchitectureName, Architecture> = {
  mnist_mlp_784_56_10: mlpArchitecture('mnist_mlp_784_56_10', [784, 56, 10], 10, 1e-3),
  mnist_mlp_196_25_10: mlpArchitecture('mnist_mlp_196_25_10', [196, 25, 10], 20, 5e-3),
  mnist_mlp_196_24_14_10: mlpArchitecture('mnist_mlp_196_24_14_10', [196, 24, 14, 10], 20, 5e-3),
  mnist_cnn_6c5: {
    name: 'mnist_cnn_6c5',
    summary: '1×28×28 → Conv 6@5×5 → ReLU → MaxPool 2 → Flatten → Gemm 10',
    inputPixels: 784,
    onnxInputShape: [1, 1, 28, 28],
    build: cnn6c5,
    defaults: { epochs: 2, batchSize: 32, lr: 2e-3 },
  },
  mnist_lenet5: {
    name: 'mnist_lenet5',
    summary: '1×28×28 → Conv 6@5×5 pad 2 → ReLU → MaxPool 2 → Conv 16@5×5 → ReLU → MaxPool 2 → Flatten → Gemm 120 → ReLU → Gemm 84 → ReLU → Gemm 10',
    inputPixels: 784,
    onnxInputShape: [1, 1, 28, 28],
    build: lenet5,
    defaults: { epochs: 1, batchSize: 32, lr: 2e-3 },
  },
}

/** True when `name` is one of {@link ARCHITECTURE_NAMES}. */
export function isArchitectureName(name: string): name is ArchitectureName {
  return (ARCHITECTURE_NAMES as readonly string[]).includes(name)
}
