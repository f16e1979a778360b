import { describe, expect, it } from 'vitest'
import { ARCHITECTURES } from '../../scripts/train/architectures.js'
import { softmaxCrossEntropy } from '../../scripts/train/loss.js'
import { createAdam, createSgd } from '../../scripts/train/optim.js'
import { createRng } from '../../scripts/train/rng.js'
import { trainNetwork } from '../../scripts/train/train.js'
import { loadMnist } from '../../src/node/mnist.js'

describe('training', () => {
  it('softmax cross-entropy: uniform logits give ln(classes), gradient rows sum to 0', () => {
    const grad = new Float32Array(20)
    const loss = softmaxCrossEntropy({ logits: new Float32Array(20), labels: Uint8Array.from([3, 7]), batch: 2, classes: 10, grad })
    expect(loss).toBeCloseTo(Math.log(10), 6)
    expect(grad[3]).toBeCloseTo((0.1 - 1) / 2, 6)
    expect(grad[0]).toBeCloseTo(0.1 / 2, 6)
    expect(grad.subarray(10).reduce((a, b) => a + b, 0)).toBeCloseTo(0, 6)
  })

  for (const optimizer of ['adam', 'sgd'] as const) {
    it(`${optimizer} steps decrease the loss on a tiny MNIST batch`, () => {
      const { images, labels } = loadMnist({ split: 'train', limit: 16 })
      const net = ARCHITECTURES.mnist_mlp_784_56_10.build(createRng({ seed: 1 }))
      const opt = optimizer === 'adam' ? createAdam({ params: net.params }) : createSgd({ params: net.params })
      const grad = new Float32Array(16 * 10)
      const losses: number[] = []
      for (let step = 0; step < 15; step++) {
        losses.push(softmaxCrossEntropy({ logits: net.forward(images, 16), labels, batch: 16, classes: 10, grad }))
        net.backward(grad, 16)
        opt.step(optimizer === 'adam' ? 1e-3 : 0.05)
      }
      expect(losses[1]!).toBeLessThan(losses[0]!)
      expect(losses[14]!).toBeLessThan(losses[0]! * 0.5)
    })
  }

  it('a CNN training step decreases the loss', () => {
    const { images, labels } = loadMnist({ split: 'train', limit: 8 })
    const net = ARCHITECTURES.mnist_cnn_6c5.build(createRng({ seed: 2 }))
    const opt = createAdam({ params: net.params })
    const grad = new Float32Array(80)
    const l0 = softmaxCrossEntropy({ logits: net.forward(images, 8), labels, batch: 8, classes: 10, grad })
    net.backward(grad, 8)
    opt.step(5e-3)
    const l1 = softmaxCrossEntropy({ logits: net.forward(images, 8), labels, batch: 8, classes: 10 })
    expect(l1).toBeLessThan(l0)
  })

  it('is reproducible: equal seeds give identical weights, other seeds differ', () => {
    const { images, labels } = loadMnist({ split: 'train', limit: 300 })
    const run = (seed: number) => {
      const rng = createRng({ seed })
      const net = ARCHITECTURES.mnist_mlp_196_25_10.build(rng)
      const small = new Float32Array(300 * 196).map((_, i) => images[Math.floor(i / 196) * 784 + (i % 196)]!)
      trainNetwork({ net, images: small, labels, epochs: 2, batchSize: 32, lr: 1e-3, rng })
      return net.params.map((p) => Array.from(p.value))
    }
    const a = run(5)
    expect(run(5)).toEqual(a)
    expect(run(6)).not.toEqual(a)
  })
})
