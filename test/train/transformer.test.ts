/**
 * The transformer trainer (`scripts/train/transformer.ts` and its layers): each hand-written
 * backward (per-position linear, layer norm, multi-head self-attention, the whole encoder through
 * the loss) against central finite differences in float64; the exported graph computes what the
 * trainer's forward computes (our float executor and onnxruntime-node); the task data is
 * deterministic and labelled right.
 */
import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { createSelfAttention } from '../../scripts/train/layers/attention.js'
import { createLayerNorm } from '../../scripts/train/layers/layerNorm.js'
import { createSeqLinear } from '../../scripts/train/layers/seqLinear.js'
import type { Param } from '../../scripts/train/layers/types.js'
import { softmaxCrossEntropy } from '../../scripts/train/loss.js'
import { createRng } from '../../scripts/train/rng.js'
import { sortedData } from '../../scripts/train/sorted.js'
import { createTransformer } from '../../scripts/train/transformer.js'
import { execFloat } from '../../src/onnx/execFloat.js'
import { prepareGraph } from '../../src/onnx/prepare.js'
import { writeOnnx } from '../../src/onnx/write.js'

const H = 1e-4

const random = (n: number, seed: number) => {
  const rng = createRng({ seed })
  return Float64Array.from({ length: n }, () => rng.next() * 2 - 1)
}

/** Checks ∂(Σ r·f(x))/∂(x, params) from `backward` against central differences; returns the count checked. */
function check(f: (x: Float64Array) => Float64Array, backward: (dy: Float64Array) => Float64Array, params: readonly Param[], x: Float64Array, seed: number, inputs = true): number {
  const r = random(f(x).length, seed)
  const L = () => f(x).reduce((s, y, i) => s + y * r[i]!, 0)
  for (const p of params) p.grad.fill(0)
  f(x)
  const dx = backward(r)
  let checked = 0
  const close = (analytic: number, read: () => number, write: (v: number) => void) => {
    const v = read()
    write(v + H)
    const up = L()
    write(v - H)
    const down = L()
    write(v)
    expect(analytic).toBeCloseTo((up - down) / (2 * H), 3)
    checked++
  }
  // Params are float32: step them through the float32 value (the check's tolerance allows it).
  for (const p of params) {
    const g = Float64Array.from(p.grad)
    for (let i = 0; i < p.value.length; i++) close(g[i]!, () => p.value[i]!, (v) => (p.value[i] = v))
  }
  if (inputs) for (let i = 0; i < x.length; i++) close(dx[i]!, () => x[i]!, (v) => (x[i] = v))
  return checked
}

describe('transformer trainer gradients', () => {
  it('per-position linear', () => {
    const l = createSeqLinear({ name: 'l', inSize: 3, outSize: 4, rng: createRng({ seed: 1 }) })
    expect(check((x) => l.forward(x, 2), l.backward, l.params, random(6, 2), 3)).toBe(12 + 4 + 6)
  })
  it('layer normalisation', () => {
    const n = createLayerNorm({ name: 'n', size: 5 })
    n.params[0]!.value.set([1.2, 0.7, -0.4, 1, 0.3])
    n.params[1]!.value.set([0.1, -0.2, 0, 0.3, 0.05])
    expect(check((x) => n.forward(x), n.backward, n.params, random(15, 4), 5)).toBe(10 + 15)
  })
  it('multi-head self-attention (3 positions, width 4, 2 heads)', () => {
    const a = createSelfAttention({ name: 'a', d: 4, heads: 2, rng: createRng({ seed: 6 }) })
    expect(check((x) => a.forward(x, 3), a.backward, a.params, random(12, 7), 8)).toBe(4 * 20 + 12)
  })
  it('the whole encoder through the cross-entropy loss', () => {
    const net = createTransformer({ seq: 3, vocab: 3, d: 4, heads: 2, ff: 6, classes: 2 }, createRng({ seed: 9 }))
    // Non-trivial norms: perturb γ and β away from 1 and 0.
    for (const p of net.params) if (p.name.startsWith('norm')) p.value.set(Array.from(random(p.value.length, 10), (v) => (p.name.endsWith('weight') ? 1 + v / 2 : v / 4)))
    const label = Uint8Array.of(1)
    const loss = (x: Float64Array) => {
      const logits = Float32Array.from(net.forward(x))
      const grad = new Float32Array(2)
      const l = softmaxCrossEntropy({ logits, labels: label, batch: 1, classes: 2, grad })
      return { l, grad }
    }
    const x = Float64Array.of(1, 0, 0, 0, 0, 1, 0, 1, 0)
    // The input is one-hot (not differentiated): only the parameters are checked.
    const checked = check((v) => Float64Array.of(loss(v).l), (dy) => {
      net.backward(Float64Array.from(loss(x).grad, (g) => g * dy[0]!))
      return new Float64Array(0)
    }, net.params, x, 11, false)
    expect(checked).toBeGreaterThan(100)
  })
})

describe('the exported graph', () => {
  it('computes the trainer’s forward (float executor and onnxruntime-node)', async () => {
    const config = { seq: 5, vocab: 4, d: 8, heads: 2, ff: 12, classes: 2 }
    const net = createTransformer(config, createRng({ seed: 3 }))
    const data = sortedData({ count: 4, seq: 5, vocab: 4, seed: 5 })
    const graph = net.graph('t')
    const session = await ort.InferenceSession.create(writeOnnx({ graph }))
    try {
      for (let n = 0; n < data.count; n++) {
        const x = data.inputs.slice(n * 20, (n + 1) * 20)
        const ours = net.forward(Float64Array.from(x))
        const float = execFloat({ graph: prepareGraph({ graph }), inputs: { input: { dtype: 'float32', dims: [1, 5, 4], data: Float64Array.from(x) } } }).outputs['logits']!.data
        const fromOrt = (await session.run({ input: new ort.Tensor('float32', x, [1, 5, 4]) }))['logits']!.data as Float32Array
        for (let c = 0; c < 2; c++) {
          expect(float[c]).toBeCloseTo(ours[c]!, 4)
          expect(fromOrt[c]).toBeCloseTo(ours[c]!, 4)
        }
      }
    } finally {
      await session.release()
    }
  })
})

describe('the "is it sorted" task', () => {
  it('is deterministic, half sorted, and labelled by the definition', () => {
    const a = sortedData({ count: 200, seq: 6, vocab: 5, seed: 7 })
    expect(sortedData({ count: 200, seq: 6, vocab: 5, seed: 7 }).inputs).toEqual(a.inputs)
    let positives = 0
    for (let n = 0; n < a.count; n++) {
      const tokens = Array.from({ length: 6 }, (_, s) => a.inputs.subarray((n * 6 + s) * 5, (n * 6 + s + 1) * 5).indexOf(1))
      expect(tokens.every((t) => t >= 0)).toBe(true)
      expect(a.labels[n]).toBe(tokens.every((t, i) => i === 0 || tokens[i - 1]! <= t) ? 1 : 0)
      positives += a.labels[n]!
    }
    expect(positives / a.count).toBeGreaterThan(0.4)
    expect(positives / a.count).toBeLessThan(0.6)
  })
})
