/**
 * Attention (opset 23): softmax(Q·Kᵀ · scale + bias) · V over heads, with grouped K/V heads
 * (q_num_heads a multiple of kv_num_heads), an optional attn_mask (bool: true keeps a position;
 * float: added) and is_causal (upper-left aligned: query i sees keys j ≤ i).
 *
 * Canonicalization rewrites it into the pieces an exporter writes for the same layer, so it costs
 * what they cost and nothing here is new to the circuit:
 *   3-D inputs: Reshape [B, S, H, d] → Transpose to heads; Kᵀ by one Transpose
 *   MatMul(Q, Kᵀ) (two data tensors: one constraint per product) → Mul by the scale (free)
 *   → the causal and mask bias (`Add` of a constant with −∞, `Where(mask, ·, −∞)`: see `mask.ts`)
 *   → Softmax over the keys → MatMul(·, V) → Transpose/Reshape back (3-D).
 * Grouped heads need no copies: Q's g = q_num_heads / kv_num_heads heads sharing a K/V head are
 * reshaped into one [g·S, d] block (a view), multiplied, and reshaped back.
 *
 * Refused with an `UnsupportedOpError` naming the input or attribute: past_key / past_value (a KV
 * cache), nonpad_kv_seqlen, softcap ≠ 0, the present_key / present_value / qk_matmul_output
 * outputs. A mask that does not broadcast to [B, q_num_heads, q_seq, kv_seq] is a `ShapeMismatchError`.
 */
import { attrFloat, attrInt } from '../onnx/attributes.js'
import type { Node, Tensor, TensorInfo } from '../onnx/ir.js'
import { broadcastShapes, shapeError } from '../onnx/shapes.js'
import { broadcastIndex } from '../ir/lower/shape.js'
import { int, int64, intList, scalar } from './common.js'
import type { CanonicalizeContext, CanonicalResult, ComputeOp, Kernel } from './types.js'
import type { ArityForm } from './arity.js'

/** The geometry of one Attention node. */
type Geometry = { rank: 3 | 4; B: number; Hq: number; Hkv: number; Sq: number; Skv: number; dh: number; dv: number; scale: number; causal: boolean }

/** Reads the geometry from the inputs' shapes and the attributes (see the module doc). */
function geometry(node: Node, q: readonly number[], k: readonly number[], v: readonly number[]): Geometry {
  const rank = q.length
  if ((rank !== 3 && rank !== 4) || k.length !== rank || v.length !== rank) shapeError(node, 'Q, K and V must all be 3-D or all 4-D', [q, k, v])
  let g: Omit<Geometry, 'scale' | 'causal'>
  if (rank === 3) {
    const Hq = attrInt(node, 'q_num_heads', 0)
    const Hkv = attrInt(node, 'kv_num_heads', 0)
    if (Hq <= 0 || Hkv <= 0 || q[2]! % Hq !== 0 || k[2]! % Hkv !== 0 || v[2]! % Hkv !== 0) shapeError(node, '3-D inputs need q_num_heads and kv_num_heads dividing the hidden sizes', [q, k, v])
    g = { rank: 3, B: q[0]!, Hq, Hkv, Sq: q[1]!, Skv: k[1]!, dh: q[2]! / Hq, dv: v[2]! / Hkv }
    if (k[2]! / Hkv !== g.dh) shapeError(node, 'Q and K head sizes differ', [q, k])
  } else {
    g = { rank: 4, B: q[0]!, Hq: q[1]!, Hkv: k[1]!, Sq: q[2]!, Skv: k[2]!, dh: q[3]!, dv: v[3]! }
    if (k[3] !== g.dh) shapeError(node, 'Q and K head sizes differ', [q, k])
  }
  if (k[0] !== g.B || v[0] !== g.B || (rank === 4 && v[1] !== g.Hkv) || v[rank === 3 ? 1 : 2] !== g.Skv) shapeError(node, 'K and V disagree on the batch, heads or sequence', [q, k, v])
  if (g.Hq % g.Hkv !== 0) shapeError(node, 'q_num_heads must be a multiple of kv_num_heads', [q, k])
  return { ...g, scale: attrFloat(node, 'scale', 1 / Math.sqrt(g.dh)), causal: attrInt(node, 'is_causal', 0) === 1 }
}

/** Y's shape: [B, Sq, Hq·dv] (3-D) or [B, Hq, Sq, dv]. */
const outputShape = (g: Geometry) => (g.rank === 3 ? [g.B, g.Sq, g.Hq * g.dv] : [g.B, g.Hq, g.Sq, g.dv])

