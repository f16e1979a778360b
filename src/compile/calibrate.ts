/**
 * Calibration: run the float executor over samples and record every tensor's [min, max].
 */
import { execFloat } from '../onnx/execFloat.js'
import type { PreparedGraph, Tensor } from '../onnx/ir.js'
import type { OnProgress } from '../utils/progress.js'
import { nullRecord } from '../utils/records.js'
import { CalibrationError } from '../errors/quantize.js'
import { isVisible, maskedValues } from '../ops/mask.js'

export type CalibrationRanges = Map<string, { min: number; max: number }>

/**
 * Float ranges of every computed tensor (initializers excluded) over `samples`, and each sample's
 * graph outputs. A masked attention score (`src/ops/mask.ts`) gets the range of its visible entries.
 * @param params.samples one record of flat inputs (or tensors) per sample
 * @throws {CalibrationError} when a tensor takes the value NaN
 */
export function calibrateRanges({ graph, samples, onProgress }: {
  graph: PreparedGraph
  samples: readonly Readonly<Record<string, Tensor | ArrayLike<number>>>[]
  onProgress?: OnProgress | undefined
}): { ranges: CalibrationRanges; floatOutputs: Record<string, Float64Array>[] } {
  const ranges: CalibrationRanges = new Map()
  const floatOutputs: Record<string, Float64Array>[] = []
  const masked = maskedValues(graph)
  samples.forEach((sample, s) => {
    const { outputs, values } = execFloat({ graph, inputs: sample, intermediates: true })
    for (const [name, t] of values!) {
      if (graph.initializers.has(name)) continue
      // An empty tensor (a zero-size Slice or Split part) has no values: its range is [0, 0].
      if (t.data.length === 0) {
        if (!ranges.has(name)) ranges.set(name, { min: 0, max: 0 })
        continue
      }
      const r = ranges.get(name) ?? { min: Infinity, max: -Infinity }
      const mask = masked.has(name)
      for (const v of t.data) {
        if (mask && !isVisible(v)) continue
        if (Number.isNaN(v)) throw new CalibrationError(`Calibration sample ${s} gives NaN in tensor "${name}".`, { metaMessages: ['Check the model’s weights and the calibration data for NaN or infinite values.'] })
        if (v < r.min) r.min = v
        if (v > r.max) r.max = v
      }
      ranges.set(name, r)
    }
    floatOutputs.push(nullRecord(graph.outputs.map((o) => [o.name, outputs[o.name]!.data])))
    onProgress?.({ stage: 'calibrate', done: s + 1, total: samples.length })
  })
  return { ranges, floatOutputs }
}
