/**
 * Circuit size of one MNIST model without a setup: quantize (as compileModel does), lower in
 * constraints mode, count constraints / non-zeros / wires, multiply-accumulates (MACs) and weight
 * values. Used for models too large to set up here and for `--quick`.
 *
 * Run: npx tsx bench/count.bench.ts MODEL constant|private
 */
import { lowerModel } from '../src/circuit/lowerModel.js'
import { runModel } from '../src/ir/run.js'
import { numberDomain } from '../src/quantize/numberDomain.js'
import type { Domain } from '../src/ir/domain.js'
import { privateWeightCount, privateWeightTensors } from '../src/circuit/privateWeights.js'
import type { QuantizedModel } from '../src/ir/model.js'
import { modelByName } from './lib/models.js'
import { quantizeBenchModel } from './lib/quantize.js'
import { emit, log, peakRssMiB, type WeightsMode } from './lib/util.js'

export type CountResult = {
  model: string
  weights: WeightsMode
  constraints: number
  wires: number
  nonZeros: number
  power: number
  publicSignals: number
  /** Multiply-accumulates with a model weight (one constraint each in hidden-weights mode). */
  macs: number
  /** Weight and bias values (committed in hidden-weights mode). */
  weightValues: number
  /** Σ bits × values over the weight tensors: the range-check constraints of hidden-weights mode. */
  weightRangeBits: number
  lowerMs: number
  peakRssMiB: number
}

/** MACs of one inference: the executor with a `dot` that counts its weighted terms. */
export function countMacs(model: QuantizedModel): number {
  let macs = 0
  const counting: Domain<number> = {
    ...numberDomain,
    dot(coeffs, xs, bias, ref) {
      if (ref?.weight) macs += xs.length
      return numberDomain.dot(coeffs, xs, bias)
    },
  }
  const inputs = Object.fromEntries(model.inputs.map((i) => [i.name, { shape: i.shape, data: new Array<number>(i.shape.reduce((a, d) => a * d, 1)).fill(0) }]))
  runModel(counting, model, inputs)
  return macs
}

const [name, weights] = process.argv.slice(2) as [string, WeightsMode]
if (!name || (weights !== 'constant' && weights !== 'private')) throw new Error('usage: count.bench.ts MODEL constant|private')
const { model } = quantizeBenchModel(modelByName(name))
const t0 = performance.now()
const { r1cs } = lowerModel({ model, visibility: { input: 'private', output: 'public', weights }, mode: { constraints: true, witness: false } })
const lowerMs = performance.now() - t0
const result: CountResult = {
  model: name,
  weights,
  constraints: r1cs.constraints.length,
  wires: r1cs.nWires,
  nonZeros: r1cs.constraints.reduce((a, k) => a + k.a.size + k.b.size + k.c.size, 0),
  power: Math.max(1, Math.ceil(Math.log2(r1cs.constraints.length + r1cs.nPublic + 1))),
  publicSignals: r1cs.nPublic,
  macs: countMacs(model),
  weightValues: privateWeightCount(model),
  weightRangeBits: privateWeightTensors(model).reduce((a, t) => a + t.bits * t.tensor.data.length, 0),
  lowerMs,
  peakRssMiB: peakRssMiB(),
}
log(`${name} (${weights} weights): ${result.constraints} constraints, 2^${result.power}, ${result.nonZeros} non-zeros, ${result.macs} MACs, ${result.weightValues} weight values`)
emit(result)
