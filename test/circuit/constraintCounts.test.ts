/**
 * Circuit-size snapshots: the constraint count, wires, R1CS non-zeros, public signals and the
 * widest intermediate value of every bundled model (models/*.onnx, quantized as `compileModel`
 * does with models/calibration_<inputs>.json) and of a few conformance models, lowered in
 * constraints mode (no witness, no setup). A change that costs (or saves) constraints shows here
 * and in review; when it is intended, update the snapshot with `npx vitest run -u <this file>`.
 */
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { lowerModel, type Visibility } from '../../src/circuit/lowerModel.js'
import { calibrateRanges } from '../../src/compile/calibrate.js'
import { parseSamples } from '../../src/compile/samples.js'
import { quantizeIrisModel } from '../../src/identity/model.js'
import { irisStrip } from '../../src/identity/iris.js'
import { IRIS_THRESHOLD } from '../../src/identity/config.js'
import { buildIdentityCircuit } from '../../src/identity/statement.js'
import type { QuantizedModel } from '../../src/ir/model.js'
import { parseOnnx } from '../../src/onnx/parse.js'
import { prepareGraph } from '../../src/onnx/prepare.js'
import { quantizeGraph } from '../../src/quantize/quantize.js'
import type { LayerBits } from '../../src/quantize/bitWidths.js'
import { REPO_ROOT, bindWeights, listCases, loadCase } from '../conformance/cases.js'

const MODELS = path.join(REPO_ROOT, 'models')
const DEFAULT: Visibility = { input: 'private', output: 'public' }

/** The circuit's size figures (constraints mode only). */
function size(model: QuantizedModel, visibility: Visibility = DEFAULT) {
  const { r1cs, maxValueBits } = lowerModel({ model, visibility, mode: { constraints: true, witness: false } })
  return {
    constraints: r1cs.constraints.length,
    wires: r1cs.nWires,
    nonZeros: r1cs.constraints.reduce((a, k) => a + k.a.size + k.b.size + k.c.size, 0),
    publicSignals: r1cs.nPublic,
    maxValueBits,
  }
}

/**
 * A bundled MNIST model quantized as `compileModel` does (8-bit inputs and weights, 12-bit
 * activations), or with the per-layer widths of `models/<name>.bits.json` (`--layer-bits`).
 */
function bundled(file: string, layerBits?: LayerBits): QuantizedModel {
  const graph = prepareGraph({ graph: parseOnnx({ bytes: readFileSync(path.join(MODELS, file)), fileName: file }) })
  const inputs = graph.inputs.map((i) => ({ name: i.name, shape: i.shape as number[] }))
  const n = inputs[0]!.shape.reduce((a, d) => a * d, 1)
  const json = JSON.parse(readFileSync(path.join(MODELS, `calibration_${n}.json`), 'utf8'))
  const { ranges } = calibrateRanges({ graph, samples: parseSamples({ json, inputs, kind: 'calibration' }) })
  return quantizeGraph({ graph, ranges, inputBits: 8, weightBits: 8, activationBits: 12, layerBits })
}

