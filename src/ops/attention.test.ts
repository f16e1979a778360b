/**
 * The opset-23 Attention op: its float kernel and its rewrite into exporter pieces agree with
 * onnxruntime-node on 3-D and 4-D inputs, grouped K/V heads, bool and float masks (constant or
 * runtime), is_causal, a given scale and cross-attention lengths; the quantized pieces prove
 * (circuit = integer executor, close to float); unsupported forms are refused by name.
 */
import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { attr, makeNode } from '../onnx/builders.js'
import { execFloat } from '../onnx/execFloat.js'
import type { Attribute, Graph, Tensor } from '../onnx/ir.js'
import { createTensor } from '../onnx/ir.js'
import { prepareGraph } from '../onnx/prepare.js'
import { writeOnnx } from '../onnx/write.js'
import { ShapeMismatchError, UnsupportedOpError } from '../errors/compile.js'
import { ZkmlError } from '../errors/base.js'
import { floatKernel } from './index.js'
import { expectCircuitMatches, maxAbsDiff, runOp, seeded } from '../../test/helpers/ops.js'

ort.env.logLevel = 'error'

type Case = {
  label: string
  q: number[]
  k: number[]
  v: number[]
  attributes?: Record<string, Attribute>
  /** A mask: its dims, dtype, and whether it is a runtime input (else an initializer). */
  mask?: { dims: number[]; dtype: 'bool' | 'float32'; runtime?: boolean }
}

const CASES: Case[] = [
  { label: '3-D, 2 heads, no mask', q: [1, 4, 8], k: [1, 4, 8], v: [1, 4, 8], attributes: { q_num_heads: attr.int(2), kv_num_heads: attr.int(2) } },
  { label: '3-D grouped heads (4 query, 2 K/V), causal', q: [1, 5, 8], k: [1, 5, 4], v: [1, 5, 6], attributes: { q_num_heads: attr.int(4), kv_num_heads: attr.int(2), is_causal: attr.int(1) } },
  { label: '4-D, constant bool mask [Sq, Skv]', q: [2, 2, 3, 4], k: [2, 2, 3, 4], v: [2, 2, 3, 4], mask: { dims: [3, 3], dtype: 'bool' } },
  { label: '4-D, constant float mask and causal, scale 0.3', q: [1, 2, 4, 4], k: [1, 2, 4, 4], v: [1, 2, 4, 2], attributes: { is_causal: attr.int(1), scale: attr.float(0.3) }, mask: { dims: [1, 2, 4, 4], dtype: 'float32' } },
  { label: '3-D, runtime bool mask, causal', q: [1, 4, 4], k: [1, 4, 2], v: [1, 4, 2], attributes: { q_num_heads: attr.int(2), kv_num_heads: attr.int(1), is_causal: attr.int(1) }, mask: { dims: [1, 1, 4, 4], dtype: 'bool', runtime: true } },
  { label: '4-D cross-attention (3 queries, 5 keys), causal', q: [1, 1, 3, 4], k: [1, 1, 5, 4], v: [1, 1, 5, 3], attributes: { is_causal: attr.int(1) } },
]

const size = (dims: number[]) => dims.reduce((a, b) => a * b, 1)

