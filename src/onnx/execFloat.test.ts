import { describe, expect, it } from 'vitest'
import { ShapeMismatchError } from '../errors/compile.js'
import { attr, makeNode } from './builders.js'
import { execFloat } from './execFloat.js'
import type { Attribute, Tensor } from './ir.js'
import { createTensor } from './ir.js'
import { prepareGraph } from './prepare.js'

const f32 = (dims: number[], data: number[]) => createTensor({ dtype: 'float32', dims, data })

/** Runs one node: `runtime` tensors are graph inputs, `constants` initializers (in input order: runtime first). */
function run1(
  opType: string,
  { runtime = {}, constants = {}, attributes = {}, opset = 13, order }: {
    runtime?: Record<string, Tensor>
    constants?: Record<string, Tensor>
    attributes?: Record<string, Attribute>
    opset?: number
    order?: string[]
  },
): Tensor {
  const inputs = order ?? [...Object.keys(runtime), ...Object.keys(constants)]
  const graph = prepareGraph({
    graph: {
      opset,
      inputs: Object.entries(runtime).map(([name, t]) => ({ name, dtype: t.dtype, shape: t.dims })),
      outputs: [{ name: 'out', dtype: 'float32' }],
      initializers: new Map(Object.entries(constants)),
      nodes: [makeNode({ opType, inputs, outputs: ['out'], attributes })],
    },
  })
  return execFloat({ graph, inputs: runtime }).outputs['out']!
}

const values = (t: Tensor) => Array.from(t.data)

describe('execFloat kernels', () => {
  const x9 = f32([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9])
  const ones = f32([1, 1, 2, 2], [1, 1, 1, 1])

  it('Conv: plain, bias, strides + pads', () => {
    expect(values(run1('Conv', { runtime: { x: x9 }, constants: { w: ones } }))).toEqual([12, 16, 24, 28])
    expect(values(run1('Conv', { runtime: { x: x9 }, constants: { w: ones, b: f32([1], [1]) } }))).toEqual([13, 17, 25, 29])
    const y = run1('Conv', { runtime: { x: x9 }, constants: { w: ones }, attributes: { strides: attr.ints([2, 2]), pads: attr.ints([1, 1, 1, 1]) } })
    expect(y.dims).toEqual([1, 1, 2, 2])
    expect(values(y)).toEqual([1, 5, 11, 28])
  })

  it('Conv: depthwise groups and 1-D', () => {
    const x = f32([1, 2, 1, 3], [1, 2, 3, 10, 20, 30])
    const w = f32([2, 1, 1, 2], [1, -1, 2, 0])
    expect(values(run1('Conv', { runtime: { x }, constants: { w }, attributes: { group: attr.int(2) } }))).toEqual([-1, -1, 20, 40])
    const x1 = f32([1, 1, 4], [1, 2, 3, 4])
    const w1 = f32([1, 1, 2], [1, 10])
    const y1 = run1('Conv', { runtime: { x: x1 }, constants: { w: w1 }, attributes: { dilations: attr.ints([2]) } })
    expect(y1.dims).toEqual([1, 1, 2])
    expect(values(y1)).toEqual([31, 42])
  })

  it('MaxPool ceil_mode and dilations', () => {
    const x = f32([1, 1, 1, 5], [1, 5, 3, 4, 2])
    const ceil = run1('MaxPool', { runtime: { x }, attributes: { kernel_shape: attr.ints([1, 2]), strides: attr.ints([1, 2]), ceil_mode: attr.int(1) } })
    expect(values(ceil)).toEqual([5, 4, 2])
    const floor = run1('MaxPool', { runtime: { x }, attributes: { kernel_shape: attr.ints([1, 2]), strides: attr.ints([1, 2]) } })
    expect(values(floor)).toEqual([5, 4])
    const dil = run1('MaxPool', { runtime: { x }, attributes: { kernel_shape: attr.ints([1, 2]), dilations: attr.ints([1, 2]) } })
    expect(values(dil)).toEqual([3, 5, 3])
  })

  it('AveragePool count_include_pad, GlobalAveragePool', () => {
    const x = f32([1, 1, 2, 2], [1, 2, 3, 4])
    const a = { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]), pads: attr.ints([1, 1, 1, 1]) }
    expect(values(run1('AveragePool', { runtime: { x }, attributes: a }))).toEqual([1, 2, 3, 4])
    expect(values(run1('AveragePool', { runtime: { x }, attributes: { ...a, count_include_pad: attr.int(1) } }))).toEqual([0.25, 0.5, 0.75, 1])
    const g = run1('GlobalAveragePool', { runtime: { x } })
    expect(g.dims).toEqual([1, 1, 1, 1])
    expect(values(g)).toEqual([2.5])
  })

  it('Gemm alpha/beta/transA, MatMul batched broadcast', () => {
    const a = f32([2, 2], [1, 2, 3, 4])
    const y = run1('Gemm', {
      runtime: { a },
      constants: { b: f32([2, 2], [1, 0, 0, 1]), c: f32([], [1]) },
      attributes: { alpha: attr.float(2), beta: attr.float(3), transA: attr.int(1) },
    })
    expect(values(y)).toEqual([5, 9, 7, 11])
    const m = run1('MatMul', { runtime: { a: f32([2, 1, 2], [1, 2, 3, 4]) }, constants: { b: f32([2, 1], [10, 1]) } })
    expect(m.dims).toEqual([2, 1, 1])
    expect(values(m)).toEqual([12, 34])
    const v = run1('MatMul', { runtime: { a: f32([2], [1, 2]) }, constants: { b: f32([3, 2, 2], [1, 0, 0, 1, 2, 0, 0, 2, 0, 1, 1, 0]) } })
    expect(v.dims).toEqual([3, 2])
    expect(values(v)).toEqual([1, 2, 2, 4, 2, 1])
  })

  it('element-wise broadcasting, Relu, LeakyRelu, Sigmoid, Clip', () => {
    const x = f32([2, 3], [-2, -1, 0, 1, 2, 3])
    expect(values(run1('Sub', { runtime: { x }, constants: { b: f32([2, 1], [1, 10]) } }))).toEqual([-3, -2, -1, -9, -8, -7])
    expect(values(run1('Div', { runtime: { x }, constants: { b: f32([3], [1, 2, 4]) } }))).toEqual([-2, -0.5, 0, 1, 1, 0.75])
    expect(values(run1('Relu', { runtime: { x } }))).toEqual([0, 0, 0, 1, 2, 3])
    expect(values(run1('LeakyRelu', { runtime: { x }, attributes: { alpha: attr.float(0.5) } }))).toEqual([-1, -0.5, 0, 1, 2, 3])
    expect(run1('Sigmoid', { runtime: { x } }).data[2]).toBe(0.5)
    expect(values(run1('Clip', { runtime: { x }, constants: { lo: f32([], [-1]), hi: f32([], [2]) } }))).toEqual([-1, -1, 0, 1, 2, 2])
    expect(values(run1('Clip', { runtime: { x }, attributes: { max: attr.float(0) }, opset: 6 }))).toEqual([-2, -1, 0, 0, 0, 0])
  })

  it('BatchNormalization, Softmax, ArgMax ties', () => {
    const x = f32([1, 2, 1, 1], [3, 5])
    const bn = run1('BatchNormalization', {
      runtime: { x },
      constants: { s: f32([2], [2, 1]), b: f32([2], [1, 0]), m: f32([2], [1, 5]), v: f32([2], [4, 1]) },
      attributes: { epsilon: attr.float(0) },
    })
    expect(values(bn)).toEqual([3, 0])
    const sm = run1('Softmax', { runtime: { x: f32([2, 2], [0, Math.log(3), 5, 5]) } })
    expect(values(sm).map((v) => +v.toFixed(12))).toEqual([0.25, 0.75, 0.5, 0.5])
    const t = f32([2, 3], [1, 7, 7, 4, 4, 0])
    expect(values(run1('ArgMax', { runtime: { x: t }, attributes: { axis: attr.int(1) } }))).toEqual([1, 0])
    const last = run1('ArgMax', { runtime: { x: t }, attributes: { axis: attr.int(-1), keepdims: attr.int(0), select_last_index: attr.int(1) } })
    expect(last.dims).toEqual([2])
    expect(last.dtype).toBe('int64')
    expect(values(last)).toEqual([2, 1])
  })

  it('Transpose, Concat, Flatten, Squeeze/Unsqueeze (attribute and input forms)', () => {
    const x = f32([1, 2, 3], [1, 2, 3, 4, 5, 6])
    const tr = run1('Transpose', { runtime: { x }, attributes: { perm: attr.ints([2, 0, 1]) } })
    expect(tr.dims).toEqual([3, 1, 2])
    expect(values(tr)).toEqual([1, 4, 2, 5, 3, 6])
    const cat = run1('Concat', { runtime: { x, y: f32([1, 1, 3], [7, 8, 9]) }, attributes: { axis: attr.int(-2) } })
    expect(cat.dims).toEqual([1, 3, 3])
    expect(values(cat)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(run1('Flatten', { runtime: { x }, attributes: { axis: attr.int(2) } }).dims).toEqual([2, 3])
    expect(run1('Squeeze', { runtime: { x } }).dims).toEqual([2, 3])
    expect(run1('Squeeze', { runtime: { x }, attributes: { axes: attr.ints([0]) }, opset: 11 }).dims).toEqual([2, 3])
    const axes = createTensor({ dtype: 'int64', dims: [2], data: [-1, 0] })
    expect(run1('Unsqueeze', { runtime: { x }, constants: { axes } }).dims).toEqual([1, 1, 2, 3, 1])
  })
})

