/**
 * `iriscode.onnx` and its quantized (integer) form.
 *
 * The model is a single Conv: input `strip` `[1, 1, 16, 72]` (the strip padded circularly, pixel
 * values 0..255 as floats, see `padStrip`), weight `[4, 1, 8, 9]` = the integer Gabor bank / 2^7,
 * strides `[8, 1]`, no padding, no bias → output `responses` `[1, 4, 2, 64]`. The code is the sign of
 * each response, taken outside the model (by the UI, and by the identity circuit).
 *
 * Quantization goes through the compiler's own pipeline (parse → prepare → calibrate with the float
 * executor → `quantizeGraph`), with the input range pinned to [0, 255] so pixels stay exact
 * integers (scale 0). The weights are exact at scale 7, so the integer model computes exactly
 * `irisResponses` and onnxruntime (float32, all partial sums < 2^24) agrees bit for bit.
 */
import { parseOnnx } from '../onnx/parse.js'
import { prepareGraph } from '../onnx/prepare.js'
import { calibrateRanges } from '../compile/calibrate.js'
import { writeOnnx } from '../onnx/write.js'
import type { Graph } from '../onnx/ir.js'
import { quantizeGraph } from '../quantize/quantize.js'
import type { QuantizedModel } from '../ir/model.js'
import { CalibrationError } from '../errors/quantize.js'
import { ArtifactError } from '../errors/artifact.js'
import { IRIS_GEOMETRY, IRIS_INPUT_NAME, IRIS_OUTPUT_NAME } from './config.js'
import { GABOR_SHIFT, gaborBank } from './gabor.js'
import { IRIS_ROWS, type IrisStrip } from './iris.js'
import { codeShape, padStrip } from './irisCode.js'

/**
 * Writes `iriscode.onnx` (opset 13) from the Gabor bank of {@link IRIS_GEOMETRY}.
 *
 * @returns The ONNX model bytes (deterministic).
 * @example
 * import { irisCodeOnnx } from '@zkml/web/identity'
 * const bytes = irisCodeOnnx() // what models/iriscode.onnx holds
 */
export function irisCodeOnnx(): Uint8Array {
  const g = IRIS_GEOMETRY
  const { filters, bands, columns, paddedCols } = codeShape(g)
  const weights = gaborBank(g)
  const graph: Graph = {
    opset: 13,
    name: 'iriscode',
    inputs: [{ name: IRIS_INPUT_NAME, dtype: 'float32', shape: [1, 1, IRIS_ROWS, paddedCols] }],
    outputs: [{ name: IRIS_OUTPUT_NAME, dtype: 'float32', shape: [1, filters, bands, columns] }],
    initializers: new Map([
      ['gabor', { dtype: 'float32', dims: [filters, 1, g.kernelHeight, g.kernelWidth], data: Float64Array.from(weights, (w) => w / 2 ** GABOR_SHIFT) }],
    ]),
    nodes: [
      {
        opType: 'Conv',
        name: 'gabor_bank',
        inputs: [IRIS_INPUT_NAME, 'gabor'],
        outputs: [IRIS_OUTPUT_NAME],
        attributes: {
          kernel_shape: { type: 'ints', value: [g.kernelHeight, g.kernelWidth] },
          strides: { type: 'ints', value: [g.strideY, g.strideX] },
          pads: { type: 'ints', value: [0, 0, 0, 0] },
        },
      },
    ],
  }
  return writeOnnx({ graph, producerName: '@zkml/web scripts/identity/makeModel.ts' })
}

/** Parameters of {@link quantizeIrisModel}. */
export type QuantizeIrisModelParameters = {
  /** `iriscode.onnx` bytes. */
  onnx: Uint8Array
  /** Calibration captures (at least one). */
  calibration: readonly IrisStrip[]
}

/**
 * Quantizes `iriscode.onnx` with the compiler's pipeline (see the module doc) and checks the result
 * is the exact integer model the identity circuit expects.
 *
 * @param parameters - {@link QuantizeIrisModelParameters}
 * @returns The integer model (input scale 0, 8-bit unsigned; output scale 7).
 * @throws {CalibrationError} When no calibration capture is given.
 * @throws {ArtifactError} When the model does not quantize exactly (wrong file, or a changed quantizer).
 */
export function quantizeIrisModel({ onnx, calibration }: QuantizeIrisModelParameters): QuantizedModel {
  if (calibration.length === 0) throw new CalibrationError('quantizeIrisModel: give at least one calibration capture.')
  const graph = prepareGraph({ graph: parseOnnx({ bytes: onnx, fileName: 'iriscode.onnx' }) })
  const { ranges } = calibrateRanges({ graph, samples: calibration.map((strip) => ({ [IRIS_INPUT_NAME]: padStrip(strip, IRIS_GEOMETRY) })) })
  // Pixels are integers 0..255: pin the input range so the input scale is 0 (exact), whatever the captures.
  ranges.set(IRIS_INPUT_NAME, { min: 0, max: 255 })
  const model = quantizeGraph({ graph, ranges, inputBits: 8, weightBits: 8 })
  const input = model.inputs[0]
  const out = model.outputs[0]
  const expected = gaborBank(IRIS_GEOMETRY)
  const conv = model.nodes.length === 1 ? model.nodes[0] : undefined
  const w = conv?.op === 'Conv' ? model.constants[conv.weight] : undefined
  const exact =
    model.inputs.length === 1 && input?.name === IRIS_INPUT_NAME && input.scale === 0 && input.bits === 8 && !input.signed &&
    out?.name === IRIS_OUTPUT_NAME && out.scale === GABOR_SHIFT &&
    conv?.op === 'Conv' && conv.bias === undefined && w !== undefined && w.data.length === expected.length && w.data.every((v, i) => v === expected[i])
  if (!exact)
    throw new ArtifactError('iriscode.onnx did not quantize to the exact integer Gabor bank.', {
      file: 'iriscode.onnx',
      details: 'Expected one Conv with 8-bit unsigned input at scale 0, the integer Gabor weights at scale 7 and no bias. Regenerate the model with scripts/identity/makeModel.ts.',
    })
  return model
}