/** The case's graph (opset 23) and feeds. Masks keep position 0 of every row (no row fully hidden). */
function build(c: Case, seed: number): { graph: Graph; feeds: Record<string, Tensor> } {
  const feeds: Record<string, Tensor> = {
    q: createTensor({ dtype: 'float32', dims: c.q, data: seeded(size(c.q), seed).map(Math.fround) }),
    k: createTensor({ dtype: 'float32', dims: c.k, data: seeded(size(c.k), seed + 1).map(Math.fround) }),
    v: createTensor({ dtype: 'float32', dims: c.v, data: seeded(size(c.v), seed + 2).map(Math.fround) }),
  }
  const initializers = new Map<string, Tensor>()
  const inputs = ['q', 'k', 'v']
  if (c.mask) {
    const last = c.mask.dims[c.mask.dims.length - 1]!
    const values = seeded(size(c.mask.dims), seed + 3).map((r, i) => (c.mask!.dtype === 'bool' ? Number(r > -0.3 || i % last === 0) : i % last === 0 ? 0 : r > 0.4 ? -Infinity : Math.fround(r)))
    const t = createTensor({ dtype: c.mask.dtype, dims: c.mask.dims, data: values })
    if (c.mask.runtime) feeds['mask'] = t
    else initializers.set('mask', t)
    inputs.push('mask')
  }
  const graph: Graph = {
    opset: 23,
    inputs: Object.entries(feeds).map(([name, t]) => ({ name, dtype: t.dtype, shape: t.dims })),
    outputs: [{ name: 'y', dtype: 'float32' }],
    initializers,
    nodes: [makeNode({ opType: 'Attention', inputs, outputs: ['y'], attributes: c.attributes ?? {} })],
  }
  return { graph, feeds }
}

async function runOrt(model: Uint8Array, feeds: Record<string, Tensor>): Promise<Float64Array> {
  const session = await ort.InferenceSession.create(model, { logSeverityLevel: 4 })
  try {
    const ortFeeds = Object.fromEntries(
      Object.entries(feeds).map(([k, t]) => [k, t.dtype === 'bool' ? new ort.Tensor('bool', Uint8Array.from(t.data), t.dims) : new ort.Tensor('float32', Float32Array.from(t.data), t.dims)]),
    )
    const out = await session.run(ortFeeds)
    return Float64Array.from(out['y']!.data as Float32Array)
  } finally {
    await session.release()
  }
}

