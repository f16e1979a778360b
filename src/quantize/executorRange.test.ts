import { describe, expect, it } from 'vitest'
import { prepareGraph } from '../onnx/prepare.js'
import { execFloat } from '../onnx/execFloat.js'
import { calibrateRanges } from '../compile/calibrate.js'
import { EXECUTOR_BITS, executorBits } from '../ir/interval.js'
import { lowerModel } from '../circuit/lowerModel.js'
import { failingConstraints } from '../circuit/check.js'
import { toField } from '../circuit/field.js'
import { QuantizationOverflowError } from '../errors/quantize.js'
import { f32, maxAbsDiff, seeded } from '../../test/helpers/ops.js'
import { deepLinearGraph } from '../../test/fixtures/models.js'
import { quantizeGraph } from './quantize.js'
import { quantizeInputs } from './quantizeInput.js'
import { runIntegers } from './execInt.js'

// The deep stack (`deepLinearGraph`): eight 3×3 convolutions without activations, then a Gemm;
// over 110 bits end to end without requantizations.
describe('executor range: requantizations inserted where a linear chain would pass 2^52', () => {
  const graph = prepareGraph({ graph: deepLinearGraph() })
  const samples = [1, 2, 3, 4].map((s) => ({ x: Float64Array.from(seeded(64, s + 40, 0, 1)) }))
  const { ranges } = calibrateRanges({ graph, samples })
  const model = quantizeGraph({ graph, ranges, inputBits: 8, weightBits: 12, activationBits: 12 })

  it('reports each inserted step; the finished model stays within the executor’s exact range', () => {
    const steps = model.requantized ?? []
    // Measured: before conv3 (62 bits without it), conv5 (59), conv7 (63) and the Gemm (56).
    expect(steps.map((s) => s.node)).toEqual(['conv3', 'conv5', 'conv7', 'fc'])
    for (const s of steps) {
      expect(s.bits).toBeGreaterThan(EXECUTOR_BITS)
      expect(s.bitsAfter).toBeLessThanOrEqual(EXECUTOR_BITS)
      expect(s.shift).toBeGreaterThan(0)
      const rq = model.nodes.find((n) => n.op === 'Requant' && n.inputs[0] === s.tensor)
      expect(rq, `a Requant of ${s.tensor}`).toMatchObject({ shift: s.shift, relu: false })
      // The op reads the requantized value.
      const consumer = model.nodes.find((n) => n.name === s.node)!
      expect(consumer.inputs).toContain(rq!.outputs[0])
    }
    expect(executorBits(model)).toBeLessThanOrEqual(EXECUTOR_BITS)
  })

  it('the executor stays close to the float model, and the circuit’s witness reproduces it', () => {
    const floatOut = execFloat({ graph, inputs: { x: f32([1, 1, 8, 8], Array.from(samples[0]!.x)) } }).outputs['y']!
    const ints = quantizeInputs({ model, input: { x: Array.from(samples[0]!.x) }, clamp: true })
    const exec = runIntegers(model, ints)
    const scale = Math.max(...Array.from(floatOut.data, Math.abs))
    expect(maxAbsDiff(exec.outputs['y']!, floatOut.data) / scale).toBeLessThan(0.02)
    const lowered = lowerModel({ model, visibility: { input: 'private', output: 'public' }, inputs: ints, mode: { constraints: true, witness: true } })
    expect(failingConstraints(lowered.r1cs, lowered.witness!.map(toField))).toEqual([])
    expect(lowered.outputs!['y']!.map(Number)).toEqual(exec.integers['y'])
  })

  it('a model that needs none gets no report (nothing changes for ordinary models)', () => {
    const small = prepareGraph({
      graph: {
        opset: 13,
        inputs: [{ name: 'x', dtype: 'float32', shape: [1, 4] }],
        outputs: [{ name: 'y', dtype: 'float32' }],
        initializers: new Map([['w', f32([4, 3], seeded(12, 5))]]),
        nodes: [{ opType: 'MatMul', name: 'mm', inputs: ['x', 'w'], outputs: ['y'], attributes: {} }],
      },
    })
    const m = quantizeGraph({ graph: small, ranges: calibrateRanges({ graph: small, samples: [{ x: Float64Array.from([0.1, -0.5, 0.3, 1]) }] }).ranges })
    expect(m.requantized).toBeUndefined()
    expect(m.nodes.map((n) => n.op)).toEqual(['Linear'])
  })

  it('an op that is too wide with its inputs already at their target scales is refused with QuantizationOverflowError', () => {
    // 24-bit inputs and weights, 4096 terms: 24 + 24 + 12 bits in one dot.
    const wide = prepareGraph({
      graph: {
        opset: 13,
        inputs: [{ name: 'x', dtype: 'float32', shape: [1, 4096] }],
        outputs: [{ name: 'y', dtype: 'float32' }],
        initializers: new Map([['w', f32([4096, 1], seeded(4096, 6))]]),
        nodes: [{ opType: 'MatMul', name: 'mm', inputs: ['x', 'w'], outputs: ['y'], attributes: {} }],
      },
    })
    const { ranges: r } = calibrateRanges({ graph: wide, samples: [{ x: Float64Array.from(seeded(4096, 7)) }] })
    expect(() => quantizeGraph({ graph: wide, ranges: r, inputBits: 24, weightBits: 24, activationBits: 24 })).toThrow(QuantizationOverflowError)
  })
})
