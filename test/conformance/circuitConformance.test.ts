/**
 * Integer + circuit conformance over the ONNX backend tests (test/data/onnx-conformance: node,
 * pytorch and node-ops2): for every case whose ops the compiler supports, quantize (the case's
 * own input as calibration), run the integer executor, and compare with the ONNX project's
 * expected outputs within a tolerance derived from the scales. For every case, the circuit's
 * witness must satisfy its constraints and reproduce the executor's integers; a sample is proven
 * and verified with snarkjs. Cases the compiler does not support are reported as skipped (vitest
 * `ctx.skip`), with the reason; missing data fails. The summary gives pass/skip/fail counts per
 * operator.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { NO_CONFORMANCE_DATA, type Outcome, bindWeights, countOutcomes, groupReasons, listCases, loadCase, summarizeByOp } from './cases.js'
import { COMPUTE_OPS } from '../../src/ops/index.js'
import { calibrateRanges } from '../../src/compile/calibrate.js'
import type { PreparedGraph, Tensor } from '../../src/onnx/ir.js'
import { quantizeGraph } from '../../src/quantize/quantize.js'
import { runIntegers } from '../../src/quantize/execInt.js'
import { quantizeInputs } from '../../src/quantize/quantizeInput.js'
import { lowerModel } from '../../src/circuit/lowerModel.js'
import { failingConstraints } from '../../src/circuit/check.js'
import { toField } from '../../src/circuit/field.js'
import { devSetup } from '../../src/setup/devSetup.js'
import { proveGroth16, releaseSnarkjs, verifyGroth16, type Groth16VerificationKey } from '../../src/prove/groth16.js'
import { UnsupportedOpError } from '../../src/errors/compile.js'
import { CalibrationError, CircuitTooLargeError } from '../../src/errors/quantize.js'
import type { QuantizedModel } from '../../src/ir/model.js'

const BITS = { inputBits: 12, weightBits: 12, activationBits: 16 }
/** Larger circuits are checked by the integer executor only (keeps the suite's memory and time bounded). */
const CIRCUIT_BUDGET = 40_000

/** Elements of an over-budget element-wise case whose circuit is checked. */
const SLICE = 256
/** Integer ops that act on each element alone (with scalar constants). */
const ELEMENTWISE_OPS = new Set(['Func', 'Requant', 'Clip', 'LeakyRelu', 'Sqrt', 'Reciprocal', 'Affine'])

/**
 * The model restricted to the first `n` elements of its single input, when every node is
 * element-wise (`ELEMENTWISE_OPS`, constants scalar) and every tensor has the input's shape;
 * otherwise undefined.
 */
function sliceElementwise(model: QuantizedModel, n: number): QuantizedModel | undefined {
  if (model.inputs.length !== 1) return undefined
  const shape = model.inputs[0]!.shape.join()
  if (!model.nodes.every((q) => ELEMENTWISE_OPS.has(q.op))) return undefined
  if (!Object.values(model.tensors).every((t) => t.shape.join() === shape)) return undefined
  if (!Object.values(model.constants).every((c) => c.data.length === 1)) return undefined
  const one = <V extends { shape: number[] }>(t: V): V => ({ ...t, shape: [n] })
  return {
    ...model,
    inputs: model.inputs.map(one),
    outputs: model.outputs.map(one),
    tensors: Object.fromEntries(Object.entries(model.tensors).map(([k, t]) => [k, one(t)])),
  }
}

/** A cheap upper estimate of a model's constraint count (decompositions of ≤ 24 bits), to skip lowering huge cases. */
function estimateConstraints(model: QuantizedModel): number {
  const size = (name: string) => model.tensors[name]!.shape.reduce((a, d) => a * d, 1)
  let n = model.inputs.reduce((a, i) => a + size(i.name) * i.bits, 0)
  const perDecomposition = 26
  for (const node of model.nodes) {
    const out = size(node.outputs[0]!)
    if (node.op === 'MaxPool') n += out * (node.kernel.reduce((a, k) => a * k, 1) - 1) * perDecomposition
    else if (node.op === 'Requant' || node.op === 'Div' || node.op === 'ArgMax') n += out * perDecomposition * (node.op === 'Div' ? 4 : 1)
    else if (node.op === 'Clip' || node.op === 'LeakyRelu') n += out * perDecomposition * 3
    else if (node.op === 'Func') n += out * perDecomposition * 3
    else if (node.op === 'Mul') n += out
  }
  return n
}
/** Ops whose integer output must equal the expected one exactly (integers, one-hots), not within quanta. */
const EXACT_OUTPUT_OPS: ReadonlySet<string> = new Set(['Ceil', 'Floor', 'Hardmax', 'Round', 'Sign'])
/**
 * Compute operators with conformance data but none in the form their integer rule supports, with
 * the reason and where that form is tested instead (stale entries fail below).
 */
