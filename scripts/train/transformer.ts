/**
 * A one-layer transformer encoder classifier, trained one sample at a time with hand-written
 * backward passes (`layers/seqLinear.ts`, `layers/attention.ts`, `layers/layerNorm.ts`):
 *
 *   x [S × V] one-hot → e = x·E + P (token embedding, learned positions)
 *   h = LayerNorm(e + SelfAttention(e))                     (post-norm, as nn.TransformerEncoderLayer)
 *   z = LayerNorm(h + W₂·relu(W₁·h + b₁) + b₂)
 *   logits = mean_s(z)·W_c + b_c
 *
 * and its export in PyTorch's style (`transformerGraph`): MatMul/Add projections, Reshape/Transpose
 * heads, MatMul(Q, Kᵀ), Div by √d_h, Softmax, MatMul(·, V), LayerNormalization, ReduceMean, opset 17.
 */
import type { Graph, Node, Tensor } from '../../src/onnx/ir.js'
import { createSelfAttention } from './layers/attention.js'
import { createLayerNorm } from './layers/layerNorm.js'
import { createSeqLinear } from './layers/seqLinear.js'
import { createParam, type Param } from './layers/types.js'
import type { Rng } from './rng.js'

/** Sizes of the encoder. */
export type TransformerConfig = { seq: number; vocab: number; d: number; heads: number; ff: number; classes: number }

/** A trainable encoder (see the module doc). */
export type Transformer = {
  readonly config: TransformerConfig
  readonly params: readonly Param[]
  /** The logits of one sample x [S × V]. */
  forward(x: Float64Array): Float64Array
  /** Back-propagates ∂loss/∂logits of the last forward, adding every parameter's gradient. */
  backward(dLogits: Float64Array): void
  /** The ONNX graph of the current weights (see {@link transformerGraph}). */
  graph(name: string): Graph
}

/** Builds the encoder with seeded initial weights. */
export function createTransformer(config: TransformerConfig, rng: Rng): Transformer {
  const { seq: S, vocab: V, d, heads, ff, classes } = config
  const embed = createSeqLinear({ name: 'embed', inSize: V, outSize: d, bias: false, rng })
  const pos = createParam('pos', [S, d])
  for (let i = 0; i < pos.value.length; i++) pos.value[i] = (rng.next() * 2 - 1) * 0.5
  const attn = createSelfAttention({ name: 'attn', d, heads, rng })
  const norm1 = createLayerNorm({ name: 'norm1', size: d })
  const ff1 = createSeqLinear({ name: 'ff1', inSize: d, outSize: ff, rng })
  const ff2 = createSeqLinear({ name: 'ff2', inSize: ff, outSize: d, rng })
  const norm2 = createLayerNorm({ name: 'norm2', size: d })
  const head = createSeqLinear({ name: 'head', inSize: d, outSize: classes, rng })
  const params = [embed.weight, pos, ...attn.params, ...norm1.params, ...ff1.params, ...ff2.params, ...norm2.params, ...head.params]
  let hidden: Float64Array = new Float64Array(0) // ff1 output (pre-ReLU)
  return {
    config,
    params,
    forward(x) {
      const e = embed.forward(x, S)
      for (let i = 0; i < e.length; i++) e[i] = e[i]! + pos.value[i]!
      const a = attn.forward(e, S)
      for (let i = 0; i < a.length; i++) a[i] = a[i]! + e[i]!
      const h = norm1.forward(a)
      hidden = ff1.forward(h, S)
      const f = ff2.forward(hidden.map((v) => (v > 0 ? v : 0)), S)
      for (let i = 0; i < f.length; i++) f[i] = f[i]! + h[i]!
      const z = norm2.forward(f)
      const pooled = new Float64Array(d)
      for (let s = 0; s < S; s++) for (let c = 0; c < d; c++) pooled[c] = pooled[c]! + z[s * d + c]! / S
      return head.forward(pooled, 1)
    },
    backward(dLogits) {
      const dPooled = head.backward(dLogits)
      const dz = new Float64Array(S * d)
      for (let s = 0; s < S; s++) for (let c = 0; c < d; c++) dz[s * d + c] = dPooled[c]! / S
      const df = norm2.backward(dz)
      const dr = ff2.backward(df)
      for (let i = 0; i < dr.length; i++) if (!(hidden[i]! > 0)) dr[i] = 0
      const dh = ff1.backward(dr)
      for (let i = 0; i < dh.length; i++) dh[i] = dh[i]! + df[i]!
      const da = norm1.backward(dh)
      const de = attn.backward(da)
      for (let i = 0; i < de.length; i++) {
        de[i] = de[i]! + da[i]!
        pos.grad[i] = pos.grad[i]! + de[i]!
      }
      embed.backward(de)
    },
    graph: (name) => transformerGraph({ config, params, name, eps: norm1.eps }),
  }
}

