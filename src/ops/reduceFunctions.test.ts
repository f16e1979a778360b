import { describe, expect, it } from 'vitest'
import { attr } from '../onnx/builders.js'
import { checkGraph, f32, i64, node, seeded } from '../../test/helpers/ops.js'
import type { Node, Tensor } from '../onnx/ir.js'
import { reduceL2, reduceLogSumExp } from './reduceFunctions.js'

/** Integer (8/8/12 bits) vs float at the quantized input; circuit = executor (opset 18). */
const run = (n: Node, shape: number[], xs: number[], initializers: Record<string, Tensor> = {}) => checkGraph({ nodes: [n], shape, xs, initializers, opset: 18 })

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