const NO_CIRCUIT_CASE: Partial<Record<string, string>> = {}
/** Ops with a documented approximation error beyond the quantization (none: the function tables are within 1.5 output quanta). */
const APPROX_OPS: Record<string, number> = {}
const outcomes: (Outcome & { error?: number; tol?: number })[] = []

/** Tolerance from scales: a few quanta of the output, plus relative error of the input/weight quantization. */
function tolerance(model: QuantizedModel, name: string, expected: Tensor, graph: PreparedGraph): number {
  const o = model.outputs.find((x) => x.name === name)!
  if (o.isIndex || model.tensors[name]?.dtype) return 0
  const producer = graph.nodes.find((n) => n.outputs.includes(name))
  if (producer && EXACT_OUTPUT_OPS.has(producer.opType)) return 0
  let maxAbs = 0
  for (const v of expected.data) maxAbs = Math.max(maxAbs, Math.abs(v))
  const quantum = 2 ** -o.scale
  const minInScale = Math.min(...model.inputs.map((i) => i.scale))
  const approx = graph.nodes.reduce((a, n) => a + (APPROX_OPS[n.opType] ?? 0), 0)
  const ops = graph.nodes.length
  return 4 * quantum * ops + 2 ** -Math.min(minInScale, BITS.weightBits - 2) * Math.max(1, maxAbs) * 8 * ops + approx
}

const PROVE_SAMPLE = new Set(['test_gemm_all_attributes', 'test_conv_with_strides_padding', 'test_maxpool_2d_pads', 'test_argmax_keepdims_random', 'test_averagepool_2d_precomputed_strides', 'test_sigmoid_example', 'test_less_bcast', 'test_where_example', 'test_hardmax_example'])

/** Quantizes a loaded case, or says why it is skipped. */
function quantizeCase(loaded: Extract<ReturnType<typeof loadCase>, { status: 'run' }>): { model: QuantizedModel; feeds: Record<string, Tensor>; prepared: PreparedGraph } | { skip: string } {
  try {
    const { prepared, feeds } = bindWeights(loaded)
    if (prepared.inputs.length === 0) return { skip: 'no runtime input (constant graph)' }
    if (Object.values(feeds).some((t) => t.data.length === 0)) return { skip: 'an empty input tensor (a dimension of size 0): nothing to quantize or prove' }
    const { ranges } = calibrateRanges({ graph: prepared, samples: [feeds] })
    return { model: quantizeGraph({ graph: prepared, ranges, ...BITS }), feeds, prepared }
  } catch (e) {
    // Uninitialized values in the opset-6 PyTorch exports; ±infinity from empty reductions.
    if (e instanceof CalibrationError) return { skip: `unusable calibration range (non-finite or beyond ±2^40): ${e.shortMessage.replace(/^The calibrated range of /, '')}` }
    if (e instanceof UnsupportedOpError) return { skip: `unsupported: ${e.opType} ${e.reason ?? ''}`.trim() }
    throw e
  }
}