/**
 * The encoder as PyTorch would export it (opset 17): input `input` [1, S, V] (one-hot tokens), output
 * `logits` [1, classes]; parameters as float32 initializers under their names.
 */
export function transformerGraph({ config, params, name, eps }: { config: TransformerConfig; params: readonly Param[]; name: string; eps: number }): Graph {
  const { seq: S, d, heads } = config
  const dh = d / heads
  const initializers = new Map<string, Tensor>(params.map((p) => [p.name, { dtype: 'float32', dims: [...p.dims], data: Float64Array.from(p.value) }]))
  const i64 = (data: number[]): Tensor => ({ dtype: 'int64', dims: [data.length], data: Float64Array.from(data) })
  initializers.set('heads_shape', i64([1, S, heads, dh]))
  initializers.set('model_shape', i64([1, S, d]))
  initializers.set('sqrt_head_dim', { dtype: 'float32', dims: [], data: Float64Array.of(Math.sqrt(dh)) })
  const nodes: Node[] = []
  const op = (opType: string, inputs: string[], output: string, attributes: Node['attributes'] = {}) => {
    nodes.push({ opType, name: `/${output}`, inputs, outputs: [output], attributes })
    return output
  }
  const perm = (value: number[]) => ({ perm: { type: 'ints' as const, value } })
  const linear = (x: string, layer: string, bias = true) => {
    const y = op('MatMul', [x, `${layer}.weight`], `${layer}/MatMul`)
    return bias ? op('Add', [y, `${layer}.bias`], `${layer}/Add`) : y
  }
  const norm = (x: string, layer: string, output = `${layer}/LayerNormalization`) =>
    op('LayerNormalization', [x, `${layer}.weight`, `${layer}.bias`], output, { axis: { type: 'int', value: -1 }, epsilon: { type: 'float', value: eps } })
  const e = op('Add', [linear('input', 'embed', false), 'pos'], 'embed/Add_pos')
  const split = (layer: string, p: number[]) => op('Transpose', [op('Reshape', [linear(e, layer), 'heads_shape'], `${layer}/Reshape`)], `${layer}/Transpose`, perm(p))
  const q = split('attn.q_proj', [0, 2, 1, 3])
  const kT = split('attn.k_proj', [0, 2, 3, 1])
  const v = split('attn.v_proj', [0, 2, 1, 3])
  const scores = op('Div', [op('MatMul', [q, kT], 'attn/MatMul'), 'sqrt_head_dim'], 'attn/Div')
  const probs = op('Softmax', [scores], 'attn/Softmax', { axis: { type: 'int', value: -1 } })
  const ctx = op('MatMul', [probs, v], 'attn/MatMul_1')
  const merged = op('Reshape', [op('Transpose', [ctx], 'attn/Transpose', perm([0, 2, 1, 3])), 'model_shape'], 'attn/Reshape')
  const h = norm(op('Add', [e, linear(merged, 'attn.out_proj')], 'attn/Add_residual'), 'norm1')
  const f = linear(op('Relu', [linear(h, 'ff1')], 'ff1/Relu'), 'ff2')
  const z = norm(op('Add', [h, f], 'ff/Add_residual'), 'norm2')
  const pooled = op('ReduceMean', [z], 'pool/ReduceMean', { axes: { type: 'ints', value: [1] }, keepdims: { type: 'int', value: 0 } })
  nodes.push({ opType: 'Add', name: '/head/Add', inputs: [op('MatMul', [pooled, 'head.weight'], 'head/MatMul'), 'head.bias'], outputs: ['logits'], attributes: {} })
  return {
    opset: 17,
    name,
    inputs: [{ name: 'input', dtype: 'float32', shape: [1, S, config.vocab] }],
    outputs: [{ name: 'logits', dtype: 'float32', shape: [1, config.classes] }],
    initializers,
    nodes,
  }
}
