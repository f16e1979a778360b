/**
 * Input checking and quantization at the edge: names, element counts, finiteness and the calibrated
 * range are checked before anything runs; nothing is silently coerced (clamping is opt-in).
 */
import type { QuantizedInput, QuantizedModel } from '../ir/model.js'
import { InputRangeError, InvalidInputError } from '../errors/input.js'
import { nullRecord, ownValue } from '../utils/records.js'

/** A single-input model takes an array; any model takes a record of named inputs. Nested arrays are flattened. */
export type ModelInput = ArrayLike<number> | NestedNumbers | Record<string, ArrayLike<number> | NestedNumbers>
type NestedNumbers = ReadonlyArray<number | NestedNumbers>

function flatten(x: ArrayLike<number> | NestedNumbers, name: string): number[] {
  if (!Array.isArray(x)) {
    if (ArrayBuffer.isView(x)) return Array.from(x as ArrayLike<number>)
    throw new InvalidInputError(`Input "${name}" must be an array of numbers.`, { inputName: name })
  }
  const out: number[] = []
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk)
    else if (typeof v === 'number') out.push(v)
    else throw new InvalidInputError(`Input "${name}" contains a ${typeof v} (${String(v)}); numbers only.`, { inputName: name })
  }
  walk(x)
  return out
}

/** Resolves `input` to one flat array per model input, checking names and element counts. */
export function normalizeInput(inputs: readonly QuantizedInput[], input: ModelInput): Record<string, number[]> {
  const isRecord = typeof input === 'object' && input !== null && !Array.isArray(input) && !ArrayBuffer.isView(input)
  const named: Record<string, ArrayLike<number> | NestedNumbers> = isRecord
    ? (input as Record<string, ArrayLike<number>>)
    : inputs.length === 1
      ? nullRecord([[inputs[0]!.name, input as ArrayLike<number>]])
      : (() => {
          throw new InvalidInputError(`The model has ${inputs.length} inputs; pass a record { ${inputs.map((i) => i.name).join(', ')} }.`)
        })()
  const known = new Set(inputs.map((i) => i.name))
  for (const k of Object.keys(named)) {
    if (!known.has(k)) throw new InvalidInputError(`Unknown input "${k}".`, { inputName: k, metaMessages: [`Model inputs: ${[...known].join(', ')}`] })
  }
  const out = nullRecord<number[]>()
  for (const inp of inputs) {
    const v = ownValue(named, inp.name)
    if (v === undefined) throw new InvalidInputError(`Missing input "${inp.name}".`, { inputName: inp.name })
    const flat = flatten(v, inp.name)
    const n = inp.shape.reduce((a, d) => a * d, 1)
    if (flat.length !== n) {
      throw new InvalidInputError(`Input "${inp.name}" has ${flat.length} values; shape [${inp.shape.join(', ')}] needs ${n}.`, { inputName: inp.name })
    }
    out[inp.name] = flat
  }
  return out
}

/**
 * Quantizes every input to its integers: round(x · 2^scale), checked against the input's range
 * (a value within half a quantum of the range rounds into it and is accepted).
 * @throws InvalidInputError for names, counts, NaN/Infinity; InputRangeError outside the range unless `clamp`.
 */
export function quantizeInputs({ model, input, clamp = false }: { model: Pick<QuantizedModel, 'inputs'>; input: ModelInput; clamp?: boolean }): Record<string, number[]> {
  const flat = normalizeInput(model.inputs, input)
  const out = nullRecord<number[]>()
  for (const inp of model.inputs) {
    const f = 2 ** inp.scale
    const lo = Math.round(inp.min * f)
    const hi = Math.round(inp.max * f)
    out[inp.name] = flat[inp.name]!.map((x, i) => {
      if (!Number.isFinite(x)) throw new InvalidInputError(`Input "${inp.name}"[${i}] is ${x}; inputs must be finite numbers.`, { inputName: inp.name })
      const q = Math.round(x * f) + 0 // + 0 turns −0 into 0
      if (q < lo || q > hi) {
        if (!clamp) throw new InputRangeError({ inputName: inp.name, index: i, value: x, min: inp.min, max: inp.max })
        return q < lo ? lo : hi
      }
      return q
    })
  }
  return out
}
