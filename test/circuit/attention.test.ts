/**
 * Attention as exporters emit it (`test/fixtures/attention.ts`): Q/K/V projections, heads by
 * Reshape/Transpose, MatMul of two data tensors (Q·Kᵀ, weights·V: one constraint per product),
 * scaling by a constant (Div or Mul), masks (Add of a constant with −∞ or large negatives, Where
 * with a constant mask, a Trilu-built mask), Softmax over the last axis, residual Add and
 * LayerNormalization. The circuit's outputs equal the integer executor's bit for bit, every
 * constraint holds, the outputs stay close to float, and masked positions get weight exactly 0.
 */
import { describe, expect, it } from 'vitest'
import { prepareGraph } from '../../src/onnx/prepare.js'
import { execFloat } from '../../src/onnx/execFloat.js'
import { calibrateRanges } from '../../src/compile/calibrate.js'
import { quantizeGraph } from '../../src/quantize/quantize.js'
import { quantizeInputs } from '../../src/quantize/quantizeInput.js'
import { runIntegers } from '../../src/quantize/execInt.js'
import { lowerModel } from '../../src/circuit/lowerModel.js'
import { failingConstraints } from '../../src/circuit/check.js'
import { toField } from '../../src/circuit/field.js'
import { matmul } from '../../src/ir/lower/matmul.js'
import { attentionBlockGraph, attentionSamples, type AttentionBlockParameters } from '../fixtures/attention.js'
import { expectEveryMutationFails } from '../helpers/mutation.js'
import { expectUniqueOp, interval } from '../helpers/uniqueness.js'
import { rng } from '../helpers/randomModel.js'
import { runNodes } from '../../src/ir/run.js'
import { numberDomain } from '../../src/quantize/numberDomain.js'
import type { DTensor } from '../../src/ir/domain.js'

const PRIVATE = { input: 'private', output: 'public' } as const
const FLOAT32_LOWEST = -3.4028234663852886e38

/** Compiles the block, runs `count` samples; returns the float error, the constraints and the last run. */
function runBlock(p: AttentionBlockParameters & { count?: number }) {
  const seq = p.seq ?? 4
  const dModel = p.dModel ?? 8
  const graph = prepareGraph({ graph: attentionBlockGraph(p) })
  const samples = attentionSamples({ seq, dModel, count: p.count ?? 6 })
  const { ranges } = calibrateRanges({ graph, samples })
  const model = quantizeGraph({ graph, ranges })
  let maxErr = 0
  let constraints = 0
  let last: { ints: Record<string, number[]>; integers: Record<string, number[]> } | undefined
  for (const s of samples) {
    const float = execFloat({ graph, inputs: { x: { dtype: 'float32', dims: [1, seq, dModel], data: s.x } } }).outputs.y!.data
    const ints = quantizeInputs({ model, input: { x: Array.from(s.x) }, clamp: false })
    const run = runIntegers(model, ints)
    const lowered = lowerModel({ model, visibility: PRIVATE, inputs: ints, mode: { constraints: true, witness: true } })
    expect(failingConstraints(lowered.r1cs, lowered.witness!.map(toField))).toEqual([])
    expect(lowered.outputs!.y!.map(Number)).toEqual(run.integers.y)
    constraints = lowered.r1cs.constraints.length
    for (let i = 0; i < float.length; i++) maxErr = Math.max(maxErr, Math.abs(float[i]! - run.outputs.y![i]!))
    last = { ints, integers: run.integers }
  }
  return { graph, model, maxErr, constraints, last: last! }
}

