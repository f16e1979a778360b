import { describe, expect, it } from 'vitest'
import { UnsupportedOpError } from '../errors/compile.js'
import { CalibrationError } from '../errors/quantize.js'
import type { Node } from '../onnx/ir.js'
import { prepareGraph } from '../onnx/prepare.js'
import { quantizeGraph } from './quantize.js'

/** A prepared chain x → nodes → (last node's output), x of shape [1, 4]. */
function chain(nodes: Node[]) {
  return prepareGraph({
    graph: {
      opset: 13,
      inputs: [{ name: 'x', dtype: 'float32', shape: [1, 4] }],
      outputs: [{ name: nodes[nodes.length - 1]!.outputs[0]!, dtype: 'float32' }],
      initializers: new Map(),
      nodes,
    },
  })
}
const n = (opType: string, input: string, output: string): Node => ({ opType, name: output, inputs: [input], outputs: [output], attributes: {} })

// The driver: ranges, inputs, the rule of each node, outputs. Each op's rule is tested in src/ops.
describe('quantizeGraph (driver)', () => {
  it('quantizes inputs at the largest scale holding the calibrated maximum; unsigned when min ≥ 0', () => {
    const graph = chain([n('Relu', 'x', 'y')])
    const model = quantizeGraph({ graph, ranges: new Map([['x', { min: 0, max: 3 }], ['y', { min: 0, max: 3 }]]), inputBits: 8 })
    expect(model.inputs).toEqual([{ name: 'x', shape: [1, 4], scale: 6, bits: 8, signed: false, min: 0, max: 255 / 64 }])
    const signed = quantizeGraph({ graph, ranges: new Map([['x', { min: -3, max: 1 }]]), inputBits: 8 })
    expect(signed.inputs[0]).toMatchObject({ scale: 5, signed: true, min: -4, max: 127 / 32 })
  })

  it('refuses missing and corrupt calibration ranges', () => {
    const graph = chain([n('Relu', 'x', 'y')])
    expect(() => quantizeGraph({ graph, ranges: new Map() })).toThrow(CalibrationError)
    expect(() => quantizeGraph({ graph, ranges: new Map([['x', { min: 0, max: 1 }], ['y', { min: 0, max: Infinity }]]) })).toThrow(CalibrationError)
    expect(() => quantizeGraph({ graph, ranges: new Map([['x', { min: 0, max: 2 ** 41 }]]) })).toThrow(/cannot be quantized/)
  })

  it('a final Softmax becomes a post-process of the output it reaches through view ops', () => {
    const model = quantizeGraph({ graph: chain([n('Softmax', 'x', 's'), n('Flatten', 's', 'y')]), ranges: new Map([['x', { min: -1, max: 1 }]]) })
    expect(model.outputs).toEqual([{ name: 'y', shape: [1, 4], scale: 6, postprocess: 'softmax' }])
    expect(model.nodes.map((q) => q.op)).toEqual(['Reshape', 'Reshape'])
  })

  it('proves a Softmax followed by a non-view op in the circuit (no post-processing)', () => {
    const graph = chain([n('Softmax', 'x', 's'), n('Relu', 's', 'y')])
    const model = quantizeGraph({ graph, ranges: new Map([['x', { min: -1, max: 1 }], ['s', { min: 0, max: 1 }], ['y', { min: 0, max: 1 }]]) })
    expect(model.nodes.map((q) => q.op)).toEqual(['Softmax', 'Requant'])
    expect(model.outputs[0]!.postprocess).toBeUndefined()
  })
})

describe('quantizeGraph: int and bool values', () => {
  const graph = (dtype: 'bool' | 'int32') =>
    prepareGraph({
      graph: {
        opset: 13,
        inputs: [{ name: 'x', dtype, shape: [1, 4] }],
        outputs: [{ name: 'y', dtype }],
        initializers: new Map(),
        nodes: [{ opType: 'Reshape', name: 'r', inputs: ['x', 's'], outputs: ['y'], attributes: {} }],
      },
      constants: new Map([['s', { dtype: 'int64', dims: [1], data: Float64Array.of(4) }]]),
    })

  it('a bool input is one bit at scale 0 and its dtype reaches the values computed from it', () => {
    const model = quantizeGraph({ graph: graph('bool'), ranges: new Map([['x', { min: 0, max: 1 }]]) })
    expect(model.inputs[0]).toEqual({ name: 'x', shape: [1, 4], scale: 0, bits: 1, signed: false, min: 0, max: 1 })
    expect(model.tensors['x']).toEqual({ shape: [1, 4], scale: 0, dtype: 'bool' })
    expect(model.tensors['y']).toEqual({ shape: [4], scale: 0, dtype: 'bool' })
  })

  it('an integer input is scale 0 with inputBits bits, or more when its range needs them', () => {
    const small = quantizeGraph({ graph: graph('int32'), ranges: new Map([['x', { min: -3, max: 20 }]]), inputBits: 8 })
    expect(small.inputs[0]).toEqual({ name: 'x', shape: [1, 4], scale: 0, bits: 8, signed: true, min: -128, max: 127 })
    expect(small.tensors['y']).toMatchObject({ scale: 0, dtype: 'int' })
    const wide = quantizeGraph({ graph: graph('int32'), ranges: new Map([['x', { min: 0, max: 1000 }]]), inputBits: 8 })
    expect(wide.inputs[0]).toMatchObject({ scale: 0, bits: 10, signed: false, min: 0, max: 1023 })
    const wideSigned = quantizeGraph({ graph: graph('int32'), ranges: new Map([['x', { min: -1000, max: 5 }]]), inputBits: 8 })
    expect(wideSigned.inputs[0]).toMatchObject({ bits: 11, signed: true, min: -1024, max: 1023 })
  })
})