describe('circuit conformance (ONNX backend tests)', () => {
  const cases = listCases()
  it('finds the conformance data', () => expect(cases.length).toBeGreaterThan(100))
  for (const c of cases) {
    it(`${c.suite}/${c.name}`, async (ctx) => {
      const loaded = loadCase(c)
      const skip = (reason: string): never => {
        outcomes.push({ case: c, status: 'skip', reason })
        return ctx.skip(reason)
      }
      if (loaded.status === 'skip') return skip(loaded.reason)
      try {
        const quantized = quantizeCase(loaded)
        if ('skip' in quantized) return skip(quantized.skip)
        const { model, feeds, prepared } = quantized
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
          // An element-wise model over budget is checked on a slice of its elements: every element
          // runs the same gadget, so a slice exercises the lowering the whole tensor would.
          const slice = sliceElementwise(model, SLICE)
          if (slice) {
            const sliced = lowerModel({ model: slice, visibility: { input: 'private', output: 'public' }, inputs: Object.fromEntries(Object.entries(ints).map(([k, v]) => [k, v.slice(0, SLICE)])), mode: { constraints: true, witness: true } })
            expect(failingConstraints(sliced.r1cs, sliced.witness!.map(toField))).toEqual([])
            for (const o of model.outputs) expect(sliced.outputs![o.name]!.map(Number)).toEqual(res.integers[o.name]!.slice(0, SLICE))
            outcomes.push({ case: c, status: worst <= worstTol ? 'pass' : 'fail', reason: `circuit checked on the first ${SLICE} elements`, error: worst, tol: worstTol })
            expect(worst).toBeLessThanOrEqual(worstTol)
            return
          }
          outcomes.push({ case: c, status: worst <= worstTol ? 'executor-only' : 'fail', reason: `circuit > ${CIRCUIT_BUDGET} constraints: executor only`, error: worst, tol: worstTol })
          expect(worst).toBeLessThanOrEqual(worstTol)
          return
        }
        const witness = lowered.witness!.map(toField)
        expect(failingConstraints(lowered.r1cs, witness)).toEqual([])
        for (const o of model.outputs) expect(lowered.outputs![o.name]!.map(Number)).toEqual(res.integers[o.name])
        if (PROVE_SAMPLE.has(c.name)) {
          const { zkey, vkey } = await devSetup({ r1cs: lowered.r1cs })
          const { proof, publicSignals } = await proveGroth16({ zkey, witness })
          expect(await verifyGroth16({ vkey: vkey as unknown as Groth16VerificationKey, proof, publicSignals })).toBe(true)
          const forged = [...publicSignals]
          forged[0] = (BigInt(forged[0]!) + 1n).toString()
          expect(await verifyGroth16({ vkey: vkey as unknown as Groth16VerificationKey, proof, publicSignals: forged })).toBe(false)
        }
        const ok = worst <= worstTol
        outcomes.push({ case: c, status: ok ? 'pass' : 'fail', error: worst, tol: worstTol })
        expect(worst, `max error ${worst} > tolerance ${worstTol}`).toBeLessThanOrEqual(worstTol)
      } catch (e) {
        // Record a failure the checks above did not (a throw, or a failed expectation).
        if (!outcomes.some((o) => o.case === c)) outcomes.push({ case: c, status: 'fail', reason: (e as Error).message.split('\n')[0] })
        throw e
      }
    })
  }
  it('has a passing case (circuit checked) for every compute operator of the registry', () => {
    for (const op of COMPUTE_OPS) {
      const passes = outcomes.some((o) => o.status === 'pass' && o.case.ops.includes(op))
      if (NO_CONFORMANCE_DATA.has(op)) expect(cases.some((c) => c.ops.includes(op)), `${op} has conformance data now`).toBe(false)
      // An exemption names its reason, and goes stale (fails here) once the op has a passing case.
      else expect(passes, NO_CIRCUIT_CASE[op] ? `${op} passes now: drop its NO_CIRCUIT_CASE entry` : op).toBe(!NO_CIRCUIT_CASE[op])
    }
  })
  afterAll(async () => {
    await releaseSnarkjs()
    const name = (o: Outcome) => `${o.case.suite}/${o.case.name}`
    const lines = [`circuit conformance: ${countOutcomes(outcomes)}`, 'by operator:', ...summarizeByOp(outcomes)]
    const execOnly = outcomes.filter((o) => o.status === 'executor-only').map(name)
    if (execOnly.length) lines.push(`  executor-only (circuit over budget) (${execOnly.length}): ${execOnly.join(', ')}`)
    for (const [reason, names] of groupReasons(outcomes.filter((o) => o.status === 'skip'))) lines.push(`  skipped (${names.length}) ${reason}: ${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''}`)
    for (const o of outcomes.filter((x) => x.status === 'fail')) lines.push(`  FAIL ${name(o)}: ${o.error === undefined ? o.reason : `error ${o.error} > tol ${o.tol}`}`)
    console.log(lines.join('\n'))
  })
})