describe('a self-attention block in exporter style', () => {
  // Output: layer-normalised values (|y| ≲ 3); 12-bit activations keep them within 0.1.
  const BOUND = 0.1
  it('no mask, scores / √dh: circuit = executor, close to float', () => {
    const { maxErr, constraints } = runBlock({ mask: 'none' })
    expect(maxErr).toBeLessThan(BOUND)
    expect(constraints).toBeGreaterThan(0)
  })
  it('Q and K scaled by Mul (the SDPA export)', () => {
    expect(runBlock({ mask: 'none', scaling: 'mul' }).maxErr).toBeLessThan(BOUND)
  })
  for (const [label, maskValue] of [['−∞', -Infinity], ['float32 lowest', FLOAT32_LOWEST], ['−1e9', -1e9], ['−10000', -1e4]] as const) {
    it(`Add of a constant causal mask of ${label}: hidden positions get weight exactly 0`, () => {
      const { maxErr, model, last } = runBlock({ mask: 'add', maskValue })
      expect(maxErr).toBeLessThan(BOUND)
      const values = new Map<string, DTensor<number>>(model.inputs.map((i) => [i.name, { shape: i.shape, data: last.ints[i.name]! }]))
      runNodes(numberDomain, model, model.nodes, values)
      const probs = values.get('attn/Softmax')!.data
      const seq = 4
      expect(model.tensors['attn/Softmax']!.shape).toEqual([1, 2, seq, seq])
      probs.forEach((p, i) => {
        const [row, col] = [Math.floor(i / seq) % seq, i % seq]
        if (col > row) expect(p, `weight ${i}`).toBe(0)
      })
      // Each visible row sums to about one.
      const one = 2 ** model.tensors['attn/Softmax']!.scale
      for (let r = 0; r < probs.length / seq; r++) expect(Math.abs(probs.slice(r * seq, (r + 1) * seq).reduce((a, b) => a + b, 0) - one) / one).toBeLessThan(0.02)
    })
  }
  it('Where(constant causal mask, scores, −∞)', () => {
    expect(runBlock({ mask: 'where' }).maxErr).toBeLessThan(BOUND)
  })
  it('a causal mask built in the graph (Trilu → Equal → Where → Add, folded)', () => {
    const { graph, maxErr } = runBlock({ mask: 'trilu', scaling: 'mul' })
    expect(graph.nodes.map((n) => n.opType)).not.toContain('Trilu')
    expect(maxErr).toBeLessThan(BOUND)
  })
  it('more heads and a longer sequence (seq 8, d 16, 4 heads)', () => {
    expect(runBlock({ seq: 8, dModel: 16, heads: 4, mask: 'add', count: 3 }).maxErr).toBeLessThan(BOUND)
  })
  it('a large negative mask that is not read by a Softmax is an ordinary constant', () => {
    // The same Add feeding the output: calibration keeps its full range (−1e4 is representable).
    const graph = prepareGraph({ graph: attentionBlockGraph({ mask: 'add', maskValue: -1e4 }) })
    const { ranges } = calibrateRanges({ graph, samples: attentionSamples({ count: 2 }) })
    expect(ranges.get('attn/Add')!.min).toBeGreaterThan(-1e3)
    const scoresOnly = { ...graph, outputs: [{ name: 'attn/Add', dtype: 'float32' as const, shape: [1, 2, 4, 4] }], nodes: graph.nodes.slice(0, graph.nodes.findIndex((n) => n.outputs[0] === 'attn/Add') + 1) }
    expect(calibrateRanges({ graph: scoresOnly, samples: attentionSamples({ count: 2 }) }).ranges.get('attn/Add')!.min).toBeLessThan(-9e3)
  })
})

describe('soundness of the data × data products', () => {
  it('Q·Kᵀ per head, [2, 2, 1] × [2, 1, 2] in [−1, 1]: unique outputs, one constraint per product', () => {
    const report = expectUniqueOp({
      inputs: Array.from({ length: 8 }, () => interval(-1n, 1n)),
      op: (D, xs) => matmul(D, { data: { shape: [2, 2, 1], data: xs.slice(0, 4) } }, { data: { shape: [2, 1, 2], data: xs.slice(4) } }, [2, 2, 2], 'qk').data,
      reference: ([q0, q1, q2, q3, k0, k1, k2, k3]) => [q0! * k0!, q0! * k1!, q1! * k0!, q1! * k1!, q2! * k2!, q2! * k3!, q3! * k2!, q3! * k3!],
    })
    expect(report.constraints).toBe(8)
  })
  it('a whole tiny block (seq 2, d 4, 2 heads, causal): changing any sampled wire breaks a constraint', () => {
    const { model, last } = runBlock({ seq: 2, dModel: 4, heads: 2, mask: 'add', count: 2 })
    const { r1cs, witness } = lowerModel({ model, visibility: PRIVATE, inputs: last.ints, mode: { constraints: true, witness: true } })
    const r = rng(3)
    expectEveryMutationFails(r1cs, witness!.map(toField), Array.from({ length: 200 }, () => r(1, r1cs.nWires - 1)))
  })
})