/** Element offset of (b, h, s, 0) in a 3-D [B, S, H·d] or 4-D [B, H, S, d] tensor. */
const offset = (g: Geometry, H: number, S: number, d: number, b: number, h: number, s: number) => (g.rank === 3 ? ((b * S + s) * H + h) * d : ((b * H + h) * S + s) * d)

/** Attention in float64, straight from the definition (the reference the rewrite is tested against). */
const attentionKernel: Kernel = (node, [Q, K, V, mask]) => {
  const g = geometry(node, Q!.dims, K!.dims, V!.dims)
  const out = new Float64Array(outputShape(g).reduce((a, d) => a * d, 1))
  const maskIndex = mask ? broadcastIndex([...mask.dims], [g.B, g.Hq, g.Sq, g.Skv]) : undefined
  const row = new Float64Array(g.Skv)
  for (let b = 0; b < g.B; b++)
    for (let h = 0; h < g.Hq; h++) {
      const hk = Math.floor(h / (g.Hq / g.Hkv))
      for (let i = 0; i < g.Sq; i++) {
        const qo = offset(g, g.Hq, g.Sq, g.dh, b, h, i)
        let max = -Infinity
        for (let j = 0; j < g.Skv; j++) {
          const ko = offset(g, g.Hkv, g.Skv, g.dh, b, hk, j)
          let dot = 0
          for (let c = 0; c < g.dh; c++) dot += Q!.data[qo + c]! * K!.data[ko + c]!
          let s = dot * g.scale
          if (g.causal && j > i) s = -Infinity
          if (mask) {
            const m = mask.data[maskIndex![((b * g.Hq + h) * g.Sq + i) * g.Skv + j]!]!
            s = mask.dtype === 'bool' ? (m ? s : -Infinity) : s + m
          }
          row[j] = s
          max = Math.max(max, s)
        }
        let sum = 0
        for (let j = 0; j < g.Skv; j++) sum += row[j] = Math.exp(row[j]! - max)
        const oo = offset(g, g.Hq, g.Sq, g.dv, b, h, i)
        for (let j = 0; j < g.Skv; j++) {
          const vo = offset(g, g.Hkv, g.Skv, g.dv, b, hk, j)
          for (let c = 0; c < g.dv; c++) out[oo + c] += (row[j]! / sum) * V!.data[vo + c]!
        }
      }
    }
  return [{ dtype: Q!.dtype, dims: outputShape(g), data: out }]
}

