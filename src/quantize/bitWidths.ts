/**
 * Per-layer bit widths: the global widths of a quantization run (`inputBits`, `weightBits`,
 * `activationBits`) with overrides by layer. A layer is an ONNX node of the prepared graph, named
 * as in the model; an input is a graph input.
 *
 * - `activation[node]`: the width of the node's output wherever it is requantized (`targetScale`
 *   of that tensor, so also a later MaxPool or Mul that requantizes it) and the `activationBits`
 *   the node's own rule reads.
 * - `weight[node]`: the width of the weights the node's rule quantizes (`addWeights`).
 * - `input[name]`: the width of a graph input (what the circuit range-checks).
 *
 * With no overrides every lookup returns the global width, so models are exactly what the global
 * widths give. The quantizer records which widths the rules consulted ({@link BitUsage}): a setting
 * that names a layer whose rule never reads it is refused, and the tolerance search varies exactly
 * those widths.
 */
import { BitWidthError } from '../errors/quantize.js'
import { ownValue } from '../utils/records.js'

/** Bit widths by layer (ONNX node name) and by graph input name; anything absent uses the global width. */
export type LayerBits = {
  /** Activation width by node name. */
  activation?: Record<string, number> | undefined
  /** Weight width by node name. */
  weight?: Record<string, number> | undefined
  /** Input width by graph input name. */
  input?: Record<string, number> | undefined
}

/** The widths a quantization run consulted, by kind: node names (activation, weight) and float input names. */
export type BitUsage = { activation: string[]; weight: string[]; input: string[] }

/** The kinds of width. */
export const BIT_KINDS = ['input', 'weight', 'activation'] as const
export type BitKind = (typeof BIT_KINDS)[number]

/** Allowed range of a per-layer width (the global widths keep their own checks). */
export const LAYER_BITS_RANGE: Readonly<Record<BitKind, readonly [number, number]>> = { input: [1, 32], weight: [2, 32], activation: [2, 32] }

/**
 * Checks that every setting is an integer in {@link LAYER_BITS_RANGE} and, given `usage`, names a
 * width the quantizer consulted.
 * @throws {BitWidthError} naming the layer (and the widths the model has)
 */
export function checkLayerBits(layers: LayerBits | undefined, usage?: BitUsage): void {
  if (layers === undefined) return
  if (typeof layers !== 'object' || layers === null || Array.isArray(layers)) throw new BitWidthError('Per-layer bit widths must be an object { activation?, weight?, input? }.')
  const extra = Object.keys(layers).filter((k) => !(BIT_KINDS as readonly string[]).includes(k))
  if (extra.length) throw new BitWidthError(`Per-layer bit widths have unknown kind(s) ${extra.map((k) => `"${k}"`).join(', ')}; the kinds are ${BIT_KINDS.join(', ')}.`)
  for (const kind of BIT_KINDS) {
    const rec = layers[kind]
    if (rec === undefined) continue
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) throw new BitWidthError(`Per-layer ${kind} widths must be an object { name: bits }.`)
    const known = usage && new Set(usage[kind])
    const [lo, hi] = LAYER_BITS_RANGE[kind]
    for (const [name, bits] of Object.entries(rec)) {
      if (!Number.isInteger(bits) || bits < lo || bits > hi) throw new BitWidthError(`The ${kind} width of "${name}" must be an integer from ${lo} to ${hi} (got ${String(bits)}).`, { layer: name })
      if (usage && known && !known.has(name)) {
        const list = usage[kind].length ? usage[kind].join(', ') : '(none)'
        throw new BitWidthError(`"${name}" has no ${kind} width to set.`, {
          layer: name,
          details: `The layers (ONNX nodes of the prepared graph) or inputs with a ${kind} width are: ${list}. Nodes folded or removed when the graph is prepared (constants, Identity, Dropout) have none.`,
        })
      }
    }
  }
}

/** The width `rec[name]` when set (an own property), else `fallback`. */
export function bitsFor(rec: Record<string, number> | undefined, name: string | undefined, fallback: number): number {
  return (rec === undefined || name === undefined ? undefined : ownValue(rec, name)) ?? fallback
}
