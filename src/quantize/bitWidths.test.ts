import { describe, expect, it } from 'vitest'
import { BitWidthError } from '../errors/quantize.js'
import { parseOnnx } from '../onnx/parse.js'
import { prepareGraph } from '../onnx/prepare.js'
import { calibrateRanges } from '../compile/calibrate.js'
import { quantizeGraph, quantizeGraphWithUsage } from './quantize.js'
import { cnnOnnx, randomSamples } from '../../test/fixtures/models.js'

// conv → relu → pool → flatten → fc, calibrated on a few random images.
const graph = prepareGraph({ graph: parseOnnx({ bytes: cnnOnnx({ size: 8, channels: 2, kernel: 3, classes: 3 }) }) })
const { ranges } = calibrateRanges({ graph, samples: randomSamples({ size: 64, count: 4 }).map((s) => ({ input: s.input! })) })

describe('per-layer bit widths', () => {
  it('reports the widths the model has: activation and weight widths by node, float inputs', () => {
    const { usage } = quantizeGraphWithUsage({ graph, ranges })
    expect(usage).toEqual({ activation: ['relu'], weight: ['conv', 'fc'], input: ['input'] })
  })

  it('per-layer widths equal to the global ones give exactly the global model', () => {
    const plain = quantizeGraph({ graph, ranges, inputBits: 7, weightBits: 6, activationBits: 10 })
    const explicit = quantizeGraph({
      graph,
      ranges,
      inputBits: 7,
      weightBits: 6,
      activationBits: 10,
      layerBits: { activation: { relu: 10 }, weight: { conv: 6, fc: 6 }, input: { input: 7 } },
    })
    expect(explicit).toEqual(plain)
  })

  it('a layer width changes that layer only: its output scale, its weights, an input', () => {
    const base = quantizeGraph({ graph, ranges })
    const convW = (m: typeof base) => Object.entries(m.constants).find(([k]) => k.startsWith('conv.W'))![1]
    const fcW = (m: typeof base) => Object.entries(m.constants).find(([k]) => k.startsWith('fc.W'))![1]
    const act = quantizeGraph({ graph, ranges, layerBits: { activation: { relu: 6 } } })
    // The ReLU's requantization runs after the pool (poolFirst.ts): its output is the pooled value.
    const reluOut = (m: typeof base) => m.tensors[m.nodes.find((n) => n.name === 'relu')!.outputs[0]!]!
    expect(reluOut(act).scale).toBe(reluOut(base).scale - 6)
    expect(act.tensors.c).toEqual(base.tensors.c)
    expect([convW(act), fcW(act)]).toEqual([convW(base), fcW(base)])

    const w = quantizeGraph({ graph, ranges, layerBits: { weight: { conv: 4 } } })
    expect(Math.max(...convW(w).data.map(Math.abs))).toBeLessThanOrEqual(7)
    expect(Math.max(...convW(base).data.map(Math.abs))).toBeGreaterThan(7)
    expect(fcW(w)).toEqual(fcW(base))

    const inp = quantizeGraph({ graph, ranges, layerBits: { input: { input: 5 } } })
    // Pixels in [0, 1): 8 bits at scale 2^8 (255/256), 5 bits at 2^4 (31/32 — 2^5 would not hold the max).
    expect([base.inputs[0]!.scale, inp.inputs[0]!.scale, inp.inputs[0]!.bits]).toEqual([8, 4, 5])
  })

  it('refuses a width the model does not have, out of range or of an unknown kind, naming the layer', () => {
    const bad = (layerBits: unknown) => () => quantizeGraph({ graph, ranges, layerBits: layerBits as never })
    expect(bad({ weight: { relu: 6 } })).toThrow(BitWidthError)
    expect(bad({ weight: { relu: 6 } })).toThrow(/"relu" has no weight width[\s\S]*conv, fc/)
    expect(bad({ activation: { nope: 6 } })).toThrow(/"nope" has no activation width/)
    expect(bad({ activation: { relu: 1 } })).toThrow(/from 2 to 32 \(got 1\)/)
    expect(bad({ weight: { conv: 6.5 } })).toThrow(BitWidthError)
    expect(bad({ activations: { relu: 6 } })).toThrow(/unknown kind\(s\) "activations"/)
    expect(bad([])).toThrow(BitWidthError)
    try {
      bad({ weight: { relu: 6 } })()
    } catch (e) {
      expect((e as BitWidthError).layer).toBe('relu')
    }
  })
})
