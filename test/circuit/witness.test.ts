/**
 * The fast witness (witness-only lowering: packed linear combinations, constraints counted but not
 * built) against the full-LC lowering, bit for bit: every bundled model, the identity circuit, the
 * statement modes, and a sample of conformance circuits covering every gadget. The reference is the
 * combined mode (constraints and witness from plain maps, the witness checked against the
 * constraints) or, for the largest model, the witness-only reference mode (plain maps, constraints
 * built and dropped: the pre-packing path).
 */
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { failingConstraints } from '../../src/circuit/check.js'
import { toField } from '../../src/circuit/field.js'
import { lowerModel, type Visibility } from '../../src/circuit/lowerModel.js'
import { calibrateRanges } from '../../src/compile/calibrate.js'
import { parseSamples } from '../../src/compile/samples.js'
import { IRIS_THRESHOLD } from '../../src/identity/config.js'
import { identityLeaf, irisCode } from '../../src/identity/identity.js'
import { capture, irisStrip } from '../../src/identity/iris.js'
import { matchCodes } from '../../src/identity/match.js'
import { merkleProof } from '../../src/identity/merkle.js'
import { quantizeIrisModel } from '../../src/identity/model.js'
import { buildIdentityCircuit } from '../../src/identity/statement.js'
import type { QuantizedModel } from '../../src/ir/model.js'
import { parseOnnx } from '../../src/onnx/parse.js'
import { prepareGraph } from '../../src/onnx/prepare.js'
import { quantizeGraph } from '../../src/quantize/quantize.js'
import { quantizeInputs } from '../../src/quantize/quantizeInput.js'
import type { LayerBits } from '../../src/quantize/bitWidths.js'
import { REPO_ROOT, bindWeights, listCases, loadCase } from '../conformance/cases.js'

const MODELS = path.join(REPO_ROOT, 'models')
const DEFAULT: Visibility = { input: 'private', output: 'public' }

type Lowering = Parameters<typeof lowerModel>[0]

/**
 * Lowers `p` fast (witness only) and as the reference, and expects the same circuit shape, the
 * same outputs and the same witness, wire for wire. `combined`: the reference also records the
 * constraints, and its witness must satisfy them. The fast lowering runs twice (the second with its
 * wire arrays pre-sized from the first: `wireCapacity`), and both witnesses must agree.
 */
function expectSameWitness(p: Omit<Lowering, 'mode'>, combined: boolean): void {
  // Twice: the second fast lowering of the same model sizes its wire arrays from the first's.
  const cold = lowerModel({ ...p, mode: { constraints: false, witness: true } })
  const fast = lowerModel({ ...p, mode: { constraints: false, witness: true } })
  expect(fast.witness!.length).toBe(cold.witness!.length)
  expect(fast.witness!.findIndex((v, i) => v !== cold.witness![i])).toBe(-1)
  const ref = lowerModel({ ...p, mode: combined ? { constraints: true, witness: true } : { constraints: false, witness: true, reference: true } })
  if (combined) expect(failingConstraints(ref.r1cs, ref.witness!.map(toField))).toEqual([])
  expect(fast.nConstraints).toBe(ref.nConstraints)
  expect(fast.r1cs.nWires).toBe(ref.r1cs.nWires)
  expect(fast.r1cs.nPublic).toBe(ref.r1cs.nPublic)
  expect(fast.r1cs.nPrivateInputs).toBe(ref.r1cs.nPrivateInputs)
  expect(fast.layout).toEqual(ref.layout)
  expect(fast.outputs).toEqual(ref.outputs)
  expect(fast.outputRanges).toEqual(ref.outputRanges)
  expect(fast.witness!.length).toBe(ref.witness!.length)
  const first = fast.witness!.findIndex((v, i) => v !== ref.witness![i])
  expect(first, first < 0 ? '' : `wire ${first} (${ref.r1cs.labels?.get(first) ?? 'unlabelled'}): ${fast.witness![first]} vs ${ref.witness![first]}`).toBe(-1)
}

/**
 * A bundled model quantized as `compileModel` does (8/8/12 bits, or the per-layer widths of
 * `models/<name>.bits.json` when `layerBits`), and its bundled sample input.
 */
