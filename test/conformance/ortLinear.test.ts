/**
 * Cross-checks the float executor of the linear-family ops against onnxruntime-node on randomized
 * configurations: ConvTranspose (1-D to 3-D; strides, pads or auto_pad or output_shape,
 * output_padding, dilations, group), 3-D Conv / MaxPool / AveragePool / LpPool windows, Einsum
 * contractions, ReduceSum / ReduceMean / ReduceSumSquare (both axes forms) and CumSum. The
 * original model runs in ORT; the prepared (canonical) graph runs in `execFloat`, and must also
 * run in ORT with the same result (the canonical form is valid ONNX with the same meaning).
 */
import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { attr, makeNode } from '../../src/onnx/builders.js'
import { execFloat } from '../../src/onnx/execFloat.js'
import type { Attribute, Graph, Tensor } from '../../src/onnx/ir.js'
import { createTensor } from '../../src/onnx/ir.js'
import { prepareGraph } from '../../src/onnx/prepare.js'
import { writeOnnx } from '../../src/onnx/write.js'
import { ShapeMismatchError, UnsupportedOpError } from '../../src/errors/compile.js'
import { maxRelativeError } from './cases.js'

ort.env.logLevel = 'error'

/** Deterministic pseudo-random floats in [-2, 2) (float32-exact). */
function random(n: number, seed: number): number[] {
  let s = seed >>> 0 || 1
  return Array.from({ length: n }, () => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return Math.fround(((s >>> 0) / 2 ** 32) * 4 - 2)
  })
}

const f32 = (dims: number[], seed: number) => createTensor({ dtype: 'float32', dims, data: random(dims.reduce((a, b) => a * b, 1), seed) })
const i64 = (data: number[], dims = [data.length]) => createTensor({ dtype: 'int64', dims, data })

async function runOrt(model: Uint8Array, feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
  const session = await ort.InferenceSession.create(model, { logSeverityLevel: 4 })
  try {
    const out = await session.run(Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, new ort.Tensor('float32', Float32Array.from(t.data), t.dims)])))
    return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, { dtype: 'float32' as const, dims: [...t.dims], data: Float64Array.from(t.data as Float32Array) }]))
  } finally {
    await session.release()
  }
}

/** A seeded integer generator in [a, b]. */
function ints(seed: number) {
  const r = random(10_000, seed)
  let i = 0
  return (a: number, b: number) => a + Math.floor(((r[i++ % r.length]! + 2) / 4) * (b - a + 1))
}

type Outcome = 'agreed' | 'ort-refused' | 'we-refused'

/**
 * Runs a one-node graph in ORT and in our float executor. Returns what happened: ORT refusing a
 * configuration is skipped; our refusal must be one of the documented ones (`allowed`).
 */
async function compare(graph: Graph, feeds: Record<string, Tensor>, allowed: RegExp): Promise<Outcome> {
  let expected: Record<string, Tensor>
  try {
    expected = await runOrt(writeOnnx({ graph }), feeds)
  } catch {
    return 'ort-refused'
  }
  let prepared
  try {
    prepared = prepareGraph({ graph })
  } catch (e) {
    const known = (e instanceof UnsupportedOpError || e instanceof ShapeMismatchError) && allowed.test(e.message)
    expect(known, (e as Error).message).toBe(true)
    return 'we-refused'
  }
  const ours = execFloat({ graph: prepared, inputs: feeds }).outputs
  const canonical = await runOrt(writeOnnx({ graph: prepared }), feeds)
  const context = JSON.stringify(graph.nodes.map((n) => [n.opType, n.attributes]))
  for (const [k, e] of Object.entries(expected)) {
    expect(maxRelativeError(ours[k]!, e), `${k}: ${context}`).toBeLessThan(1e-5)
    expect(maxRelativeError(canonical[k]!, e), `canonical ${k}: ${context}`).toBeLessThan(1e-5)
  }
  return 'agreed'
}

const oneNode = (opset: number, dims: number[], opType: string, inputs: string[], attributes: Record<string, Attribute>, initializers = new Map<string, Tensor>()): Graph => ({
  opset,
  inputs: [{ name: 'x', dtype: 'float32', shape: dims }],
  outputs: [{ name: 'y', dtype: 'float32' }],
  initializers,
  nodes: [makeNode({ opType, inputs, outputs: ['y'], attributes })],
})

