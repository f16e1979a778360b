import { describe, expect, it } from 'vitest'
import { UnsupportedOpError } from '../errors/compile.js'
import { createTensor } from '../onnx/ir.js'
import { prepareGraph } from '../onnx/prepare.js'
import { expectCircuitMatches, f32, info, node, quantizeOne, runOp } from '../../test/helpers/ops.js'
import { and, not, xor } from './logic.js'

const bool = (dims: number[], data: number[]) => createTensor({ dtype: 'bool', dims, data })
const A = bool([2, 4], [0, 0, 1, 1, 1, 0, 1, 0])
const B = bool([4], [0, 1, 0, 1])
const truth = { And: [0, 0, 0, 1, 0, 0, 0, 0], Or: [0, 1, 1, 1, 1, 1, 1, 1], Xor: [0, 1, 1, 0, 1, 1, 1, 1] }

describe('And, Or, Xor, Not', () => {
  it('inferShape (broadcast, bool) and floatKernel truth tables', () => {
    expect(xor.inferShape(node('Xor', ['a', 'b']), [info([2, 4], 'bool'), info([4], 'bool')], () => undefined)).toEqual([info([2, 4], 'bool')])
    expect(Array.from(and.floatKernel(node('And', ['a', 'b']), [A, B], 13)[0]!.data)).toEqual(truth.And)
    expect(Array.from(not.floatKernel(node('Not', ['a']), [B], 13)[0]!.data)).toEqual([1, 0, 1, 0])
  })

  it('quantize: a Logic node on bool values; Not is a free Affine; non-bool operands are refused', () => {
    expect(runOp({ node: node('Or', ['a', 'b']), inputs: { a: A, b: B } }).model.nodes).toEqual([{ op: 'Logic', name: 'or0', inputs: ['a', 'b'], outputs: ['y'], fn: 'or' }])
    expect(runOp({ node: node('Not', ['a']), inputs: { a: A } }).model.nodes.map((q) => q.op)).toEqual(['Affine'])
    expect(() => quantizeOne({ node: node('And', ['a', 'b']), inputs: { a: [4], b: [4] } })).toThrow(UnsupportedOpError)
    expect(() => quantizeOne({ node: node('Not', ['a']), inputs: { a: [4] } })).toThrow(/not a bool value/)
  })

  for (const op of ['And', 'Or', 'Xor'] as const) {
    it(`${op}: integer executor = float kernel = circuit; a constant operand is materialized`, () => {
      const r = runOp({ node: node(op, ['a', 'b']), inputs: { a: A, b: B } })
      expect(r.integer['y']).toEqual(truth[op])
      expect(r.model.tensors['y']).toMatchObject({ scale: 0, dtype: 'bool' })
      // 12 input booleanity checks, 8 products, 8 public outputs.
      expect(expectCircuitMatches(r)).toBe(12 + 8 + 8)
      const c = runOp({ node: node(op, ['a', 'c']), inputs: { a: A }, constants: { c: B } })
      expect(c.integer['y']).toEqual(truth[op])
      expect(expectCircuitMatches(c)).toBe(8 + 8) // a product with a constant is free
    })
  }

  it('Not: 1 − x, no constraint beyond the input bits; opset 1 models are accepted', () => {
    const r = runOp({ node: node('Not', ['a']), inputs: { a: A }, opset: 1 })
    expect(r.integer['y']).toEqual([1, 1, 0, 0, 0, 1, 0, 1])
    expect(expectCircuitMatches(r)).toBe(8 + 8) // 8 booleanity checks of the 1-bit inputs, 8 public outputs
    expect(() => prepareGraph({ graph: { opset: 1, inputs: [{ name: 'x', dtype: 'float32', shape: [2] }], outputs: [{ name: 'y', dtype: 'float32' }], initializers: new Map(), nodes: [node('Relu', ['x'])] } })).toThrow(/opset 1/)
  })

  it('a float input is not a bool', () => {
    expect(() => runOp({ node: node('Xor', ['a', 'b']), inputs: { a: f32([1], [1]), b: f32([1], [0]) } })).toThrow(UnsupportedOpError)
  })
})