describe('execFloat', () => {
  const graph = prepareGraph({
    graph: {
      opset: 13,
      inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', 2] }],
      outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', 2] }],
      initializers: new Map([['w', f32([2, 2], [1, -1, 1, 1])]]),
      nodes: [makeNode({ opType: 'MatMul', inputs: ['x', 'w'], outputs: ['h'] }), makeNode({ opType: 'Relu', inputs: ['h'], outputs: ['y'] })],
    },
  })

  it('returns intermediates on request, and accepts flat arrays', () => {
    const r = execFloat({ graph, inputs: { x: [1, 2] }, intermediates: true })
    expect(values(r.outputs['y']!)).toEqual([3, 1])
    expect(values(r.values!.get('h')!)).toEqual([3, 1])
    expect(r.values!.get('w')).toBe(graph.initializers.get('w'))
    expect(execFloat({ graph, inputs: { x: [2, 1] } }).values).toBeUndefined()
    expect(values(execFloat({ graph, inputs: { x: [2, 1] } }).outputs['y']!)).toEqual([3, 0])
  })

  it('validates inputs', () => {
    expect(() => execFloat({ graph, inputs: {} })).toThrow(ShapeMismatchError)
    expect(() => execFloat({ graph, inputs: { x: [1, 2, 3] } })).toThrow(/expected 2 elements, got 3/)
    expect(() => execFloat({ graph, inputs: { x: f32([2, 1], [1, 2]) } })).toThrow(/expected shape \[1,2\], got \[2,1\]/)
  })
})
