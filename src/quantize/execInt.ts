/**
 * The integer reference executor: the quantized model on plain numbers, with exactly the circuit's
 * semantics (same kernels, see `src/ir/lower/`).
 */
import type { QuantizedModel } from '../ir/model.js'
import { numberDomain } from './numberDomain.js'
import { runModel } from '../ir/run.js'
import { type ModelInput, quantizeInputs } from './quantizeInput.js'
import { nullRecord, ownValue } from '../utils/records.js'

export type IntegerResult = {
  /** Output integers by name. */
  integers: Record<string, number[]>
  /** Dequantized outputs (int / 2^scale; softmax applied where the model's last op was Softmax). */
  outputs: Record<string, number[]>
}

/** Softmax (or, with `log`, log-softmax) over the last axis of a flat array with the given shape. */
export function softmaxLastAxis(xs: readonly number[], shape: readonly number[], log = false): number[] {
  const n = shape[shape.length - 1] ?? xs.length
  const out = new Array<number>(xs.length)
  for (let o = 0; o < xs.length; o += n) {
    let m = -Infinity
    for (let i = 0; i < n; i++) m = Math.max(m, xs[o + i]!)
    let s = 0
    for (let i = 0; i < n; i++) s += out[o + i] = Math.exp(xs[o + i]! - m)
    if (log) for (let i = 0; i < n; i++) out[o + i] = xs[o + i]! - m - Math.log(s)
    else for (let i = 0; i < n; i++) out[o + i]! /= s
  }
  return out
}

/** Dequantizes output integers (and applies a recorded softmax post-process). */
export function dequantizeOutputs(model: QuantizedModel, integers: Record<string, ArrayLike<number | bigint>>): Record<string, number[]> {
  const out = nullRecord<number[]>()
  for (const o of model.outputs) {
    const vals = Array.from(ownValue(integers, o.name)!, (v) => Number(v) / 2 ** o.scale)
    out[o.name] = o.postprocess ? softmaxLastAxis(vals, o.shape, o.postprocess === 'logsoftmax') : vals
  }
  return out
}

/** Runs already-quantized inputs. */
export function runIntegers(model: QuantizedModel, ints: Record<string, number[]>): IntegerResult {
  const inputs = nullRecord(model.inputs.map((i) => [i.name, { shape: i.shape, data: ownValue(ints, i.name)! }]))
  const res = runModel(numberDomain, model, inputs)
  const integers = nullRecord(Object.entries(res).map(([k, v]) => [k, v.data]))
  return { integers, outputs: dequantizeOutputs(model, integers) }
}

/**
 * Quantizes `input` (checked against the model's ranges) and runs the integer model.
 * @throws InvalidInputError / InputRangeError on bad input.
 */
export function executeInteger({ model, input, clamp }: { model: QuantizedModel; input: ModelInput; clamp?: boolean }): IntegerResult {
  return runIntegers(model, quantizeInputs({ model, input, clamp: clamp ?? false }))
}
