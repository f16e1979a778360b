import { describe, expect, it } from 'vitest'
import { OnnxParseError } from '../errors/compile.js'
import { OPS, SUPPORTED_OPS, assertSupportedOps, type SupportedOp } from './index.js'
import { arityAt } from './arity.js'
import type { Graph, Node } from '../onnx/ir.js'

const opArity = (op: SupportedOp, opset: number) => arityAt(OPS[op].arity, opset)

const graphOf = (node: Node, opset = 13): Graph => ({ opset, inputs: [], outputs: [], initializers: new Map(), nodes: [node] })
const node = (opType: string, inputs: string[], outputs = ['y']): Node => ({ opType, name: 'n', inputs, outputs, attributes: {} })
const names = (n: number) => Array.from({ length: n }, (_, i) => `x${i}`)

describe('arity: input and output counts of every supported op', () => {
  for (const op of SUPPORTED_OPS)
    for (const opset of [6, 11, 13, 25]) {
      const { inputs: [lo, hi], outputs: [outs] } = opArity(op, opset)
      const ys = Array.from({ length: outs }, (_, i) => `y${i}`)
      it(`${op} at opset ${opset}: ${lo}..${hi} inputs`, () => {
        expect(() => assertSupportedOps({ graph: graphOf(node(op, names(lo), ys), opset) })).not.toThrow()
        if (lo > 0) expect(() => assertSupportedOps({ graph: graphOf(node(op, names(lo - 1), ys), opset) })).toThrow(OnnxParseError)
        if (hi !== Infinity) expect(() => assertSupportedOps({ graph: graphOf(node(op, names(hi + 1), ys), opset) })).toThrow(OnnxParseError)
        expect(() => assertSupportedOps({ graph: graphOf(node(op, names(lo), []), opset) })).toThrow(/0 output\(s\) given/)
      })
    }

  it('absent optional inputs may be empty names; required and variadic ones may not', () => {
    expect(() => assertSupportedOps({ graph: graphOf(node('Clip', ['x', '', 'hi'])) })).not.toThrow()
    expect(() => assertSupportedOps({ graph: graphOf(node('Conv', ['x', 'w', ''])) })).not.toThrow()
    expect(() => assertSupportedOps({ graph: graphOf(node('Gemm', ['', 'w'])) })).toThrow(/required input 0 is empty/)
    expect(() => assertSupportedOps({ graph: graphOf(node('Gemm', ['x', ''])) })).toThrow(/1 input\(s\) given/)
    expect(() => assertSupportedOps({ graph: graphOf(node('Concat', ['a', '', 'b'])) })).toThrow(/required input 1 is empty/)
    expect(() => assertSupportedOps({ graph: graphOf(node('Relu', ['x'], ['', 'y'])) })).toThrow(OnnxParseError)
    // LSTM/GRU/RNN: output 0 (Y) may be left out when a later one is used.
    expect(() => assertSupportedOps({ graph: graphOf(node('GRU', ['x', 'w', 'r'], ['', 'y_h'])) })).not.toThrow()
    expect(() => assertSupportedOps({ graph: graphOf(node('LSTM', ['x', 'w', 'r'], ['', '', 'y_c'])) })).not.toThrow()
  })

  it('forms change with the opset (Reshape, Slice, Squeeze, Unsqueeze, Clip, Dropout)', () => {
    expect(opArity('Reshape', 4).inputs).toEqual([1, 1])
    expect(opArity('Reshape', 5).inputs).toEqual([2, 2])
    expect(opArity('Slice', 9).inputs).toEqual([1, 1])
    expect(opArity('Slice', 10).inputs).toEqual([3, 5])
    expect(opArity('Unsqueeze', 13).inputs).toEqual([2, 2])
    expect(opArity('Clip', 11).inputs).toEqual([1, 3])
    expect(opArity('Dropout', 12).inputs).toEqual([1, 3])
  })

  it('names the node and the counts', () => {
    try {
      assertSupportedOps({ graph: graphOf({ ...node('Gemm', ['a']), name: 'fc0' }) })
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(OnnxParseError)
      expect((e as OnnxParseError).shortMessage).toBe('Invalid ONNX node "fc0" (Gemm): 1 input(s) given; Gemm takes 2 to 3 at opset 13.')
      expect((e as OnnxParseError).nodeName).toBe('fc0')
    }
  })
})
