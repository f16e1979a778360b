/**
 * Integer + circuit conformance over the ONNX backend tests (../shared/onnx-conformance):
 * for every case whose ops the compiler supports, quantize (the case's own input as calibration),
 * run the integer executor, and compare with the ONNX project's expected outputs within a
 * tolerance derived from the scales. For every case, the circuit's witness must satisfy its
 * constraints and reproduce the executor's integers; a sample is proven and verified with snarkjs.
 * Cases the compiler does not support are reported as skipped, with the reason.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { type LoadedCase, groupReasons, listCases, loadCase } from './cases.js'
import { prepareGraph } from '../../src/onnx/prepare.js'
import { calibrateRanges } from '../../src/compile/calibrate.js'
import type { PreparedGraph, Tensor } from '../../src/onnx/ir.js'
import { quantizeGraph } from '../../src/quantize/quantize.js'
import { runIntegers } from '../../src/quantize/execInt.js'
import { quantizeInputs } from '../../src/quantize/quantizeInput.js'
import { lowerModel } from '../../src/circuit/lowerModel.js'
import { failingConstraints } from '../../src/circuit/check.js'
import { toField } from '../../src/circuit/field.js'
import { devSetup } from '../../src/setup/devSetup.js'
import { proveGroth16, releaseSnarkjs, verifyGroth16, type VerificationKey } from '../../src/prove/groth16.js'
import { UnsupportedOpError } from '../../src/errors/compile.js'
import { CalibrationError, CircuitTooLargeError } from '../../src/errors/quantize.js'
import type { QuantizedModel } from '../../src/ir/model.js'

const BITS = { inputBits: 12, weightBits: 12, activationBits: 16 }
/** Larger circuits are checked by the integer executor only (keeps the suite's memory and time bounded). */
const CIRCUIT_BUDGET = 40_000

/** A cheap upper estimate of a model's constraint count (decompositions of ≤ 24 bits), to skip lowering huge cases. */
function estimateConstraints(model: QuantizedModel): number {
  const size = (name: string) => model.tensors[name]!.shape.reduce((a, d) => a * d, 1)
  let n = model.inputs.reduce((a, i) => a + size(i.name) * i.bits, 0)
  const perDecomposition = 26
  for (const node of model.nodes) {
    const out = size(node.outputs[0]!)
    if (node.op === 'MaxPool') n += out * (node.kernel[0] * node.kernel[1] - 1) * perDecomposition
    else if (node.op === 'Requant' || node.op === 'Div' || node.op === 'ArgMax') n += out * perDecomposition * (node.op === 'Div' ? 4 : 1)
    else if (node.op === 'Clip' || node.op === 'LeakyRelu') n += out * perDecomposition * 3
    else if (node.op === 'Sigmoid') n += out * perDecomposition * 9
    else if (node.op === 'Mul') n += out
  }
  return n
}
/** Sigmoid is a documented piecewise-linear approximation (error < 0.019). */
const APPROX_OPS: Record<string, number> = { Sigmoid: 0.02 }
/** Inputs of these ops are weights: the compiler needs them constant, so the case binds them. */
const WEIGHT_SLOTS: Record<string, number[]> = { Gemm: [1, 2], MatMul: [1], Conv: [1, 2] }

type Outcome = { name: string; status: 'pass' | 'skip' | 'fail'; reason?: string; error?: number; tol?: number }
const outcomes: Outcome[] = []

function bindWeights(c: Extract<LoadedCase, { status: 'run' }>): { prepared: PreparedGraph; feeds: Record<string, Tensor> } {
  const inputNames = c.graph.inputs.map((v) => v.name)
  const weights = new Set<string>()
  for (const n of c.graph.nodes) for (const s of WEIGHT_SLOTS[n.opType] ?? []) if (n.inputs[s] && inputNames.includes(n.inputs[s]!)) weights.add(n.inputs[s]!)
  if (weights.size === 0) return { prepared: c.prepared, feeds: c.feeds }
  const constants = new Map<string, Tensor>()
  const feeds: Record<string, Tensor> = {}
  c.graph.inputs.forEach((v, i) => {
    const t = c.data.inputs[i]!
    if (weights.has(v.name) || !(v.name in c.feeds)) constants.set(v.name, t)
    else feeds[v.name] = t
  })
  const inputShapes = Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, t.dims]))
  return { prepared: prepareGraph({ graph: c.graph, constants, inputShapes }), feeds }
}

/** Tolerance from scales: a few quanta of the output, plus relative error of the input/weight quantization. */
function tolerance(model: QuantizedModel, name: string, expected: Tensor, graph: PreparedGraph): number {
  const o = model.outputs.find((x) => x.name === name)!
  if (o.isIndex) return 0
  let maxAbs = 0
  for (const v of expected.data) maxAbs = Math.max(maxAbs, Math.abs(v))
  const quantum = 2 ** -o.scale
  const minInScale = Math.min(...model.inputs.map((i) => i.scale))
  const approx = graph.nodes.reduce((a, n) => a + (APPROX_OPS[n.opType] ?? 0), 0)
  const ops = graph.nodes.length
  return 4 * quantum * ops + 2 ** -Math.min(minInScale, BITS.weightBits - 2) * Math.max(1, maxAbs) * 8 * ops + approx
}

const PROVE_SAMPLE = new Set(['test_gemm_all_attributes', 'test_conv_with_strides_padding', 'test_maxpool_2d_pads', 'test_argmax_keepdims_random', 'test_averagepool_2d_strides', 'test_sigmoid_example'])

