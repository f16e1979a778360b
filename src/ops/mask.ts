/**
 * Attention masks as exporters write them: scores Add-ed to a constant holding −∞ (or a large
 * negative: float32's lowest, −1e9, BERT's −10000) where a position is hidden, or Where(keep,
 * scores, −∞), the result read only by a Softmax. Such a value is unquantizable as written (−∞,
 * or a range that would leave the visible scores no precision), so:
 *
 * - calibration records the range of a masked value over its visible entries only (entries above
 *   {@link MASK_LIMIT}/2; {@link maskedValues} names the values);
 * - the quantization rule (Add, Where) replaces each mask entry of the constant by a finite one,
 *   {@link maskFill}, low enough that a masked score minus its row's maximum is below −40, where
 *   any exp table is 0 (e^−40 < 2^−57, past the precision of any table the executor's 52-bit range
 *   allows; the table's left tail is the constant 0): the hidden positions get weight exactly 0, as in float,
 *   whenever the row's maximum is within the calibrated range (a row whose every entry is hidden
 *   gets uniform weights there, not NaN).
 *
 * Every value stays a finite integer: the interval analysis sizes every gadget as for any other
 * constant, so nothing here is trusted by the circuit.
 */
import type { Node, PreparedGraph, Tensor } from '../onnx/ir.js'

/** A constant entry at or below this (−∞ included) is a mask entry. */
export const MASK_LIMIT = -1e4

/** True when some entry of `t` is a mask entry. */
export const hasMaskEntry = (t: Tensor | undefined): boolean => t !== undefined && t.data.some((v) => v <= MASK_LIMIT)

/** True when a calibrated value is visible (not a masked score). */
export const isVisible = (v: number): boolean => v > MASK_LIMIT / 2

/** The constant operand of a masking node (Add with one constant, or Where with a constant branch) holding mask entries. */
function maskConstant(node: Node, constant: (name: string) => Tensor | undefined): Tensor | undefined {
  if (node.opType === 'Add') {
    const [a, b] = [constant(node.inputs[0]!), constant(node.inputs[1]!)]
    if (a && b) return undefined
    return hasMaskEntry(a) ? a : hasMaskEntry(b) ? b : undefined
  }
  if (node.opType === 'Where') {
    const [x, y] = [constant(node.inputs[1]!), constant(node.inputs[2]!)]
    if (x && y) return undefined
    return hasMaskEntry(x) ? x : hasMaskEntry(y) ? y : undefined
  }
  return undefined
}

/**
 * The values of `graph` that are masked attention scores: outputs of an Add or Where with a
 * constant operand holding mask entries, read only by Softmax / LogSoftmax nodes.
 */
export function maskedValues(graph: PreparedGraph): Set<string> {
  const constant = (name: string) => graph.initializers.get(name)
  const readers = new Map<string, Node[]>()
  for (const n of graph.nodes) for (const i of n.inputs) readers.set(i, [...(readers.get(i) ?? []), n])
  const outputs = new Set(graph.outputs.map((o) => o.name))
  const masked = new Set<string>()
  for (const n of graph.nodes) {
    const out = n.outputs[0]!
    const uses = readers.get(out) ?? []
    if (outputs.has(out) || uses.length === 0 || !uses.every((u) => u.opType === 'Softmax' || u.opType === 'LogSoftmax')) continue
    if (maskConstant(n, constant)) masked.add(out)
  }
  return masked
}

/** How far below its row's maximum a masked score is put (see the module doc). */
export const MASK_MARGIN = 40

/**
 * The finite float value a mask entry becomes. `visible` is the calibrated range of the masked
 * value over its visible entries; `data` the range of the data operand added to the mask entry
 * (Add), absent for Where (the entry replaces the score). The masked score v then satisfies
 * v − max ≤ −(visible.max − visible.min) − {@link MASK_MARGIN} for every row whose maximum is at
 * least visible.min (and the data within its range).
 */
export function maskFill(visible: { min: number; max: number }, data?: { min: number; max: number }): number {
  const spread = visible.max - visible.min
  return visible.min - spread - MASK_MARGIN - (data ? Math.max(data.max, 0) : 0)
}

/** `values` with each mask entry replaced by `fill`. */
export const fillMask = (values: ArrayLike<number>, fill: number): number[] => Array.from(values, (v) => (v <= MASK_LIMIT ? fill : v))
