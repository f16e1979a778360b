/**
 * Fidelity on the MNIST test set (10,000 images, or `--limit N`; a sequence model: its task's 1,000
 * held-out sequences, `scripts/train/mainTransformer.ts`): float accuracy of the `.onnx` in
 * onnxruntime-node, accuracy of the quantized integer model (the integer executor = exactly what the
 * circuit proves), their argmax agreement, and max / mean |circuit − float| over every logit.
 * Optional bit widths (`--input-bits`, `--weight-bits`, `--activation-bits`, per layer `--layer-bits
 * FILE.json` as in `zkml compile`; default: the model's `models/<name>.bits.json` when it has one,
 * `--layer-bits` with `{}` for none) quantize differently;
 * `--constraints` also lowers that model to count its constraints (constant weights).
 *
 * Run: npx tsx bench/fidelity.bench.ts MODEL [--limit N] [--activation-bits K] [--layer-bits FILE.json] [--constraints]
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { LayerBits } from '../src/quantize/bitWidths.js'
import * as ort from 'onnxruntime-node'
import { loadMnist, downsample14 } from '../src/node/mnist.js'
import { quantizeInputs } from '../src/quantize/quantizeInput.js'
import { runIntegers } from '../src/quantize/execInt.js'
import { lowerModel } from '../src/circuit/lowerModel.js'
import { modelByName } from './lib/models.js'
import { benchLayerBits, quantizeBenchModel } from './lib/quantize.js'
import { emit, log } from './lib/util.js'
import { heldOutData } from '../scripts/train/transformerTask.js'

export type FidelityResult = {
  model: string
  bits: { inputBits: number; weightBits: number; activationBits: number; layerBits?: LayerBits | undefined }
  images: number
  floatAccuracy: number
  circuitAccuracy: number
  /** floatAccuracy − circuitAccuracy, in percentage points. */
  lossPoints: number
  argmaxAgreement: number
  maxAbsError: number
  meanAbsError: number
  /** Constraints of this quantization (constant weights, private inputs), with `--constraints`. */
  constraints?: number | undefined
  modelSha256: string
  ortVersion: string
  ms: number
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { limit: { type: 'string' }, 'input-bits': { type: 'string' }, 'weight-bits': { type: 'string' }, 'activation-bits': { type: 'string' }, 'layer-bits': { type: 'string' }, constraints: { type: 'boolean' } },
})
const num = (v: string | undefined) => (v === undefined ? undefined : Number(v))
const m = modelByName(positionals[0]!)
const layerBits: LayerBits | undefined = values['layer-bits'] === undefined ? benchLayerBits(m) : JSON.parse(readFileSync(values['layer-bits'], 'utf8'))
const bits = { inputBits: num(values['input-bits']) ?? 8, weightBits: num(values['weight-bits']) ?? 8, activationBits: num(values['activation-bits']) ?? 12, ...(layerBits && { layerBits }) }
const t0 = performance.now()
const { onnx, model, sha256 } = quantizeBenchModel(m, bits)
/** The test set: MNIST's, or the sequence task's held-out split (`count` samples of `inputSize` values). */
function testSet(): { images: Float32Array; labels: Uint8Array; count: number } {
  if (m.task === 'sorted') {
    const held = heldOutData()
    const count = Math.min(held.count, num(values.limit) ?? held.count)
    return { images: held.inputs, labels: held.labels, count }
  }
  const mnist = loadMnist({ split: 'test', limit: num(values.limit) })
  return { images: m.inputSize === 196 ? downsample14(mnist.images) : mnist.images, labels: mnist.labels, count: mnist.count }
}
const test = testSet()
const images = test.images
const session = await ort.InferenceSession.create(onnx)
const inName = session.inputNames[0]!
const outName = model.outputs[0]!.name

const argmax = (xs: ArrayLike<number>) => {
  let b = 0
  for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[b]!) b = i
  return b
}
let floatRight = 0
let circuitRight = 0
let agree = 0
let maxErr = 0
let sumErr = 0
let nErr = 0
for (let s = 0; s < test.count; s++) {
  const x = images.subarray(s * m.inputSize, (s + 1) * m.inputSize)
  const out = await session.run({ [inName]: new ort.Tensor('float32', x, m.inputShape) })
  const f = out[session.outputNames[0]!]!.data as Float32Array
  const ints = quantizeInputs({ model, input: { [model.inputs[0]!.name]: x }, clamp: true })
  const c = runIntegers(model, ints).outputs[outName]!
  const fa = argmax(f)
  const ca = argmax(c)
  if (fa === test.labels[s]) floatRight++
  if (ca === test.labels[s]) circuitRight++
  if (fa === ca) agree++
  for (let i = 0; i < c.length; i++) {
    const e = Math.abs(c[i]! - f[i]!)
    if (e > maxErr) maxErr = e
    sumErr += e
    nErr++
  }
  if ((s + 1) % 2000 === 0) log(`${s + 1}/${test.count} images (${((performance.now() - t0) / 1000).toFixed(0)} s)`)
}
await session.release()
let constraints: number | undefined
if (values.constraints) {
  constraints = lowerModel({ model, visibility: { input: 'private', output: 'public' }, mode: { constraints: true, witness: false } }).r1cs.constraints.length
}
const result: FidelityResult = {
  model: m.name,
  bits,
  images: test.count,
  floatAccuracy: floatRight / test.count,
  circuitAccuracy: circuitRight / test.count,
  lossPoints: ((floatRight - circuitRight) / test.count) * 100,
  argmaxAgreement: agree / test.count,
  maxAbsError: maxErr,
  meanAbsError: sumErr / nErr,
  constraints,
  modelSha256: sha256,
  ortVersion: (ort.env as { versions?: { common?: string } }).versions?.common ?? '',
  ms: performance.now() - t0,
}
log(`float ${(result.floatAccuracy * 100).toFixed(2)} %, circuit ${(result.circuitAccuracy * 100).toFixed(2)} % (loss ${result.lossPoints.toFixed(2)} pp), agreement ${(result.argmaxAgreement * 100).toFixed(2)} %, max |err| ${maxErr.toFixed(3)}, mean ${result.meanAbsError.toFixed(4)}`)
emit(result)
