/**
 * Quantizes an MNIST model exactly as `compileModel` does (parse → prepare → `calibrateRanges` on the
 * calibration file → quantizeGraph), without lowering or setup: the
 * fidelity benchmark's model. `compile.bench.ts` reports the sha256 of its compiled model so the
 * runner can check both agree.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { parseOnnx } from '../../src/onnx/parse.js'
import { prepareGraph } from '../../src/onnx/prepare.js'
import { calibrateRanges } from '../../src/compile/calibrate.js'
import { quantizeGraph } from '../../src/quantize/quantize.js'
import { parseSamples } from '../../src/compile/samples.js'
import type { QuantizedModel } from '../../src/ir/model.js'
import type { LayerBits } from '../../src/quantize/bitWidths.js'
import { calibrationFile, type BenchModel } from './models.js'
import { REPO } from './util.js'

export type Bits = { inputBits?: number | undefined; weightBits?: number | undefined; activationBits?: number | undefined; layerBits?: LayerBits | undefined }

/**
 * The model's per-layer bit widths, `models/<name>.bits.json` (see models/README.md), when it has
 * them: the benchmarks compile and measure the model at these widths.
 */
export function benchLayerBits(m: BenchModel): LayerBits | undefined {
  const file = join(REPO, 'models', `${m.name}.bits.json`)
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LayerBits) : undefined
}

/**
 * The quantized model of `m` with the given bit widths (compileModel's defaults when absent; the
 * model's `benchLayerBits` when `layerBits` is absent).
 */
export function quantizeBenchModel(m: BenchModel, bits: Bits = {}): { onnx: Uint8Array; model: QuantizedModel; sha256: string } {
  const onnx = new Uint8Array(readFileSync(join(REPO, 'models', `${m.name}.onnx`)))
  const graph = prepareGraph({ graph: parseOnnx({ bytes: onnx, fileName: `${m.name}.onnx` }) })
  const inputs = graph.inputs.map((i) => ({ name: i.name, shape: i.shape as number[] }))
  const calibration = parseSamples({ json: JSON.parse(readFileSync(join(REPO, calibrationFile(m)), 'utf8')), inputs, kind: 'calibration' })
  const { ranges } = calibrateRanges({ graph, samples: calibration })
  const model = quantizeGraph({ graph, ranges, inputBits: bits.inputBits ?? 8, weightBits: bits.weightBits ?? 8, activationBits: bits.activationBits ?? 12, layerBits: bits.layerBits ?? benchLayerBits(m) })
  return { onnx, model, sha256: createHash('sha256').update(JSON.stringify(model)).digest('hex') }
}