function bundled(file: string, layerBits = false): { model: QuantizedModel; inputs: Record<string, number[]> } {
  const graph = prepareGraph({ graph: parseOnnx({ bytes: readFileSync(path.join(MODELS, file)), fileName: file }) })
  const shapes = graph.inputs.map((i) => ({ name: i.name, shape: i.shape as number[] }))
  const n = shapes[0]!.shape.reduce((a, d) => a * d, 1)
  const own = file.startsWith('mnist_') ? String(n) : file.replace('.onnx', '')
  const json = JSON.parse(readFileSync(path.join(MODELS, `calibration_${own}.json`), 'utf8'))
  const { ranges } = calibrateRanges({ graph, samples: parseSamples({ json, inputs: shapes, kind: 'calibration' }) })
  const bits = layerBits ? (JSON.parse(readFileSync(path.join(MODELS, file.replace('.onnx', '.bits.json')), 'utf8')) as LayerBits) : undefined
  const model = quantizeGraph({ graph, ranges, inputBits: 8, weightBits: 8, activationBits: 12, layerBits: bits })
  const sample = JSON.parse(readFileSync(path.join(MODELS, `input_${own}.json`), 'utf8')) as { input_data: number[][] }
  return { model, inputs: quantizeInputs({ model, input: { [model.inputs[0]!.name]: sample.input_data[0]! }, clamp: true }) }
}

