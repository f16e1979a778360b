/**
 * Sample files: calibration sets and prove inputs. Accepts EZKL's `input.json` format
 * (`{ "input_data": [[...], ...] }`: one flat array per model input, samples concatenated along the
 * batch axis) and a record `{ [inputName]: number[] | number[][] }` (flat or one array per sample).
 */
import { CalibrationError } from '../errors/quantize.js'
import { InvalidInputError } from '../errors/input.js'
import { hasOwn, nullRecord } from '../utils/records.js'

export type InputSpec = { name: string; shape: number[] }

/** One sample: a flat float array per input name. */
export type Sample = Record<string, Float64Array>

function flatNumbers(v: unknown, where: string, err: (m: string) => Error): number[] {
  const out: number[] = []
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk)
    else if (typeof x === 'number') {
      if (!Number.isFinite(x)) throw err(`${where} contains ${x}; values must be finite numbers.`)
      out.push(x)
    } else throw err(`${where} contains ${JSON.stringify(x)}; numbers only.`)
  }
  walk(v)
  return out
}

/**
 * Splits a sample file into samples.
 * @param params.json the parsed JSON
 * @param params.inputs the model inputs (names and shapes, batch dimension included as 1)
 * @param params.kind 'calibration' (errors are CalibrationError) or 'input' (InvalidInputError)
 */
export function parseSamples({ json, inputs, kind, fileName }: { json: unknown; inputs: readonly InputSpec[]; kind: 'calibration' | 'input'; fileName?: string | undefined }): Sample[] {
  const where = fileName ? `${fileName}` : kind === 'calibration' ? 'the calibration data' : 'the input'
  const err = (m: string) => (kind === 'calibration' ? new CalibrationError(m) : new InvalidInputError(m))
  if (typeof json !== 'object' || json === null) throw err(`${where} must be a JSON object ({"input_data": [[...]]}).`)
  const obj = json as Record<string, unknown>
  let perInput: number[][]
  if (hasOwn(obj, 'input_data')) {
    const data = obj.input_data
    if (!Array.isArray(data) || data.length !== inputs.length) {
      throw err(`${where}: "input_data" must hold ${inputs.length} array(s), one per model input (${inputs.map((i) => i.name).join(', ')}).`)
    }
    perInput = data.map((d, i) => flatNumbers(d, `${where} input_data[${i}]`, err))
  } else {
    perInput = inputs.map((inp) => {
      if (!hasOwn(obj, inp.name)) throw err(`${where} has no entry for input "${inp.name}" (nor an "input_data" array).`)
      return flatNumbers(obj[inp.name], `${where} "${inp.name}"`, err)
    })
  }
  let count = -1
  inputs.forEach((inp, i) => {
    const size = inp.shape.reduce((a, d) => a * d, 1)
    const n = perInput[i]!.length / size
    if (!Number.isInteger(n) || n < 1) {
      throw err(`${where}: input "${inp.name}" has ${perInput[i]!.length} values, not a whole number of samples of shape [${inp.shape.join(', ')}] (${size} values each).`)
    }
    if (count >= 0 && n !== count) throw err(`${where}: inputs hold different sample counts (${count} vs ${n}).`)
    count = n
  })
  return Array.from({ length: count }, (_, s) =>
    nullRecord(
      inputs.map((inp, i): [string, Float64Array] => {
        const size = inp.shape.reduce((a, d) => a * d, 1)
        return [inp.name, Float64Array.from(perInput[i]!.slice(s * size, (s + 1) * size))]
      }),
    ),
  )
}
