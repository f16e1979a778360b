/**
 * The fidelity report: how far the proven (integer) model is from the float model on the
 * calibration set.
 */
import type { QuantizedModel } from '../ir/model.js'
import type { LayerBits } from '../quantize/bitWidths.js'

/** What a tolerance search (`compileModel({ tolerance, target })`) chose and achieved. */
export type FidelitySearch = {
  target: 'size' | 'accuracy'
  /** The tolerance met (for `size` without one: the starting widths' error). */
  tolerance: number | null
  /** max |circuit − float| of the chosen widths on the calibration set, vs the float executor. */
  maxAbsError: number
  /** The chosen widths: the global ones and every layer's (see `LayerBits`). */
  widths: { inputBits: number; weightBits: number; activationBits: number; layers: LayerBits }
  constraints: number
  /** How many candidates were measured, and which one was chosen (1-based). */
  candidates: number
  chosen: number
}

export type FidelityReport = {
  /** Number of samples compared. */
  samples: number
  /** What produced the float reference (e.g. "onnxruntime-node 1.30.0"). */
  reference: string
  /** Max |integer − float| over every output element of every sample. */
  maxAbsError: number
  /** Mean |integer − float| over every output element of every sample. */
  meanAbsError: number
  /** Fraction of samples whose argmax over the last axis agrees (null when no output has > 1 class). */
  argmaxAgreement: number | null
  /**
   * The widest output range of the float model on the calibration set (max − min over an output's
   * elements and samples): what {@link fidelityWarning} compares the error with. Absent in older manifests.
   */
  outputRange?: number | undefined
  /** Present when the widths came from a tolerance search. */
  search?: FidelitySearch | undefined
}

/** The error, as a fraction of the output range, above which {@link fidelityWarning} warns. */
export const FIDELITY_WARNING_RATIO = 0.02

/**
 * A warning when the circuit's error is large relative to the output's range (more than
 * {@link FIDELITY_WARNING_RATIO}) and the widths were not chosen for a tolerance; it names the
 * option that fixes it. Undefined otherwise.
 */
export function fidelityWarning(report: FidelityReport): string | undefined {
  const range = report.outputRange
  if (report.search || range === undefined || !(range > 0)) return undefined
  const ratio = report.maxAbsError / range
  if (!(ratio > FIDELITY_WARNING_RATIO)) return undefined
  return (
    `the circuit's outputs are off by up to ${report.maxAbsError.toPrecision(3)} (${(100 * ratio).toFixed(1)}% of the output range ${range.toPrecision(3)}) on the calibration set. ` +
    'Compile with --tolerance E (compileModel({ tolerance: E })) to search per-layer bit widths that keep max |circuit − float| within E, or raise --weight-bits / --activation-bits.'
  )
}

/** The widest (max − min) of the graph outputs' calibrated ranges. */
export function outputRangeOf(ranges: ReadonlyMap<string, { min: number; max: number }>, outputs: readonly string[]): number {
  let widest = 0
  for (const o of outputs) {
    const r = ranges.get(o)
    if (r) widest = Math.max(widest, r.max - r.min)
  }
  return widest
}

function argmax(xs: readonly number[], from: number, n: number): number {
  let best = from
  for (let i = from + 1; i < from + n; i++) if (xs[i]! > xs[best]!) best = i
  return best - from
}

/**
 * Compares integer-executor outputs with float reference outputs, sample by sample.
 * @param params.circuit dequantized integer outputs per sample (by output name)
 * @param params.reference float outputs per sample (by output name)
 */
export function measureFidelity({ model, circuit, reference, referenceName }: {
  model: QuantizedModel
  circuit: readonly Record<string, readonly number[]>[]
  reference: readonly Record<string, ArrayLike<number>>[]
  referenceName: string
}): FidelityReport {
  let max = 0
  let sum = 0
  let count = 0
  let agree = 0
  let votes = 0
  circuit.forEach((c, s) => {
    for (const o of model.outputs) {
      const got = c[o.name]!
      const want = Array.from(reference[s]![o.name]!)
      for (let i = 0; i < got.length; i++) {
        const e = Math.abs(got[i]! - want[i]!)
        max = Math.max(max, e)
        sum += e
        count++
      }
      const n = o.shape[o.shape.length - 1] ?? 1
      if (!o.isIndex && n > 1) {
        for (let r = 0; r < got.length; r += n) {
          votes++
          if (argmax(got, r, n) === argmax(want, r, n)) agree++
        }
      }
    }
  })
  return {
    samples: circuit.length,
    reference: referenceName,
    maxAbsError: max,
    meanAbsError: count ? sum / count : 0,
    argmaxAgreement: votes ? agree / votes : null,
  }
}
