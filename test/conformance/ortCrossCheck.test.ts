/**
 * Cross-checks the float executor against onnxruntime-node:
 * 1. original conformance models on fresh pseudo-random inputs (not only the stored data set);
 * 2. every runnable conformance case's *prepared* graph, written back with `writeOnnx`, run by
 *    ORT against the expected outputs: the canonical form is valid ONNX with the same meaning
 *    (this also runs the opset-6 PyTorch models that ORT refuses in their original form); where
 *    ORT departs from the ONNX reference on the original model too, the prepared graph must give
 *    ORT's own result;
 * 3. a PyTorch-style CNN built in code (Conv/BN/Relu/MaxPool/Shape-Gather-Concat-Reshape/Gemm/Softmax);
 * 4. randomized Conv / MaxPool / AveragePool configurations (pads, auto_pad, strides,
 *    dilations, groups, ceil_mode, count_include_pad, 1-D and 2-D).
 */
import * as ort from 'onnxruntime-node'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { attr, makeNode } from '../../src/onnx/builders.js'
import { execFloat } from '../../src/onnx/execFloat.js'
import type { Attribute, Graph, Tensor } from '../../src/onnx/ir.js'
import { createTensor } from '../../src/onnx/ir.js'
import { parseOnnx } from '../../src/onnx/parse.js'
import { prepareGraph } from '../../src/onnx/prepare.js'
import { writeOnnx } from '../../src/onnx/write.js'
import { ShapeMismatchError, UnsupportedOpError } from '../../src/errors/compile.js'
import { listCases, loadCase, maxRelativeError } from './cases.js'

ort.env.logLevel = 'error'
const sessionOptions: ort.InferenceSession.SessionOptions = { logSeverityLevel: 4 }

/** Deterministic pseudo-random floats in [-2, 2). */
function random(n: number, seed: number): Float64Array {
  let s = seed >>> 0 || 1
  return Float64Array.from({ length: n }, () => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return ((s >>> 0) / 2 ** 32) * 4 - 2
  })
}

function toOrt(t: Tensor): ort.Tensor {
  switch (t.dtype) {
    case 'float64':
      return new ort.Tensor('float64', Float64Array.from(t.data), t.dims)
    case 'bool':
      return new ort.Tensor('bool', Uint8Array.from(t.data), t.dims)
    case 'int32':
      return new ort.Tensor('int32', Int32Array.from(t.data), t.dims)
    case 'int64':
      return new ort.Tensor('int64', BigInt64Array.from(t.data, (v) => BigInt(v)), t.dims)
    case 'uint16':
      return new ort.Tensor('uint16', Uint16Array.from(t.data), t.dims)
    case 'uint32':
      return new ort.Tensor('uint32', Uint32Array.from(t.data), t.dims)
    case 'uint64':
      return new ort.Tensor('uint64', BigUint64Array.from(t.data, (v) => BigInt(v)), t.dims)
    default:
      return new ort.Tensor('float32', Float32Array.from(t.data), t.dims)
  }
}

function fromOrt(t: ort.Tensor): Tensor {
  const data = Float64Array.from(t.data as ArrayLike<number | bigint>, Number)
  return { dtype: 'float32', dims: [...t.dims], data }
}

async function runOrt(model: Uint8Array, feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
  const session = await ort.InferenceSession.create(model, sessionOptions)
  try {
    const out = await session.run(Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, toOrt(t)])))
    return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, fromOrt(t)]))
  } finally {
    await session.release()
  }
}

const byName = new Map(listCases().map((c) => [c.name, c]))

