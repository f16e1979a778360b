/**
 * The fidelity report: how far the proven (integer) model is from the float model on the
 * calibration set.
 */
import type { QuantizedModel } from '../ir/model.js'

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
