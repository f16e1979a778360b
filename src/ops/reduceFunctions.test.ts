import { describe, expect, it } from 'vitest'
import { attr } from '../onnx/builders.js'
import { f32, i64, node, seeded } from '../../test/helpers/ops.js'
import { calibrateRanges } from '../compile/calibrate.js'
import { lowerModel } from '../circuit/lowerModel.js'
import { failingConstraints } from '../circuit/check.js'
import { toField } from '../circuit/field.js'
import { execFloat } from '../onnx/execFloat.js'
import { createTensor, type Node, type Tensor } from '../onnx/ir.js'
import { prepareGraph } from '../onnx/prepare.js'
import { runIntegers } from '../quantize/execInt.js'
import { quantizeGraph } from '../quantize/quantize.js'
import { reduceL2, reduceLogSumExp } from './reduceFunctions.js'

/** Integer (8/8/12 bits) vs float at the quantized input; circuit = executor. Returns the max error. */
function run(n: Node, shape: number[], xs: number[], constants: Record<string, Tensor> = {}) {
  const graph = prepareGraph({ graph: { opset: 18, inputs: [{ name: 'x', dtype: 'float32', shape }], outputs: [{ name: 'y', dtype: 'float32' }], initializers: new Map(Object.entries(constants)), nodes: [n] } })
  const { ranges } = calibrateRanges({ graph, samples: [{ x: Float64Array.from(xs) }] })
  const model = quantizeGraph({ graph, ranges, inputBits: 8, weightBits: 8, activationBits: 12 })
  const s = model.inputs[0]!.scale
  const ints = xs.map((v) => Math.round(v * 2 ** s))
  const exec = runIntegers(model, { x: ints })
  const float = execFloat({ graph, inputs: { x: createTensor({ dtype: 'float32', dims: shape, data: ints.map((v) => v / 2 ** s) }) } }).outputs['y']!
  const lowered = lowerModel({ model, visibility: { input: 'private', output: 'public' }, inputs: { x: ints }, mode: { constraints: true, witness: true } })
  expect(failingConstraints(lowered.r1cs, lowered.witness!.map(toField))).toEqual([])
  expect(lowered.outputs!['y']!.map(Number)).toEqual(exec.integers['y'])
  expect(exec.outputs['y']!.length).toBe(float.data.length)
  let e = 0
  exec.outputs['y']!.forEach((v, i) => (e = Math.max(e, Math.abs(v - float.data[i]!))))
  return { model, error: e, inScale: s }
}

describe('ReduceL2 and ReduceLogSumExp', () => {
  it('float kernels', () => {
    const x = f32([2, 2], [3, 4, 0, 1])
    expect(Array.from(reduceL2.floatKernel(node('ReduceL2', ['x'], { axes: attr.ints([1]), keepdims: attr.int(0) }), [x], 13)[0]!.data)).toEqual([5, 1])
    const lse = reduceLogSumExp.floatKernel(node('ReduceLogSumExp', ['x'], { keepdims: attr.int(1) }), [x], 13)[0]!
    expect(lse.dims).toEqual([1, 1])
    expect(lse.data[0]).toBeCloseTo(Math.log(Math.exp(3) + Math.exp(4) + 1 + Math.E), 12)
  })

  it('ReduceL2 over an inner axis in the circuit: within 1 quantum of the output scale', () => {
    const { model, error } = run(node('ReduceL2', ['x', 'axes'], { keepdims: attr.int(1) }), [3, 5, 2], seeded(30, 4, -2, 2), { axes: i64([1], [1]) })
    expect(model.nodes.map((q) => q.op)).toEqual(expect.arrayContaining(['Transpose', 'Mul', 'Linear', 'Sqrt']))
    expect(error).toBeLessThanOrEqual(2 ** -model.tensors['y']!.scale * 2)
  })

  it('ReduceLogSumExp over two axes in the circuit: within 2 quanta of the input scale', () => {
    const { model, error, inScale } = run(node('ReduceLogSumExp', ['x', 'axes'], { keepdims: attr.int(0) }), [2, 3, 4], seeded(24, 8, -3, 3), { axes: i64([2], [0, 2]) })
    expect(model.nodes.map((q) => q.op)).toContain('Softmax')
    expect(error).toBeLessThanOrEqual(2 * 2 ** -inScale)
  })
})
