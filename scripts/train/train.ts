/**
 * The mini-batch training loop: seeded shuffling, softmax cross-entropy, Adam (or SGD with
 * momentum) with a cosine learning-rate decay over all steps.
 */
import { softmaxCrossEntropy } from './loss.js'
import type { Network } from './network.js'
import { createAdam, createSgd } from './optim.js'
import type { Rng } from './rng.js'

/** Parameters of {@link trainNetwork}. */
export type TrainNetworkParameters = {
  net: Network
  /** `count × net.inSize` training inputs. */
  images: Float32Array
  /** `count` labels. */
  labels: Uint8Array
  epochs: number
  batchSize: number
  /** Peak learning rate (decays to 0 by a cosine over all steps). */
  lr: number
  optimizer?: 'adam' | 'sgd' | undefined
  /** Shuffles the samples each epoch. */
  rng: Rng
  /** Called after each epoch. */
  onEpoch?: ((e: { epoch: number; loss: number; seconds: number }) => void) | undefined
  /** Called every `progressEvery` batches with the running mean loss. */
  onProgress?: ((p: { epoch: number; done: number; total: number; loss: number }) => void) | undefined
  progressEvery?: number | undefined
}

/** Return type of {@link trainNetwork}: mean training loss and wall time of each epoch. */
export type TrainNetworkReturnType = { epochs: { epoch: number; loss: number; seconds: number }[] }

/**
 * Trains `net` in place.
 * @param parameters {@link TrainNetworkParameters}
 * @returns the per-epoch history
 */
export function trainNetwork(p: TrainNetworkParameters): TrainNetworkReturnType {
  const { net, images, labels, epochs, batchSize, lr, rng } = p
  const count = labels.length
  const classes = net.outSize
  const opt = (p.optimizer ?? 'adam') === 'adam' ? createAdam({ params: net.params }) : createSgd({ params: net.params })
  const order = new Uint32Array(count)
  for (let i = 0; i < count; i++) order[i] = i
  const xb = new Float32Array(batchSize * net.inSize)
  const yb = new Uint8Array(batchSize)
  const grad = new Float32Array(batchSize * classes)
  const batches = Math.ceil(count / batchSize)
  const totalSteps = epochs * batches
  const history: TrainNetworkReturnType['epochs'] = []
  let step = 0
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const t0 = performance.now()
    rng.shuffle(order)
    let lossSum = 0
    let seen = 0
    for (let k = 0; k < batches; k++) {
      const n = Math.min(batchSize, count - k * batchSize)
      for (let b = 0; b < n; b++) {
        const i = order[k * batchSize + b]!
        xb.set(images.subarray(i * net.inSize, (i + 1) * net.inSize), b * net.inSize)
        yb[b] = labels[i]!
      }
      const x = n === batchSize ? xb : xb.subarray(0, n * net.inSize)
      const logits = net.forward(x, n)
      const g = n === batchSize ? grad : grad.subarray(0, n * classes)
      const loss = softmaxCrossEntropy({ logits, labels: yb.subarray(0, n), batch: n, classes, grad: g })
      net.backward(g, n)
      opt.step(lr * 0.5 * (1 + Math.cos((Math.PI * step) / totalSteps)))
      step++
      lossSum += loss * n
      seen += n
      if (p.onProgress && p.progressEvery && (k + 1) % p.progressEvery === 0) p.onProgress({ epoch, done: k + 1, total: batches, loss: lossSum / seen })
    }
    const e = { epoch, loss: lossSum / seen, seconds: (performance.now() - t0) / 1000 }
    history.push(e)
    p.onEpoch?.(e)
  }
  return { epochs: history }
}