describe('execFloat vs onnxruntime-node: linear family, randomized', () => {
  it('ConvTranspose (1-D to 3-D, strides, pads / auto_pad / output_shape, output_padding, dilations, group)', async () => {
    const ri = ints(7)
    let agreed = 0
    for (let t = 0; t < 80; t++) {
      const n = ri(1, 3)
      const group = ri(1, 2)
      const C = group * ri(1, 2)
      const Mg = ri(1, 2)
      const spatial = Array.from({ length: n }, () => ri(2, n === 3 ? 3 : 5))
      const k = spatial.map(() => ri(1, 3))
      const strides = k.map(() => ri(1, 3))
      const dilations = k.map(() => ri(1, 2))
      const attributes: Record<string, Attribute> = { strides: attr.ints(strides), dilations: attr.ints(dilations), group: attr.int(group) }
      const form = ri(0, 3)
      if (form === 0) attributes['pads'] = attr.ints([...k, ...k].map((kk) => ri(0, kk - 1)))
      if (form <= 1) attributes['output_padding'] = attr.ints(strides.map((s) => ri(0, s - 1)))
      if (form === 2) attributes['auto_pad'] = attr.string(ri(0, 1) ? 'SAME_UPPER' : 'SAME_LOWER')
      if (form === 3) attributes['output_shape'] = attr.ints(spatial.map((d, i) => (d - 1) * strides[i]! + (k[i]! - 1) * dilations[i]! + 1 - ri(0, 1)))
      const w = f32([C, Mg, ...k], t + 1)
      const b = f32([Mg * group], t + 2)
      const dims = [1, C, ...spatial]
      const graph = oneNode(13, dims, 'ConvTranspose', ['x', 'w', 'b'], attributes, new Map([['w', w], ['b', b]]))
      if ((await compare(graph, { x: f32(dims, 5 * t + 3) }, /output_shape larger|needs negative padding/)) === 'agreed') agreed++
    }
    expect(agreed).toBeGreaterThanOrEqual(40)
  })

  it('3-D Conv, MaxPool, AveragePool and LpPool windows', async () => {
    const ri = ints(11)
    let agreed = 0
    for (let t = 0; t < 60; t++) {
      const op = (['Conv', 'MaxPool', 'AveragePool', 'LpPool'] as const)[ri(0, 3)]!
      const C = ri(1, 3)
      const dims = [1, C, ri(2, 5), ri(2, 5), ri(2, 5)]
      const k = [ri(1, 2), ri(1, 3), ri(1, 3)]
      const attributes: Record<string, Attribute> = { strides: attr.ints(k.map(() => ri(1, 2))), pads: attr.ints([...k, ...k].map((kk) => ri(0, kk - 1))) }
      if (op !== 'AveragePool') attributes['dilations'] = attr.ints(k.map(() => ri(1, 2)))
      const initializers = new Map<string, Tensor>()
      const inputs = ['x']
      if (op === 'Conv') {
        initializers.set('w', f32([ri(1, 3), C, ...k], t + 1))
        inputs.push('w')
      } else attributes['kernel_shape'] = attr.ints(k)
      if (op === 'AveragePool') attributes['count_include_pad'] = attr.int(ri(0, 1))
      if (op === 'LpPool') attributes['p'] = attr.int(ri(1, 2))
      if (op === 'MaxPool' || op === 'AveragePool') attributes['ceil_mode'] = attr.int(ri(0, 1))
      const graph = oneNode(18, dims, op, inputs, attributes, initializers)
      if ((await compare(graph, { x: f32(dims, 3 * t + 1) }, /larger than the padded input/)) === 'agreed') agreed++
    }
    expect(agreed).toBeGreaterThanOrEqual(40)
  })

  it('ReduceSum / ReduceMean / ReduceSumSquare (axes attribute at opset 13, input at 18), CumSum', async () => {
    const ri = ints(13)
    let agreed = 0
    for (let t = 0; t < 60; t++) {
      const op = (['ReduceSum', 'ReduceMean', 'ReduceSumSquare', 'CumSum'] as const)[ri(0, 3)]!
      const rank = ri(1, 4)
      const dims = Array.from({ length: rank }, () => ri(1, 4))
      const opset = ri(0, 1) ? 18 : 13
      const initializers = new Map<string, Tensor>()
      const inputs = ['x']
      const attributes: Record<string, Attribute> = {}
      if (op === 'CumSum') {
        initializers.set('axis', i64([ri(-rank, rank - 1)], []))
        inputs.push('axis')
        attributes['exclusive'] = attr.int(ri(0, 1))
        attributes['reverse'] = attr.int(ri(0, 1))
      } else {
        const axes = [...new Set(Array.from({ length: ri(0, rank) }, () => ri(-rank, rank - 1)).map((a) => (a + rank) % rank))].map((a) => (ri(0, 1) ? a - rank : a))
        attributes['keepdims'] = attr.int(ri(0, 1))
        const axesAsInput = op === 'ReduceSum' || opset >= 18
        if (axesAsInput) {
          initializers.set('axes', i64(axes))
          inputs.push('axes')
          if (axes.length === 0 && ri(0, 1)) attributes['noop_with_empty_axes'] = attr.int(1)
        } else if (axes.length) attributes['axes'] = attr.ints(axes)
      }
      const graph = oneNode(opset, dims, op, inputs, attributes, initializers)
      if ((await compare(graph, { x: f32(dims, t + 40) }, /$^/)) === 'agreed') agreed++
    }
    expect(agreed).toBeGreaterThanOrEqual(50)
  })

  it('Einsum contractions (rewritten into MatMul and friends) and a diagonal (kept as Einsum)', async () => {
    const cases: [string, number[][]][] = [
      ['ij,jk->ik', [[3, 4], [4, 2]]],
      ['bij,bjk->bik', [[2, 3, 4], [2, 4, 5]]],
      ['bhqd,bhkd->bhqk', [[1, 2, 3, 4], [1, 2, 5, 4]]],
      ['i,i->', [[5], [5]]],
      ['i,j->ij', [[3], [4]]],
      ['ij->ji', [[3, 4]]],
      ['ijk->ki', [[2, 3, 4]]],
      ['ij,jk,kl->li', [[2, 3], [3, 4], [4, 2]]],
      ['...ij,...jk->...ik', [[2, 3, 4], [2, 4, 2]]],
      ['ij,kj', [[2, 3], [4, 3]]],
      ['ii->i', [[3, 3]]],
    ]
    for (const [equation, shapes] of cases) {
      const names = shapes.map((_, i) => `x${i}`)
      const graph: Graph = {
        opset: 13,
        inputs: shapes.map((s, i) => ({ name: names[i]!, dtype: 'float32' as const, shape: s })),
        outputs: [{ name: 'y', dtype: 'float32' }],
        initializers: new Map(),
        nodes: [makeNode({ opType: 'Einsum', inputs: names, outputs: ['y'], attributes: { equation: attr.string(equation) } })],
      }
      const feeds = Object.fromEntries(shapes.map((s, i) => [names[i]!, f32(s, i + 3)]))
      expect(await compare(graph, feeds, /$^/), equation).toBe('agreed')
    }
  })
})
