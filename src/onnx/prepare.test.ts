import { describe, expect, it } from 'vitest'
import { OnnxParseError, ShapeMismatchError, UnsupportedOpError, UnsupportedOpsetError } from '../errors/compile.js'
import { attr, makeNode } from './builders.js'
import { execFloat } from './execFloat.js'
import type { Graph, Tensor } from './ir.js'
import { createTensor } from './ir.js'
import { prepareGraph } from './prepare.js'

const ramp = (n: number, scale = 0.01) => Array.from({ length: n }, (_, i) => ((i * 37) % 23) * scale - 0.1)
const f32 = (dims: number[], data = ramp(dims.reduce((a, b) => a * b, 1))) => createTensor({ dtype: 'float32', dims, data })
const i64 = (data: number[], dims = [data.length]) => createTensor({ dtype: 'int64', dims, data })

/** A small CNN the way PyTorch exports it, flatten computed through Shape/Gather/Unsqueeze/Concat. */
function pytorchStyleCnn(): Graph {
  return {
    opset: 13,
    inputs: [{ name: 'x', dtype: 'float32', shape: ['N', 1, 8, 8] }],
    outputs: [{ name: 'y', dtype: 'float32', shape: ['N', 10] }],
    initializers: new Map<string, Tensor>([
      ['W', f32([4, 1, 3, 3])],
      ['B', f32([4])],
      ['fcW', f32([10, 64])],
      ['fcB', f32([10])],
    ]),
    nodes: [
      makeNode({ opType: 'Conv', inputs: ['x', 'W', 'B'], outputs: ['c'], attributes: { pads: attr.ints([1, 1, 1, 1]) } }),
      makeNode({ opType: 'Relu', inputs: ['c'], outputs: ['r'] }),
      makeNode({ opType: 'MaxPool', inputs: ['r'], outputs: ['p'], attributes: { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]) } }),
      makeNode({ opType: 'Dropout', inputs: ['p'], outputs: ['d', 'mask'] }),
      makeNode({ opType: 'Shape', inputs: ['d'], outputs: ['s'] }),
      makeNode({ opType: 'Constant', inputs: [], outputs: ['i0'], attributes: { value: attr.tensor(i64([0], [])) } }),
      makeNode({ opType: 'Gather', inputs: ['s', 'i0'], outputs: ['n'], attributes: { axis: attr.int(0) } }),
      makeNode({ opType: 'Constant', inputs: [], outputs: ['ax'], attributes: { value: attr.tensor(i64([0])) } }),
      makeNode({ opType: 'Unsqueeze', inputs: ['n', 'ax'], outputs: ['n1'] }),
      makeNode({ opType: 'Constant', inputs: [], outputs: ['m1'], attributes: { value: attr.tensor(i64([-1])) } }),
      makeNode({ opType: 'Concat', inputs: ['n1', 'm1'], outputs: ['shp'], attributes: { axis: attr.int(0) } }),
      makeNode({ opType: 'Reshape', inputs: ['d', 'shp'], outputs: ['f'] }),
      makeNode({ opType: 'Gemm', inputs: ['f', 'fcW', 'fcB'], outputs: ['g'], attributes: { transB: attr.int(1) } }),
      makeNode({ opType: 'Identity', inputs: ['g'], outputs: ['y'] }),
    ],
  }
}

const thrown = (f: () => unknown): Error => {
  try {
    f()
  } catch (e) {
    return e as Error
  }
  throw new Error('expected a throw')
}

