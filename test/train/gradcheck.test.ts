/**
 * Backward passes of the trainer's layers against central finite differences of
 * `L = Σ r ⊙ forward(x)` (so `∂L/∂y = r`), and of a whole small CNN through the loss.
 */
import { describe, expect, it } from 'vitest'
import { createConv2d } from '../../scripts/train/layers/conv2d.js'
import { createDense } from '../../scripts/train/layers/dense.js'
import { createFlatten } from '../../scripts/train/layers/flatten.js'
import { createMaxPool } from '../../scripts/train/layers/maxPool.js'
import { createRelu } from '../../scripts/train/layers/relu.js'
import type { Layer } from '../../scripts/train/layers/types.js'
import { sizeOf } from '../../scripts/train/layers/types.js'
import { softmaxCrossEntropy } from '../../scripts/train/loss.js'
import { createNetwork } from '../../scripts/train/network.js'
import { createRng } from '../../scripts/train/rng.js'
import { numericPartial } from './numeric.js'

const EPS = 1e-2

function randomArray(n: number, seed: number): Float32Array {
  const rng = createRng({ seed })
  return Float32Array.from({ length: n }, () => rng.next() * 2 - 1)
}

/** L = Σ r·y in float64. */
function objective(layer: Layer, x: Float32Array, batch: number, r: Float32Array): number {
  const y = layer.forward(x, batch)
  let s = 0
  for (let i = 0; i < y.length; i++) s += y[i]! * r[i]!
  return s
}

const numeric = (f: () => number, arr: Float32Array, i: number): number => numericPartial(f, arr, i, EPS)

/** Compares every analytic gradient of a (linear in its parameters) layer to finite differences. */
function checkLayer(layer: Layer, batch: number, seed: number): { checked: number } {
  const x = randomArray(batch * sizeOf(layer.inShape), seed)
  const r = randomArray(batch * sizeOf(layer.outShape), seed + 1)
  for (const p of layer.params) p.grad.fill(0)
  layer.forward(x, batch)
  const dx = Float32Array.from(layer.backward(r, batch, true))
  const f = () => objective(layer, x, batch, r)
  let checked = 0
  for (const p of layer.params) {
    const grad = Float32Array.from(p.grad)
    for (let i = 0; i < p.value.length; i++, checked++) expect(grad[i]).toBeCloseTo(numeric(f, p.value, i), 2)
  }
  for (let i = 0; i < x.length; i++, checked++) expect(dx[i]).toBeCloseTo(numeric(f, x, i), 2)
  return { checked }
}

describe('gradient checks', () => {
  it('Dense backward matches finite differences (weights, bias, input)', () => {
    const layer = createDense({ name: 'fc', inSize: 7, outSize: 5, rng: createRng({ seed: 3 }) })
    expect(checkLayer(layer, 3, 10).checked).toBe(7 * 5 + 5 + 3 * 7)
  })

  it('Conv2D backward matches finite differences (no padding, 2 in-channels)', () => {
    const layer = createConv2d({ name: 'c', inShape: [2, 6, 5], outChannels: 3, kernel: 3, rng: createRng({ seed: 4 }) })
    expect(layer.outShape).toEqual([3, 4, 3])
    expect(checkLayer(layer, 2, 20).checked).toBe(3 * 2 * 9 + 3 + 2 * 60)
  })

  it('Conv2D backward matches finite differences with padding 2', () => {
    const layer = createConv2d({ name: 'c', inShape: [1, 5, 6], outChannels: 2, kernel: 5, pad: 2, rng: createRng({ seed: 5 }) })
    expect(layer.outShape).toEqual([2, 5, 6])
    checkLayer(layer, 2, 30)
  })

  it('the analytic gradient is not trivially zero and a wrong one is caught', () => {
    const layer = createDense({ name: 'fc', inSize: 4, outSize: 3, rng: createRng({ seed: 6 }) })
    const x = randomArray(8, 1)
    const r = randomArray(6, 2)
    layer.forward(x, 2)
    layer.backward(r, 2, true)
    const g = layer.params[0]!.grad
    expect(g.some((v) => Math.abs(v) > 0.05)).toBe(true)
    const f = () => objective(layer, x, 2, r)
    expect(Math.abs(g[0]! * 1.1 - numeric(f, layer.params[0]!.value, 0))).toBeGreaterThan(1e-3)
  })

  it('a small CNN (conv → relu → maxpool → flatten → dense) matches finite differences of the loss', () => {
    const rng = createRng({ seed: 9 })
    const conv = createConv2d({ name: 'c', inShape: [1, 8, 8], outChannels: 2, kernel: 3, pad: 1, rng })
    const net = createNetwork({
      layers: [conv, createRelu({ shape: conv.outShape }), createMaxPool({ inShape: [2, 8, 8] }), createFlatten({ inShape: [2, 4, 4] }), createDense({ name: 'fc', inSize: 32, outSize: 4, rng })],
    })
    const batch = 2
    const x = randomArray(batch * 64, 40)
    const labels = Uint8Array.from([1, 3])
    const grad = new Float32Array(batch * 4)
    const loss = () => softmaxCrossEntropy({ logits: net.forward(x, batch), labels, batch, classes: 4 })
    softmaxCrossEntropy({ logits: net.forward(x, batch), labels, batch, classes: 4, grad })
    net.backward(grad, batch)
    let compared = 0
    for (const p of net.params) {
      const analytic = Float32Array.from(p.grad)
      for (let i = 0; i < p.value.length; i += 3) {
        // smaller steps: the ReLU / max kinks must not be crossed
        const v = p.value[i]!
        p.value[i] = v + 2e-4
        const up = loss()
        p.value[i] = v - 2e-4
        const down = loss()
        p.value[i] = v
        const fd = (up - down) / 4e-4
        expect(Math.abs(analytic[i]! - fd)).toBeLessThan(2e-3 + 1e-2 * Math.abs(fd))
        compared++
      }
    }
    expect(compared).toBeGreaterThan(40)
  })
})