describe.skipIf(byName.size === 0)('execFloat vs onnxruntime-node', () => {
  const models = [
    'test_conv_with_strides_and_asymmetric_padding',
    'test_conv_with_autopad_same',
    'test_gemm_all_attributes',
    'test_matmul_4d',
    'test_maxpool_2d_ceil',
    'test_maxpool_2d_dilations',
    'test_averagepool_2d_pads_count_include_pad',
    'test_averagepool_2d_ceil_last_window_starts_on_pad',
    'test_softmax_axis_1',
    'test_Conv2d_depthwise_with_multiplier',
    'test_Conv2d_groups',
    'test_MaxPool1d_stride',
  ]
  it.each(models)('%s on random inputs', async (name) => {
    const c = byName.get(name)!
    const loaded = loadCase(c)
    if (loaded.status !== 'run') throw new Error(`${name} skipped: ${loaded.reason}`)
    const feeds = Object.fromEntries(
      Object.entries(loaded.feeds).map(([k, t], i) => [k, createTensor({ dtype: t.dtype, dims: t.dims, data: random(t.data.length, 17 + i) })]),
    )
    const expected = await runOrt(readFileSync(c.modelPath), feeds)
    const { outputs } = execFloat({ graph: loaded.prepared, inputs: feeds })
    for (const [k, e] of Object.entries(expected)) expect(maxRelativeError(outputs[k]!, e), k).toBeLessThan(1e-5)
  })

  it('runs every prepared conformance graph in ORT with the expected results', async () => {
    let checked = 0
    const failures: string[] = []
    for (const c of byName.values()) {
      const loaded = loadCase(c)
      if (loaded.status !== 'run') continue
      let out: Record<string, Tensor>
      try {
        out = await runOrt(writeOnnx({ graph: loaded.prepared }), loaded.feeds)
      } catch (e) {
        // onnxruntime lacks some kernels the ONNX standard defines (e.g. Max on uint16).
        if (/Could not find an implementation/.test((e as Error).message)) continue
        throw e
      }
      for (const [k, e] of Object.entries(loaded.expected)) {
        const err = maxRelativeError(out[k]!, e)
        if (err <= 1e-4) continue
        // Where onnxruntime itself departs from the ONNX reference (e.g. Resize align_corners
        // when downsampling by a non-integer scale), the prepared graph must still mean to ORT
        // what the original model means to it.
        const all = Object.fromEntries(loaded.graph.inputs.map((v, i) => [v.name, loaded.data.inputs[i]!]))
        const original = await runOrt(readFileSync(c.modelPath), all).catch(() => undefined)
        const same = original?.[k] !== undefined && maxRelativeError(original[k]!, e) > 1e-4 && maxRelativeError(out[k]!, original[k]!) <= 1e-5
        if (!same) failures.push(`${c.name}/${k}: ${err}`)
      }
      checked++
    }
    expect(failures).toEqual([])
    expect(checked).toBeGreaterThanOrEqual(150)
  })

  it('agrees on a PyTorch-style CNN (original model in ORT, prepared graph in execFloat)', async () => {
    const w = (dims: number[], seed: number, scale = 0.3) =>
      createTensor({ dtype: 'float32', dims, data: Array.from(random(dims.reduce((a, b) => a * b, 1), seed), (v) => Math.fround(v * scale)) })
    const i64 = (data: number[], dims = [data.length]) => createTensor({ dtype: 'int64', dims, data })
    const graph: Graph = {
      opset: 13,
      inputs: [{ name: 'image', dtype: 'float32', shape: ['batch', 1, 12, 12] }],
      outputs: [{ name: 'probs', dtype: 'float32', shape: ['batch', 10] }],
      initializers: new Map<string, Tensor>([
        ['c1.w', w([6, 1, 3, 3], 1)],
        ['c1.b', w([6], 2)],
        ['bn.s', w([6], 3)],
        ['bn.b', w([6], 4)],
        ['bn.m', w([6], 5)],
        ['bn.v', createTensor({ dtype: 'float32', dims: [6], data: [0.5, 1, 1.5, 2, 0.25, 0.75] })],
        ['dw.w', w([6, 1, 3, 3], 6)],
        ['fc.w', w([10, 6 * 3 * 3], 7, 0.1)],
        ['fc.b', w([10], 8)],
      ]),
      nodes: [
        makeNode({ opType: 'Conv', inputs: ['image', 'c1.w', 'c1.b'], outputs: ['c1'], attributes: { auto_pad: attr.string('SAME_UPPER') } }),
        makeNode({ opType: 'BatchNormalization', inputs: ['c1', 'bn.s', 'bn.b', 'bn.m', 'bn.v'], outputs: ['bn'] }),
        makeNode({ opType: 'Relu', inputs: ['bn'], outputs: ['r1'] }),
        makeNode({ opType: 'MaxPool', inputs: ['r1'], outputs: ['p1'], attributes: { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]) } }),
        makeNode({ opType: 'Conv', inputs: ['p1', 'dw.w'], outputs: ['dw'], attributes: { group: attr.int(6), pads: attr.ints([1, 1, 1, 1]), strides: attr.ints([2, 2]) } }),
        makeNode({ opType: 'LeakyRelu', inputs: ['dw'], outputs: ['r2'], attributes: { alpha: attr.float(0.1) } }),
        makeNode({ opType: 'AveragePool', inputs: ['r2'], outputs: ['p2'], attributes: { kernel_shape: attr.ints([2, 2]), strides: attr.ints([1, 1]), pads: attr.ints([0, 0, 1, 1]) } }),
        makeNode({ opType: 'Shape', inputs: ['p2'], outputs: ['shape'] }),
        makeNode({ opType: 'Constant', inputs: [], outputs: ['zero'], attributes: { value: attr.tensor(i64([0], [])) } }),
        makeNode({ opType: 'Gather', inputs: ['shape', 'zero'], outputs: ['n'] }),
        makeNode({ opType: 'Constant', inputs: [], outputs: ['axes'], attributes: { value: attr.tensor(i64([0])) } }),
        makeNode({ opType: 'Unsqueeze', inputs: ['n', 'axes'], outputs: ['n1'] }),
        makeNode({ opType: 'Constant', inputs: [], outputs: ['minus1'], attributes: { value: attr.tensor(i64([-1])) } }),
        makeNode({ opType: 'Concat', inputs: ['n1', 'minus1'], outputs: ['flatShape'], attributes: { axis: attr.int(0) } }),
        makeNode({ opType: 'Reshape', inputs: ['p2', 'flatShape'], outputs: ['flat'] }),
        makeNode({ opType: 'Gemm', inputs: ['flat', 'fc.w', 'fc.b'], outputs: ['logits'], attributes: { transB: attr.int(1) } }),
        makeNode({ opType: 'Softmax', inputs: ['logits'], outputs: ['probs'], attributes: { axis: attr.int(1) } }),
      ],
    }
    const model = writeOnnx({ graph })
    const prepared = prepareGraph({ graph: parseOnnx({ bytes: model }) })
    expect(prepared.nodes.map((n) => n.opType)).toEqual(['Conv', 'BatchNormalization', 'Relu', 'MaxPool', 'Conv', 'LeakyRelu', 'AveragePool', 'Reshape', 'Gemm', 'Softmax'])
    for (let sample = 0; sample < 5; sample++) {
      const image = createTensor({ dtype: 'float32', dims: [1, 1, 12, 12], data: random(144, 100 + sample) })
      const expected = await runOrt(model, { image })
      const { outputs, values } = execFloat({ graph: prepared, inputs: { image }, intermediates: true })
      expect(maxRelativeError(outputs['probs']!, expected['probs']!)).toBeLessThan(1e-5)
      expect(values!.get('flat')!.dims).toEqual([1, 54])
    }
  })

  it('agrees on randomized Conv / MaxPool / AveragePool configurations', async () => {
    const rnd = (() => {
      const r = random(4000, 2024)
      let i = 0
      return () => (r[i++ % r.length]! + 2) / 4
    })()
    const ri = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1))
    let agreed = 0
    for (let t = 0; t < 120; t++) {
      const op = (['Conv', 'MaxPool', 'AveragePool'] as const)[ri(0, 2)]!
      const oneD = rnd() < 0.25
      const [C, H, W] = [ri(1, 4), oneD ? 1 : ri(3, 9), ri(3, 9)]
      const k = oneD ? [ri(1, 4)] : [ri(1, 4), ri(1, 4)]
      const attributes: Record<string, Attribute> = { strides: attr.ints(k.map(() => ri(1, 3))), dilations: attr.ints(k.map(() => ri(1, 2))) }
      const autoPad = ['NOTSET', 'NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'][ri(0, 4)]!
      if (autoPad === 'NOTSET') attributes['pads'] = attr.ints([...k, ...k].map((kk) => ri(0, kk - 1)))
      else attributes['auto_pad'] = attr.string(autoPad)
      const initializers = new Map<string, Tensor>()
      const inputs = ['x']
      if (op === 'Conv') {
        const group = rnd() < 0.4 ? C : 1
        const M = group === C ? C * ri(1, 2) : ri(1, 3)
        attributes['group'] = attr.int(group)
        const wDims = [M, C / group, ...k]
        initializers.set('w', createTensor({ dtype: 'float32', dims: wDims, data: Array.from(random(wDims.reduce((a, b) => a * b, 1), t + 1), Math.fround) }))
        initializers.set('b', createTensor({ dtype: 'float32', dims: [M], data: Array.from(random(M, t + 2), Math.fround) }))
        inputs.push('w', 'b')
      } else {
        attributes['kernel_shape'] = attr.ints(k)
        if (autoPad === 'NOTSET' && rnd() < 0.5) attributes['ceil_mode'] = attr.int(1)
        if (op === 'AveragePool') attributes['count_include_pad'] = attr.int(ri(0, 1))
      }
      const dims = oneD ? [1, C, W] : [1, C, H, W]
      const graph: Graph = {
        opset: 19,
        inputs: [{ name: 'x', dtype: 'float32', shape: dims }],
        outputs: [{ name: 'y', dtype: 'float32' }],
        initializers,
        nodes: [makeNode({ opType: op, inputs, outputs: ['y'], attributes })],
      }
      const x = createTensor({ dtype: 'float32', dims, data: Array.from(random(dims.reduce((a, b) => a * b, 1), 7 * t + 3), Math.fround) })
      let expected: Record<string, Tensor>
      try {
        expected = await runOrt(writeOnnx({ graph }), { x })
      } catch {
        continue // configurations onnxruntime rejects (e.g. dilated SAME convolution)
      }
      let prepared
      try {
        prepared = prepareGraph({ graph })
      } catch (e) {
        // We refuse only the documented ambiguous forms and empty outputs.
        const known = (e instanceof UnsupportedOpError && /ambiguous|negative padding/.test(e.message)) || (e instanceof ShapeMismatchError && /larger than the padded input/.test(e.message))
        expect(known, (e as Error).message).toBe(true)
        continue
      }
      expect(maxRelativeError(execFloat({ graph: prepared, inputs: { x } }).outputs['y']!, expected['y']!), JSON.stringify({ op, dims, attributes })).toBeLessThan(1e-5)
      agreed++
    }
    expect(agreed).toBeGreaterThanOrEqual(60)
  })

  it('agrees on the data-movement ops in forms the conformance data lacks (Upsample, opset-10 Resize, Trilu, ScatterElements, …)', async () => {
    const i64 = (data: number[], dims = [data.length]) => createTensor({ dtype: 'int64', dims, data })
    const f = (data: number[], dims = [data.length]) => createTensor({ dtype: 'float32', dims, data })
    const s = (v: string) => attr.string(v)
    const cases: { name: string; opset: number; op: string; inputs: Record<string, Tensor>; attributes?: Record<string, Attribute>; dims: number[] }[] = [
      { name: 'Upsample-9 nearest', opset: 9, op: 'Upsample', inputs: { scales: f([1, 1, 2, 3]) }, dims: [1, 2, 3, 3] },
      { name: 'Upsample-9 linear', opset: 9, op: 'Upsample', inputs: { scales: f([1, 1, 2, 2]) }, attributes: { mode: s('linear') }, dims: [1, 2, 3, 3] },
      { name: 'Upsample-7 nearest (attribute)', opset: 7, op: 'Upsample', inputs: {}, attributes: { scales: attr.floats([1, 1, 3, 2]) }, dims: [1, 1, 2, 3] },
      { name: 'Resize-10 nearest down', opset: 10, op: 'Resize', inputs: { scales: f([1, 1, 0.6, 0.8]) }, dims: [1, 1, 5, 5] },
      { name: 'Resize-10 linear up', opset: 10, op: 'Resize', inputs: { scales: f([1, 1, 2, 2]) }, attributes: { mode: s('linear') }, dims: [1, 1, 3, 3] },
      { name: 'Resize-13 cubic', opset: 13, op: 'Resize', inputs: { roi: f([]), scales: f([1, 1, 1.5, 0.75]) }, attributes: { mode: s('cubic') }, dims: [1, 1, 4, 4] },
      { name: 'Resize-13 linear pytorch_half_pixel', opset: 13, op: 'Resize', inputs: { roi: f([]), scales: f([1, 1, 2, 2]) }, attributes: { mode: s('linear'), coordinate_transformation_mode: s('pytorch_half_pixel') }, dims: [1, 2, 3, 3] },
      { name: 'Resize-13 nearest round_prefer_ceil asymmetric', opset: 13, op: 'Resize', inputs: { roi: f([]), scales: f([1, 1, 1.7, 2.5]) }, attributes: { coordinate_transformation_mode: s('asymmetric'), nearest_mode: s('round_prefer_ceil') }, dims: [1, 1, 3, 2] },
      { name: 'Pad reflect', opset: 13, op: 'Pad', inputs: { pads: i64([0, 0, 2, 1, 0, 0, 1, 2]) }, attributes: { mode: s('reflect') }, dims: [1, 1, 3, 4] },
      { name: 'Pad edge', opset: 13, op: 'Pad', inputs: { pads: i64([0, 1, 1, 0, 2, 0]) }, attributes: { mode: s('edge') }, dims: [2, 3, 2] },
      { name: 'Pad constant value (opset 2 attributes)', opset: 9, op: 'Pad', inputs: {}, attributes: { pads: attr.ints([1, 0, 0, 2]), value: attr.float(1.5) }, dims: [2, 3] },
      { name: 'Slice negative steps', opset: 13, op: 'Slice', inputs: { starts: i64([-1, 4]), ends: i64([-100, 0]), axes: i64([0, 1]), steps: i64([-2, -3]) }, dims: [5, 6] },
      { name: 'Tile', opset: 13, op: 'Tile', inputs: { repeats: i64([2, 1, 3]) }, dims: [2, 3, 1] },
      { name: 'Expand', opset: 13, op: 'Expand', inputs: { shape: i64([2, 1, 3]) }, dims: [4, 1] },
      { name: 'Trilu lower k=-1', opset: 14, op: 'Trilu', inputs: { k: i64([-1], []) }, attributes: { upper: attr.int(0) }, dims: [2, 3, 4] },
      { name: 'Trilu upper', opset: 14, op: 'Trilu', inputs: {}, dims: [4, 3] },
      { name: 'ScatterElements', opset: 13, op: 'ScatterElements', inputs: { indices: i64([1, -1, 0, 2], [2, 2]), updates: f([10, 20, 30, 40], [2, 2]) }, attributes: { axis: attr.int(1) }, dims: [2, 3] },
      { name: 'ScatterElements add', opset: 16, op: 'ScatterElements', inputs: { indices: i64([1, 1, 0, 0], [2, 2]), updates: f([10, 20, 30, 40], [2, 2]) }, attributes: { axis: attr.int(1), reduction: s('add') }, dims: [2, 3] },
      { name: 'GatherElements', opset: 13, op: 'GatherElements', inputs: { indices: i64([2, -1, 0, 1, 1, 0], [3, 2]) }, attributes: { axis: attr.int(0) }, dims: [3, 2] },
      { name: 'Gather 2-D indices', opset: 13, op: 'Gather', inputs: { indices: i64([1, -1, 0, 0], [2, 2]) }, attributes: { axis: attr.int(1) }, dims: [2, 3] },
      { name: 'Split opset 11 attribute', opset: 11, op: 'Split', inputs: {}, attributes: { axis: attr.int(1), split: attr.ints([1, 3]) }, dims: [2, 4] },
      { name: 'Cast float → int32', opset: 13, op: 'Cast', inputs: {}, attributes: { to: attr.int(6) }, dims: [2, 5] },
    ]
    for (const [k, c] of cases.entries()) {
      const x = createTensor({ dtype: 'float32', dims: c.dims, data: Array.from(random(c.dims.reduce((a, d) => a * d, 1), 300 + k), (v) => Math.fround(v * 3)) })
      const names = ['x', ...Object.keys(c.inputs)]
      const nOut = c.op === 'Split' ? 2 : 1
      const outputs = Array.from({ length: nOut }, (_, i) => `y${i}`)
      const graph: Graph = {
        opset: c.opset,
        inputs: [{ name: 'x', dtype: 'float32', shape: c.dims }],
        outputs: outputs.map((name) => ({ name, dtype: c.op === 'Cast' ? ('int32' as const) : ('float32' as const) })),
        initializers: new Map(Object.entries(c.inputs)),
        nodes: [makeNode({ opType: c.op, inputs: names, outputs, attributes: c.attributes ?? {} })],
      }
      const expected = await runOrt(writeOnnx({ graph }), { x })
      const { outputs: got } = execFloat({ graph: prepareGraph({ graph }), inputs: { x } })
      for (const o of outputs) expect(maxRelativeError(got[o]!, expected[o]!), c.name).toBeLessThan(1e-5)
    }
  })
})