describe('Attention (opset 23)', () => {
  for (const c of CASES) {
    it(`${c.label}: kernel and rewrite agree with onnxruntime`, async () => {
      const { graph, feeds } = build(c, 11)
      const expected = await runOrt(writeOnnx({ graph }), feeds)
      const direct = floatKernel('Attention')(graph.nodes[0]!, ['q', 'k', 'v', 'mask'].map((n) => feeds[n] ?? graph.initializers.get(n)), 23)[0]!
      expect(maxAbsDiff(direct.data, expected)).toBeLessThan(1e-5)
      const prepared = prepareGraph({ graph })
      expect(prepared.nodes.map((n) => n.opType)).not.toContain('Attention')
      expect(maxAbsDiff(execFloat({ graph: prepared, inputs: feeds }).outputs['y']!.data, expected)).toBeLessThan(1e-5)
      // The rewrite is valid ONNX with the same meaning.
      expect(maxAbsDiff(await runOrt(writeOnnx({ graph: prepared }), feeds), expected)).toBeLessThan(1e-5)
    })
  }

  for (const c of [CASES[1]!, CASES[3]!, CASES[4]!]) {
    it(`${c.label}: the quantized pieces prove (circuit = executor, close to float)`, () => {
      const { graph, feeds } = build(c, 5)
      const constants = Object.fromEntries(graph.initializers)
      const r = runOp({ node: graph.nodes[0]!, inputs: feeds, constants, opset: 23, bits: { inputBits: 8, weightBits: 8, activationBits: 12 } })
      expect(maxAbsDiff(r.integer['y']!, r.float['y']!.data)).toBeLessThan(0.05)
      expect(expectCircuitMatches(r)).toBeGreaterThan(0)
    })
  }

  it('refuses a KV cache, softcap, extra outputs naming them; a mask that does not broadcast is a shape error', () => {
    const { graph } = build(CASES[0]!, 1)
    const node = graph.nodes[0]!
    const variant = (patch: Partial<typeof node>, extra: Partial<Graph> = {}) => () => prepareGraph({ graph: { ...graph, ...extra, nodes: [{ ...node, ...patch }] } })
    const pastKey = { ...graph, inputs: [...graph.inputs, { name: 'pk', dtype: 'float32' as const, shape: [1, 2, 2, 4] }] }
    expect(variant({ inputs: ['q', 'k', 'v', '', 'pk'] }, pastKey)).toThrow(/past_key.*KV cache/)
    expect(variant({ attributes: { ...node.attributes, softcap: attr.float(30) } })).toThrow(/softcap/)
    expect(variant({ outputs: ['y', 'present_k'] })).toThrow(/present_key/)
    expect(variant({}, { opset: 21 })).toThrow(/opset-23 operator/)
    const badMask = new Map([['m', createTensor({ dtype: 'bool', dims: [3, 4], data: new Array(12).fill(1) })]])
    expect(variant({ inputs: ['q', 'k', 'v', 'm'] }, { initializers: badMask })).toThrow(ShapeMismatchError)
    try {
      variant({ attributes: { ...node.attributes, softcap: attr.float(30) } })()
    } catch (e) {
      expect(e).toBeInstanceOf(UnsupportedOpError)
      expect((e as UnsupportedOpError).message).toContain('Attention')
    }
  })

  it('any shapes and attributes: a prepared graph or a typed error, never a crash', () => {
    const r = seeded(4000, 17, 0, 1)
    let k = 0
    const pick = (n: number) => Math.floor(r[k++ % r.length]! * n)
    let prepared = 0
    for (let t = 0; t < 150; t++) {
      const rank = 3 + pick(2)
      const attributes: Record<string, Attribute> = {}
      // Half the trials consistent shapes (then only the mask and is_causal vary), half anything.
      const [B, Hkv, g, Sq, Skv, dh, dv] = [1 + pick(2), 1 + pick(2), 1 + pick(2), 1 + pick(4), 1 + pick(4), 1 + pick(3), 1 + pick(3)]
      const consistent = pick(2) === 0
      const shapes = consistent
        ? rank === 3
          ? [[B, Sq, Hkv * g * dh], [B, Skv, Hkv * dh], [B, Skv, Hkv * dv]]
          : [[B, Hkv * g, Sq, dh], [B, Hkv, Skv, dh], [B, Hkv, Skv, dv]]
        : [0, 1, 2].map(() => Array.from({ length: rank }, () => pick(5) + (pick(4) ? 1 : 0)))
      if (consistent && rank === 3) Object.assign(attributes, { q_num_heads: attr.int(Hkv * g), kv_num_heads: attr.int(Hkv) })
      if (!consistent && pick(2)) attributes['q_num_heads'] = attr.int(pick(5) - 1)
      if (!consistent && pick(2)) attributes['kv_num_heads'] = attr.int(pick(5) - 1)
      if (pick(3) === 0) attributes['is_causal'] = attr.int(1)
      const inputs = ['q', 'k', 'v', ...(pick(3) === 0 ? ['m'] : [])]
      const dims = () => (consistent ? [B, Hkv * g, Sq, Skv] : Array.from({ length: 4 }, () => 1 + pick(4)))
      const maskDims = dims().slice(pick(3))
      const mask: Tensor = { dtype: pick(2) ? 'bool' : 'float32', dims: maskDims, data: new Float64Array(size(maskDims)) }
      const graph: Graph = {
        opset: 23,
        inputs: ['q', 'k', 'v'].map((name, i) => ({ name, dtype: 'float32' as const, shape: shapes[i]! })),
        outputs: [{ name: 'y', dtype: 'float32' }],
        initializers: new Map([['m', mask]]),
        nodes: [makeNode({ opType: 'Attention', inputs, outputs: ['y'], attributes })],
      }
      try {
        prepareGraph({ graph })
        prepared++
      } catch (e) {
        expect(e, String(e)).toBeInstanceOf(ZkmlError)
      }
    }
    expect(prepared).toBeGreaterThan(0)
  })
})