describe('constraint-count snapshots', () => {
  const files = readdirSync(MODELS).filter((f) => f.endsWith('.onnx')).sort()

  it('covers every bundled model', () => {
    expect(files).toEqual(['iriscode.onnx', 'mnist_cnn_6c5.onnx', 'mnist_lenet5.onnx', 'mnist_mlp_196_24_14_10.onnx', 'mnist_mlp_196_25_10.onnx', 'mnist_mlp_784_56_10.onnx', 'transformer_sorted.onnx'])
  })

  for (const file of files.filter((f) => f.startsWith('mnist_'))) {
    it(file, () => expect(size(bundled(file))).toMatchSnapshot())
  }

  // The convolutional models at their per-layer widths (models/<name>.bits.json; accuracy on the
  // 10k MNIST test set in models/README.md): within one proving domain each (constraints + public
  // signals + 1 ≤ 2^16 and 2^17).
  for (const [file, domain] of [['mnist_cnn_6c5.onnx', 2 ** 16], ['mnist_lenet5.onnx', 2 ** 17]] as const) {
    it(`${file} at the widths of ${file.replace('.onnx', '.bits.json')}`, () => {
      const layerBits = JSON.parse(readFileSync(path.join(MODELS, file.replace('.onnx', '.bits.json')), 'utf8')) as LayerBits
      const s = size(bundled(file, layerBits))
      expect(s.constraints + s.publicSignals + 1).toBeLessThanOrEqual(domain)
      expect(s).toMatchSnapshot()
    })
  }

  it('mnist_mlp_196_25_10.onnx, hashed input and output, private weights', () => {
    expect(size(bundled('mnist_mlp_196_25_10.onnx'), { input: 'hashed', output: 'hashed', weights: 'private' })).toMatchSnapshot()
  })

  it('transformer_sorted.onnx (1-layer transformer encoder, its own calibration file)', () => {
    const graph = prepareGraph({ graph: parseOnnx({ bytes: readFileSync(path.join(MODELS, 'transformer_sorted.onnx')), fileName: 'transformer_sorted.onnx' }) })
    const inputs = graph.inputs.map((i) => ({ name: i.name, shape: i.shape as number[] }))
    const json = JSON.parse(readFileSync(path.join(MODELS, 'calibration_transformer_sorted.json'), 'utf8'))
    const { ranges } = calibrateRanges({ graph, samples: parseSamples({ json, inputs, kind: 'calibration' }) })
    expect(size(quantizeGraph({ graph, ranges, inputBits: 8, weightBits: 8, activationBits: 12 }))).toMatchSnapshot()
  })

  it('iriscode.onnx (the identity demo\'s integer Gabor bank)', () => {
    const model = quantizeIrisModel({ onnx: readFileSync(path.join(MODELS, 'iriscode.onnx')), calibration: [irisStrip({ seed: 1 })] })
    expect(size(model)).toMatchSnapshot()
  })

  it('the identity circuit (iris code, match, leaf, Merkle path, nullifier): 2^14 domain', () => {
    const model = quantizeIrisModel({ onnx: readFileSync(path.join(MODELS, 'iriscode.onnx')), calibration: [irisStrip({ seed: 1 })] })
    const { r1cs, nConstraints } = buildIdentityCircuit({ model, threshold: IRIS_THRESHOLD, mode: { constraints: true, witness: false } })
    expect(nConstraints + r1cs.nPublic + 1).toBeLessThanOrEqual(2 ** 14)
    expect({ constraints: nConstraints, wires: r1cs.nWires, nonZeros: r1cs.constraints.reduce((a, k) => a + k.a.size + k.b.size + k.c.size, 0), publicSignals: r1cs.nPublic }).toMatchSnapshot()
  })

  // Conformance models, quantized as the circuit conformance suite does (12/12/16 bits, the
  // case's own input as calibration).
  const conformance = ['test_gemm_all_attributes', 'test_conv_with_strides_padding', 'test_maxpool_2d_precomputed_pads', 'test_averagepool_2d_precomputed_strides', 'test_sigmoid_example', 'test_leakyrelu', 'test_batchnorm_example', 'test_argmax_keepdims_random']
  const byName = new Map(listCases(['node']).map((c) => [c.name, c]))
  for (const name of conformance) {
    it(`conformance node/${name}`, () => {
      const loaded = loadCase(byName.get(name)!)
      if (loaded.status !== 'run') throw new Error(`${name} no longer loads: ${loaded.reason}`)
      const { prepared, feeds } = bindWeights(loaded)
      const { ranges } = calibrateRanges({ graph: prepared, samples: [feeds] })
      expect(size(quantizeGraph({ graph: prepared, ranges, inputBits: 12, weightBits: 12, activationBits: 16 }))).toMatchSnapshot()
    })
  }

  // Data movement (IndexMap / SparseLinear): only the input range checks and the public outputs cost.
  const movement = ['test_constant_pad', 'test_resize_upsample_scales_linear', 'test_slice_neg_steps']
  const ops2 = new Map(listCases(['node-ops2']).map((c) => [c.name, c]))
  for (const name of movement) {
    it(`conformance node-ops2/${name}`, () => {
      const loaded = loadCase(ops2.get(name)!)
      if (loaded.status !== 'run') throw new Error(`${name} no longer loads: ${loaded.reason}`)
      const { ranges } = calibrateRanges({ graph: loaded.prepared, samples: [loaded.feeds] })
      expect(size(quantizeGraph({ graph: loaded.prepared, ranges, inputBits: 12, weightBits: 12, activationBits: 16 }))).toMatchSnapshot()
    })
  }
})
