/**
 * How many inputs and outputs a node of an operator may have (from the ONNX operator specs): each
 * operator's definition lists its forms by the opset they start at (`OpDefinition.arity`), and
 * `assertSupportedOps` refuses a node outside its form with an `OnnxParseError` before any op code
 * reads its inputs (a Gemm with one input is not valid ONNX, and must not reach `inputs[1]!`).
 */
import { OnnxParseError } from '../errors/compile.js'
import type { Node } from '../onnx/ir.js'

/** Input and output counts of a node: [min, max] (max `Infinity` for variadic ops). */
export type OpArity = { inputs: readonly [number, number]; outputs: readonly [number, number] }
/** An arity form, in force from `opset` on (absent: from the first opset). */
export type ArityForm = OpArity & {
  opset?: number | undefined
  /** Every output is optional, the first one too (LSTM, GRU, RNN: `Y` may be left out). */
  optionalOutputs?: boolean | undefined
}

/** One input, one output. */
export const ONE_IN: ArityForm = { inputs: [1, 1], outputs: [1, 1] }
/** Two inputs, one output. */
export const TWO_IN: ArityForm = { inputs: [2, 2], outputs: [1, 1] }
/** `lo` to `hi` inputs (hi `Infinity`: variadic), one output. */
export const inputsRange = (lo: number, hi: number, opset?: number): ArityForm => ({ inputs: [lo, hi], outputs: [1, 1], ...(opset === undefined ? {} : { opset }) })

/** The arity of an op at `opset`: the last form starting at or before it. */
export function arityAt(forms: readonly ArityForm[], opset: number): ArityForm {
  return forms.filter((f) => (f.opset ?? 0) <= opset).at(-1) ?? forms[0]!
}

/**
 * Throws {@link OnnxParseError} when `node` has too few or too many inputs or outputs for `forms` at
 * `opset`. Counts exclude trailing empty names (absent optional inputs); inputs below the minimum,
 * and every input of a variadic op, must be non-empty.
 */
export function assertArity(node: Node, forms: readonly ArityForm[], opset: number): void {
  const { inputs, outputs, optionalOutputs } = arityAt(forms, opset)
  const fail = (what: string): never => {
    throw new OnnxParseError(`Invalid ONNX node "${node.name}" (${node.opType}): ${what}.`, { nodeName: node.name })
  }
  const range = ([lo, hi]: readonly [number, number]) => (lo === hi ? `${lo}` : hi === Infinity ? `${lo} or more` : `${lo} to ${hi}`)
  const count = (names: readonly string[]) => {
    let n = names.length
    while (n > 0 && !names[n - 1]) n--
    return n
  }
  const nIn = count(node.inputs)
  if (nIn < inputs[0] || nIn > inputs[1]) fail(`${nIn} input(s) given; ${node.opType} takes ${range(inputs)} at opset ${opset}`)
  const missing = node.inputs.slice(0, inputs[1] === Infinity ? nIn : inputs[0]).findIndex((name) => !name)
  if (missing >= 0) fail(`required input ${missing} is empty`)
  const nOut = count(node.outputs)
  if (nOut < outputs[0] || nOut > outputs[1]) fail(`${nOut} output(s) given; ${node.opType} has ${range(outputs)}`)
  if (!node.outputs[0] && !optionalOutputs) fail('output 0 is empty')
}