describe('circuit conformance (ONNX backend tests)', () => {
  const cases = listCases()
  it('finds the conformance data', () => expect(cases.length).toBeGreaterThan(100))
  for (const c of cases) {
    it(`${c.suite}/${c.name}`, async () => {
      const loaded = loadCase(c)
      if (loaded.status === 'skip') {
        outcomes.push({ name: `${c.suite}/${c.name}`, status: 'skip', reason: loaded.reason })
        return
      }
      let model: QuantizedModel
      let feeds: Record<string, Tensor>
      let prepared: PreparedGraph
      try {
        ;({ prepared, feeds } = bindWeights(loaded))
        if (prepared.inputs.length === 0) {
          outcomes.push({ name: `${c.suite}/${c.name}`, status: 'skip', reason: 'no runtime input (constant graph)' })
          return
        }
        const { ranges } = calibrateRanges({ graph: prepared, samples: [feeds] })
        model = quantizeGraph({ graph: prepared, ranges, ...BITS })
      } catch (e) {
        if (e instanceof CalibrationError) {
          outcomes.push({ name: `${c.suite}/${c.name}`, status: 'skip', reason: 'unusable test data range (uninitialized values in the opset-6 PyTorch export)' })
          return
        }
        if (e instanceof UnsupportedOpError) {
          outcomes.push({ name: `${c.suite}/${c.name}`, status: 'skip', reason: `unsupported: ${e.opType} ${e.reason ?? ''}`.trim() })
          return
        }
        throw e
      }
      const input = Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, Array.from(t.data)]))
      const ints = quantizeInputs({ model, input, clamp: true })
      const res = runIntegers(model, ints)
      let worst = 0
      let worstTol = 0
      for (const [name, exp] of Object.entries(loaded.expected)) {
        const got = res.outputs[name]!
        const tol = tolerance(model, name, exp, prepared)
        expect(got.length).toBe(exp.data.length)
        for (let i = 0; i < got.length; i++) {
          const err = Math.abs(got[i]! - exp.data[i]!)
          if (err / (tol || 1) > worst / (worstTol || 1)) {
            worst = err
            worstTol = tol
          }
        }
      }
      // The circuit: constraints + witness from the same lowering, outputs equal to the executor.
      // Cases whose circuit exceeds the test budget (large pooling windows on big inputs) are
      // checked by the executor only, and say so.
      let lowered: ReturnType<typeof lowerModel>
      try {
        if (estimateConstraints(model) > CIRCUIT_BUDGET) throw new CircuitTooLargeError({ limit: CIRCUIT_BUDGET })
        lowered = lowerModel({ model, visibility: { input: 'private', output: 'public' }, inputs: ints, mode: { constraints: true, witness: true }, maxConstraints: CIRCUIT_BUDGET })
      } catch (e) {
        if (!(e instanceof CircuitTooLargeError)) throw e
        outcomes.push({ name: `${c.suite}/${c.name}`, status: worst <= worstTol ? 'pass' : 'fail', reason: `circuit > ${CIRCUIT_BUDGET} constraints: executor only`, error: worst, tol: worstTol })
        expect(worst).toBeLessThanOrEqual(worstTol)
        return
      }
      const witness = lowered.witness!.map(toField)
      expect(failingConstraints(lowered.r1cs, witness)).toEqual([])
      for (const o of model.outputs) expect(lowered.outputs![o.name]!.map(Number)).toEqual(res.integers[o.name])
      if (PROVE_SAMPLE.has(c.name)) {
        const { zkey, vkey } = await devSetup({ r1cs: lowered.r1cs })
        const { proof, publicSignals } = await proveGroth16({ zkey, witness })
        expect(await verifyGroth16({ vkey: vkey as unknown as VerificationKey, proof, publicSignals })).toBe(true)
        const forged = [...publicSignals]
        forged[0] = (BigInt(forged[0]!) + 1n).toString()
        expect(await verifyGroth16({ vkey: vkey as unknown as VerificationKey, proof, publicSignals: forged })).toBe(false)
      }
      const ok = worst <= worstTol
      outcomes.push({ name: `${c.suite}/${c.name}`, status: ok ? 'pass' : 'fail', error: worst, tol: worstTol })
      expect(worst, `max error ${worst} > tolerance ${worstTol}`).toBeLessThanOrEqual(worstTol)
    })
  }
  afterAll(async () => {
    await releaseSnarkjs()
    const count = (s: Outcome['status']) => outcomes.filter((o) => o.status === s).length
    const skipped = outcomes.filter((o) => o.status === 'skip').map((o) => ({ case: { suite: o.name.split('/')[0] as 'node', name: o.name.split('/')[1]!, dir: '', modelPath: '' }, reason: o.reason! }))
    const lines = [`circuit conformance: ${count('pass')} pass, ${count('skip')} skipped, ${count('fail')} fail`]
    const execOnly = outcomes.filter((o) => o.status === 'pass' && o.reason).map((o) => o.name)
    if (execOnly.length) lines.push(`  executor-only (circuit over budget) (${execOnly.length}): ${execOnly.join(', ')}`)
    for (const [reason, names] of groupReasons(skipped)) lines.push(`  skipped (${names.length}) ${reason}: ${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''}`)
    for (const o of outcomes.filter((x) => x.status === 'fail')) lines.push(`  FAIL ${o.name}: error ${o.error} > tol ${o.tol}`)
    console.log(lines.join('\n'))
  })
})