describe('prepareGraph', () => {
  it('folds the PyTorch flatten chain, drops Dropout/Identity and infers every shape', () => {
    const p = prepareGraph({ graph: pytorchStyleCnn() })
    expect(p.nodes.map((n) => n.opType)).toEqual(['Conv', 'Relu', 'MaxPool', 'Reshape', 'Gemm'])
    expect(p.inputs).toEqual([{ name: 'x', dtype: 'float32', shape: [1, 1, 8, 8] }])
    expect(p.outputs).toEqual([{ name: 'y', dtype: 'float32', shape: [1, 10] }])
    // The Gemm now writes the graph output directly.
    expect(p.nodes[4]!.outputs).toEqual(['y'])
    expect(p.tensors.get('c')!.shape).toEqual([1, 4, 8, 8])
    expect(p.tensors.get('p')!.shape).toEqual([1, 4, 4, 4])
    expect(p.tensors.get('f')!.shape).toEqual([1, 64])
    // Canonical attributes are explicit; the Reshape target is a resolved int64 initializer.
    expect(p.nodes[0]!.attributes).toEqual({
      kernel_shape: attr.ints([3, 3]),
      strides: attr.ints([1, 1]),
      dilations: attr.ints([1, 1]),
      pads: attr.ints([1, 1, 1, 1]),
      group: attr.int(1),
    })
    expect(Array.from(p.initializers.get(p.nodes[3]!.inputs[1]!)!.data)).toEqual([1, 64])
    // Only the initializers still read remain.
    expect([...p.initializers.keys()].sort()).toEqual(['B', 'W', 'fcB', 'fcW', p.nodes[3]!.inputs[1]!].sort())
  })

  it('takes inputShapes over symbolic dims (batch 3)', () => {
    const p = prepareGraph({ graph: pytorchStyleCnn(), inputShapes: { x: [3, 1, 8, 8] } })
    expect(p.outputs[0]!.shape).toEqual([3, 10])
    expect(Array.from(p.initializers.get(p.nodes[3]!.inputs[1]!)!.data)).toEqual([3, 64])
  })

  it('resolves auto_pad SAME_UPPER / SAME_LOWER into explicit pads', () => {
    for (const [mode, pads] of [['SAME_UPPER', [0, 0, 1, 1]], ['SAME_LOWER', [1, 1, 0, 0]]] as const) {
      const g = pytorchStyleCnn()
      g.nodes[0] = makeNode({ opType: 'Conv', inputs: ['x', 'W', 'B'], outputs: ['c'], attributes: { auto_pad: attr.string(mode), strides: attr.ints([2, 2]) } })
      g.nodes[2] = makeNode({ opType: 'MaxPool', inputs: ['r'], outputs: ['p'], attributes: { kernel_shape: attr.ints([1, 1]) } })
      const p = prepareGraph({ graph: g })
      expect(p.nodes[0]!.attributes['pads']).toEqual(attr.ints(pads))
      expect(p.tensors.get('c')!.shape).toEqual([1, 4, 4, 4])
    }
  })

  it('rewrites opset-6 legacy forms (broadcast axis, Clip attributes, coerced Softmax)', () => {
    const g: Graph = {
      opset: 6,
      inputs: [{ name: 'a', dtype: 'float32', shape: [2, 3, 4] }],
      outputs: [{ name: 'out', dtype: 'float32', shape: [2, 3, 4] }],
      initializers: new Map([['b', f32([3], [10, 20, 30])]]),
      nodes: [
        makeNode({ opType: 'Add', inputs: ['a', 'b'], outputs: ['s'], attributes: { broadcast: attr.int(1), axis: attr.int(1) } }),
        makeNode({ opType: 'Clip', inputs: ['s'], outputs: ['c'], attributes: { min: attr.float(0), max: attr.float(25) } }),
        makeNode({ opType: 'Softmax', inputs: ['c'], outputs: ['out'] }),
      ],
    }
    const p = prepareGraph({ graph: g })
    expect(p.opset).toBe(13)
    expect(p.nodes.map((n) => n.opType)).toEqual(['Add', 'Clip', 'Reshape', 'Softmax', 'Reshape'])
    expect(p.initializers.get(p.nodes[0]!.inputs[1]!)!.dims).toEqual([3, 1])
    expect(p.nodes[1]!.inputs.map((i) => p.initializers.get(i)?.data[0])).toEqual([undefined, 0, 25])
    expect(p.tensors.get(p.nodes[3]!.inputs[0]!)!.shape).toEqual([2, 12])
    const a = Array.from({ length: 24 }, (_, i) => i - 12)
    const out = execFloat({ graph: p, inputs: { a } }).outputs['out']!
    expect(out.dims).toEqual([2, 3, 4])
    // Opset < 13 Softmax normalizes over the 12 trailing elements of each batch item.
    const sum0 = out.data.slice(0, 12).reduce((x, y) => x + y, 0)
    expect(sum0).toBeCloseTo(1, 12)
    // Element [0,2,3]: a = 11 + 30 = 41 → clipped 25, the largest of batch 0's row.
    expect(out.data[11]).toBe(Math.max(...out.data.slice(0, 12)))
  })

  it('keeps an Identity when an output is directly an input', () => {
    const g: Graph = {
      opset: 13,
      inputs: [{ name: 'x', dtype: 'float32', shape: [2] }],
      outputs: [{ name: 'y', dtype: 'float32', shape: [2] }],
      initializers: new Map(),
      nodes: [makeNode({ opType: 'Identity', inputs: ['x'], outputs: ['y'] })],
    }
    const p = prepareGraph({ graph: g })
    expect(p.nodes).toMatchObject([{ opType: 'Identity', inputs: ['x'], outputs: ['y'] }])
    expect(Array.from(execFloat({ graph: p, inputs: { x: [1, 2] } }).outputs['y']!.data)).toEqual([1, 2])
  })

  it('throws ShapeMismatchError naming the op, node and shapes', () => {
    const g = pytorchStyleCnn()
    g.initializers.set('fcW', f32([10, 63]))
    const e = thrown(() => prepareGraph({ graph: g })) as ShapeMismatchError
    expect(e).toBeInstanceOf(ShapeMismatchError)
    expect(e.name).toBe('ShapeMismatchError')
    expect(e.opType).toBe('Gemm')
    expect(e.nodeName).toBe('g')
    expect(e.shapes).toEqual([[1, 64], [10, 63]])
    expect(e.message).toContain('Shape mismatch in Gemm node "g": inner dimensions differ (64 vs 63)')
    expect(e.message).toContain('Shapes: [1,64] [10,63]')
  })

  it('checks inferred outputs against the declared shapes', () => {
    const g = pytorchStyleCnn()
    g.outputs[0]!.shape = ['N', 11]
    expect(() => prepareGraph({ graph: g })).toThrow(/inferred shape \[1,10\] contradicts the declared shape \[N,11\]/)
  })

  it('throws UnsupportedOpError listing the supported ops', () => {
    const g = pytorchStyleCnn()
    g.nodes[1] = makeNode({ opType: 'Det', inputs: ['c'], outputs: ['r'], name: 'act1' })
    const e = thrown(() => prepareGraph({ graph: g })) as UnsupportedOpError
    expect(e).toBeInstanceOf(UnsupportedOpError)
    expect({ opType: e.opType, nodeName: e.nodeName, opset: e.opset }).toEqual({ opType: 'Det', nodeName: 'act1', opset: 13 })
    expect(e.message).toContain('Unsupported ONNX operator "Det" in node "act1".')
    // The supported list follows (checked without pinning all of it, since it grows).
    expect(e.message).toMatch(/Supported ops: [A-Z]\w*(, [A-Z]\w*)+\n/)
    expect(e.message).toMatch(/Supported ops: .*\bAdd, .*\bArgMax, .*\bAveragePool, .*\bBatchNormalization\b/)
  })

  it('rejects runtime values where a constant is required, and unfoldable fold-only ops', () => {
    const g = pytorchStyleCnn()
    g.inputs.push({ name: 'dynShape', dtype: 'int64', shape: [2] })
    g.nodes[11] = makeNode({ opType: 'Reshape', inputs: ['d', 'dynShape'], outputs: ['f'] })
    expect(() => prepareGraph({ graph: g })).toThrow(/Reshape" in node "f": input 1 \("dynShape"\) must be a constant/)
    // Bound as a constant, the same graph prepares.
    expect(prepareGraph({ graph: g, constants: new Map([['dynShape', i64([1, 64])]]) }).inputs.map((v) => v.name)).toEqual(['x'])

    // Gather with runtime data is data movement; with runtime indices (dynamic indexing) it is refused.
    const gather = (inputs: string[]): Graph => ({
      opset: 13,
      inputs: [{ name: 'x', dtype: 'float32', shape: [3] }, { name: 'i', dtype: 'int64', shape: [2] }],
      outputs: [{ name: 'y', dtype: 'float32' }],
      initializers: new Map([['c', f32([3], [1, 2, 3])]]),
      nodes: [makeNode({ opType: 'Gather', inputs, outputs: ['y'], name: 'gath' })],
    })
    expect(() => prepareGraph({ graph: gather(['c', 'i']) })).toThrow(/"Gather" in node "gath": input 1 \("i"\) must be a constant/)
    expect(prepareGraph({ graph: gather(['x', 'i']), constants: new Map([['i', i64([0, -1])]]) }).nodes.map((n) => n.opType)).toEqual(['Gather'])
    const h: Graph = {
      opset: 13,
      inputs: [{ name: 's', dtype: 'int64', shape: [2] }],
      outputs: [{ name: 'y', dtype: 'float32' }],
      initializers: new Map(),
      nodes: [makeNode({ opType: 'ConstantOfShape', inputs: ['s'], outputs: ['y'], name: 'cos' })],
    }
    expect(() => prepareGraph({ graph: h })).toThrow(/"ConstantOfShape" in node "cos": only supported when all its inputs are constants/)
  })

  it('rejects training-mode BatchNormalization and used MaxPool indices', () => {
    const bn: Graph = {
      opset: 15,
      inputs: [{ name: 'x', dtype: 'float32', shape: [1, 2, 2, 2] }],
      outputs: [{ name: 'y', dtype: 'float32' }],
      initializers: new Map(['s', 'b', 'm', 'v'].map((n) => [n, f32([2], [1, 1])] as const)),
      nodes: [makeNode({ opType: 'BatchNormalization', inputs: ['x', 's', 'b', 'm', 'v'], outputs: ['y'], attributes: { training_mode: attr.int(1) } })],
    }
    expect(() => prepareGraph({ graph: bn })).toThrow(/training mode is not supported/)
    const mp: Graph = {
      opset: 13,
      inputs: [{ name: 'x', dtype: 'float32', shape: [1, 1, 4, 4] }],
      outputs: [{ name: 'i', dtype: 'int64' }],
      initializers: new Map(),
      nodes: [makeNode({ opType: 'MaxPool', inputs: ['x'], outputs: ['y', 'i'], attributes: { kernel_shape: attr.ints([2, 2]) } })],
    }
    expect(() => prepareGraph({ graph: mp })).toThrow(/the Indices output is not supported/)
  })

  it('rejects opsets outside 6..25, unshaped inputs and unsorted graphs', () => {
    const g = pytorchStyleCnn()
    const e = thrown(() => prepareGraph({ graph: { ...g, opset: 5 } }))
    expect(e).toBeInstanceOf(UnsupportedOpsetError)
    expect(e.message).toBe('Unsupported ONNX opset 5: supported opsets are 6 to 25.\nDocs: README.md#supported-onnx')
    expect(() => prepareGraph({ graph: { ...g, inputs: [{ name: 'x', dtype: 'float32' }] } })).toThrow(ShapeMismatchError)
    expect(() => prepareGraph({ graph: g, inputShapes: { x: [1, 2, 8, 8] } })).toThrow(/contradicts the declared shape/)
    expect(() => prepareGraph({ graph: { ...g, nodes: [...g.nodes].reverse() } })).toThrow(OnnxParseError)
  })
})