/** The rewrite into exporter pieces (see the module doc). */
function canonicalizeAttention(node: Node, ctx: CanonicalizeContext): CanonicalResult {
  if (ctx.opset < 23) ctx.unsupported(`Attention is an opset-23 operator (the model imports opset ${ctx.opset})`)
  const [q, k, v, mask, pastKey, pastValue, nonpad] = node.inputs
  if (pastKey || pastValue) ctx.unsupported(`input "${pastKey ? 'past_key' : 'past_value'}" (a KV cache)`)
  if (nonpad) ctx.unsupported('input "nonpad_kv_seqlen"')
  const extra = node.outputs.slice(1).findIndex(Boolean)
  if (extra >= 0) ctx.unsupported(`output "${['present_key', 'present_value', 'qk_matmul_output'][extra]}"`)
  if (attrFloat(node, 'softcap', 0) !== 0) ctx.unsupported('attribute "softcap" ≠ 0')
  const [qi, ki, vi] = [ctx.info(q!), ctx.info(k!), ctx.info(v!)]
  const g = geometry(node, qi.shape, ki.shape, vi.shape)
  const full = [g.B, g.Hq, g.Sq, g.Skv]
  const maskInfo: TensorInfo | undefined = mask ? ctx.info(mask) : undefined
  if (maskInfo && broadcastShapes(node, maskInfo.shape, full).join() !== full.join()) shapeError(node, `attn_mask must broadcast to [${full}]`, [maskInfo.shape])
  const nodes: Node[] = []
  let step = 0
  const emit = (opType: string, inputs: string[], attributes: Node['attributes'] = {}, last = false): string => {
    const output = last ? node.outputs[0]! : ctx.freshName(`${node.outputs[0]}_${opType.toLowerCase()}`)
    nodes.push({ opType, name: last ? node.name : ctx.freshName(`${node.name}_${step++}`), inputs, outputs: [output], attributes })
    return output
  }
  const reshape = (x: string, dims: number[], last = false) => emit('Reshape', [x, ctx.addInitializer(`${node.name}_shape`, int64(dims))], {}, last)
  const transpose = (x: string, perm: number[], last = false) => emit('Transpose', [x], { perm: intList(perm) }, last)
  const heads = (x: string, H: number, S: number, d: number, perm: number[]) => transpose(reshape(x, [g.B, S, H, d]), perm)
  const q4 = g.rank === 3 ? heads(q!, g.Hq, g.Sq, g.dh, [0, 2, 1, 3]) : q!
  const kT = g.rank === 3 ? heads(k!, g.Hkv, g.Skv, g.dh, [0, 2, 3, 1]) : transpose(k!, [0, 1, 3, 2])
  const v4 = g.rank === 3 ? heads(v!, g.Hkv, g.Skv, g.dv, [0, 2, 1, 3]) : v!
  const group = g.Hq / g.Hkv
  // Grouped heads: the g query heads of one K/V head as one block of g·Sq rows (a view).
  const grouped = (x: string, cols: number) => (group > 1 ? reshape(x, [g.B, g.Hkv, group * g.Sq, cols]) : x)
  const ungrouped = (x: string, cols: number, last = false) => (group > 1 ? reshape(x, [g.B, g.Hq, g.Sq, cols], last) : x)
  let scores = ungrouped(emit('MatMul', [grouped(q4, g.dh), kT]), g.Skv)
  scores = emit('Mul', [scores, ctx.addInitializer(`${node.name}_scale`, scalar('float32', g.scale))])
  const causal = g.causal ? Array.from({ length: g.Sq * g.Skv }, (_, n) => n % g.Skv <= Math.floor(n / g.Skv)) : undefined
  const minusInf = () => ctx.addInitializer(`${node.name}_minus_inf`, scalar('float32', -Infinity))
  const maskConst = mask ? ctx.constant(mask) : undefined
  if (mask && maskInfo!.dtype === 'bool') {
    // keep = mask (and causal): one Where with −∞.
    let keep = mask
    if (causal) {
      const tri: Tensor = { dtype: 'bool', dims: [g.Sq, g.Skv], data: Float64Array.from(causal, Number) }
      keep = emit('And', [mask, ctx.addInitializer(`${node.name}_causal`, tri)])
    }
    scores = emit('Where', [keep, scores, minusInf()])
  } else {
    // Float bias: the causal −∞ folded into a constant mask, else added after a runtime mask.
    if (mask && !(causal && maskConst)) scores = emit('Add', [scores, mask])
    if (causal) {
      const bias = maskConst ? foldCausal(maskConst, causal, full) : { dtype: 'float32' as const, dims: [g.Sq, g.Skv], data: Float64Array.from(causal, (c) => (c ? 0 : -Infinity)) }
      scores = emit('Add', [scores, ctx.addInitializer(`${node.name}_causal`, bias)])
    }
  }
  const probs = grouped(emit('Softmax', [scores], { axis: int(3) }), g.Skv)
  const last = g.rank === 4
  const o = ungrouped(emit('MatMul', [probs, v4], {}, last && group === 1), g.dv, last)
  if (g.rank === 3) reshape(transpose(o, [0, 2, 1, 3]), [g.B, g.Sq, g.Hq * g.dv], true)
  return ctx.result(nodes)
}

/** A constant float mask plus the causal −∞, broadcast to the scores' shape. */
function foldCausal(mask: Tensor, causal: boolean[], full: number[]): Tensor {
  const index = broadcastIndex([...mask.dims], full)
  const data = Float64Array.from(index, (m, n) => (causal[n % causal.length] ? mask.data[m]! : -Infinity))
  return { dtype: 'float32', dims: full, data }
}

/** Inputs Q, K, V, attn_mask?, past_key?, past_value? (opset 23; nonpad_kv_seqlen from 24); outputs Y and three optional ones. */
const ATTENTION_ARITY: ArityForm[] = [
  { inputs: [3, 6], outputs: [1, 4], opset: 23 },
  { inputs: [3, 7], outputs: [1, 4], opset: 24 },
]

/** Attention. Canonical: rewritten into Reshape/Transpose/MatMul/Mul/Add/Where/And/Softmax (see the module doc). */
export const attention: ComputeOp = {
  opType: 'Attention',
  arity: ATTENTION_ARITY,
  kind: 'compute',
  canonicalize: canonicalizeAttention,
  inferShape: (node, [q, k, v]) => [{ dtype: q!.dtype, shape: outputShape(geometry(node, q!.shape, k!.shape, v!.shape)) }],
  floatKernel: attentionKernel,
  quantize: (_node, q) => q.unsupported('Attention is rewritten into its pieces before quantization'),
  // The integer ops of the pieces it is rewritten into.
  emits: ['Reshape', 'Transpose', 'MatMul', 'Affine', 'Where', 'Softmax', 'Requant'],
}