describe('fast witness = full-LC witness, bit for bit', () => {
  const files = readdirSync(MODELS).filter((f) => f.endsWith('.onnx') && f !== 'iriscode.onnx').sort()

  it('covers the bundled models (iriscode.onnx: the identity circuit below)', () => expect(files.length).toBe(7))

  for (const file of files) {
    it(file, () => {
      const { model, inputs } = bundled(file)
      expectSameWitness({ model, visibility: DEFAULT, inputs }, !file.includes('lenet'))
    })
  }

  // A warm prover: the fast witness keeps per-gadget witness programs across lowerings (see
  // src/circuit/gadgets/program.ts); later witnesses of other inputs replay them and must still agree.
  for (const file of ['seq_gru_shape.onnx', 'transformer_sorted.onnx']) {
    it(`${file}, repeated witnesses of other inputs (witness programs reused)`, () => {
      const { model, inputs } = bundled(file)
      const input = model.inputs[0]!
      const n = input.shape.reduce((a, d) => a * d, 1)
      // Calibration samples (flattened, n values each) as further inputs.
      const calibration = (JSON.parse(readFileSync(path.join(MODELS, `calibration_${file.replace('.onnx', '')}.json`), 'utf8')) as { input_data: number[][] }).input_data.flat()
      const others = [1, 2, 3].map((k) => quantizeInputs({ model, input: { [input.name]: calibration.slice(k * n, (k + 1) * n) }, clamp: true }))
      expect(others.every((x) => x[input.name]!.length === n)).toBe(true)
      for (const x of [inputs, ...others]) expectSameWitness({ model, visibility: DEFAULT, inputs: x }, true)
    })
  }

  for (const file of readdirSync(MODELS).filter((f) => f.endsWith('.bits.json')).map((f) => f.replace('.bits.json', '.onnx'))) {
    it(`${file} at its per-layer widths`, () => {
      const { model, inputs } = bundled(file, true)
      expectSameWitness({ model, visibility: DEFAULT, inputs }, false)
    })
  }

  it('mnist_mlp_196_25_10.onnx in every statement mode (hashed, public input, private weights, message)', () => {
    const { model, inputs } = bundled('mnist_mlp_196_25_10.onnx')
    const salts = { input: 123456789n, output: 987654321n }
    expectSameWitness({ model, visibility: { input: 'hashed', output: 'hashed', weights: 'private', message: true }, inputs, salts, message: 0xabcdefn }, true)
    expectSameWitness({ model, visibility: { input: 'public', output: 'public', weights: 'private' }, inputs }, true)
  })

  it('the identity circuit (iriscode.onnx, Hamming match, Poseidon, Merkle membership)', () => {
    const strip = irisStrip({ seed: 'witness' })
    const model = quantizeIrisModel({ onnx: readFileSync(path.join(MODELS, 'iriscode.onnx')), calibration: [strip] })
    const secrets = { template: irisCode({ strip: capture({ strip, seed: 'enroll' }) }), salt: 5n, secret: 77n }
    const leaf = identityLeaf(secrets)
    const scan = capture({ strip, seed: 'scan', shift: 1, occlusion: 0.1 })
    const shift = matchCodes({ code: irisCode({ strip: scan }), template: secrets.template }).shift
    const inputs = { capture: scan, ...secrets, merkleProof: merkleProof({ leaves: [3n, leaf, 4n], leaf }), scope: 9n, message: 10n, shift }
    const fastBuild = (x: typeof inputs) => buildIdentityCircuit({ model, threshold: IRIS_THRESHOLD, mode: { constraints: false, witness: true }, inputs: x })
    // The first fast build allocates its wire arrays; each later one writes over the previous
    // build's (another witness in between, so a stale value would show).
    const cold = fastBuild(inputs)
    const other = fastBuild({ ...inputs, secret: 78n, message: 11n })
    expect(other.publicSignals).not.toEqual(cold.publicSignals)
    const fast = fastBuild(inputs)
    expect(fast.witness!.length).toBe(cold.witness!.length)
    expect(fast.witness!.findIndex((v, i) => v !== cold.witness![i])).toBe(-1)
    const ref = buildIdentityCircuit({ model, threshold: IRIS_THRESHOLD, mode: { constraints: true, witness: true }, inputs })
    const reference = buildIdentityCircuit({ model, threshold: IRIS_THRESHOLD, mode: { constraints: false, witness: true, reference: true }, inputs })
    expect(reference.witness).toEqual(ref.witness)
    expect(failingConstraints(ref.r1cs, ref.witness!)).toEqual([])
    expect(fast.nConstraints).toBe(ref.nConstraints)
    expect(fast.r1cs.nWires).toBe(ref.r1cs.nWires)
    expect(fast.publicSignals).toEqual(ref.publicSignals)
    expect(fast.code).toEqual(ref.code)
    expect(fast.witness!.findIndex((v, i) => v !== ref.witness![i])).toBe(-1)
  })

  // Conformance circuits, quantized as the circuit conformance suite does (12/12/16 bits, the
  // case's own input as calibration and witness): one or more per gadget and lowering family.
  const sample = [
    'test_gemm_all_attributes', 'test_matmul_3d', 'test_conv_with_strides_padding', 'test_maxpool_2d_pads', 'test_averagepool_2d_pads',
    'test_globalmaxpool', 'test_lppool_2d_strides', 'test_sigmoid_example', 'test_tanh', 'test_gelu_default_1', 'test_exp', 'test_softplus_example',
    'test_leakyrelu', 'test_prelu_broadcast', 'test_batchnorm_example', 'test_layer_normalization_3d_axis1_epsilon', 'test_instancenorm_example',
    'test_argmax_keepdims_random', 'test_argmin_no_keepdims_random_select_last_index', 'test_hardmax_example', 'test_softmax_example',
    'test_logsoftmax_axis_1', 'test_div', 'test_mul_bcast', 'test_sqrt', 'test_reciprocal', 'test_reduce_l2_keep_dims_random',
    'test_reduce_log_sum_exp_keepdims_random', 'test_reduce_max_keepdims_random', 'test_reduce_mean_keepdims_random', 'test_clip_splitbounds',
    'test_where_example', 'test_less_bcast', 'test_equal', 'test_sign', 'test_round', 'test_floor', 'test_pow_bcast_scalar', 'test_cumsum_2d_axis_1',
    'test_resize_upsample_scales_linear', 'test_gather_0', 'test_shrink_soft', 'test_mean_example', 'test_max_example',
  ]
  const byName = new Map(listCases().map((c) => [c.name, c]))
  for (const name of sample) {
    it(`conformance ${name}`, () => {
      const c = byName.get(name)
      if (!c) throw new Error(`no conformance case ${name}`)
      const loaded = loadCase(c)
      if (loaded.status !== 'run') throw new Error(`${name} no longer loads: ${loaded.reason}`)
      const { prepared, feeds } = bindWeights(loaded)
      const { ranges } = calibrateRanges({ graph: prepared, samples: [feeds] })
      const model = quantizeGraph({ graph: prepared, ranges, inputBits: 12, weightBits: 12, activationBits: 16 })
      const inputs = quantizeInputs({ model, input: Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, Array.from(t.data)])), clamp: true })
      expectSameWitness({ model, visibility: DEFAULT, inputs }, true)
    })
  }
})
