import { describe, expect, it } from 'vitest'
import { UnsupportedOpError } from '../errors/compile.js'
import { createTensor } from '../onnx/ir.js'
import { expectCircuitMatches, f32, info, maxAbsDiff, node, runOp, seeded } from '../../test/helpers/ops.js'
import { where } from './where.js'

const bool = (dims: number[], data: number[]) => createTensor({ dtype: 'bool', dims, data })
const C = bool([2, 3], [1, 0, 1, 0, 0, 1])

describe('Where', () => {
  it('inferShape (three-way broadcast, dtype of X) and floatKernel', () => {
    expect(where.inferShape(node('Where', ['c', 'x', 'z']), [info([2, 1], 'bool'), info([3]), info([1, 3])], () => undefined)).toEqual([info([2, 3])])
    const [y] = where.floatKernel(node('Where', ['c', 'x', 'z']), [C, f32([3], [1, 2, 3]), f32([1], [9])], 13)
    expect(Array.from(y!.data)).toEqual([1, 9, 3, 9, 9, 3])
  })

  it('two activations: one Where node, both on the larger scale; integer ≈ float; circuit: one product per element', () => {
    const r = runOp({ node: node('Where', ['c', 'x', 'z']), inputs: { c: C, x: f32([3], seeded(3, 1, -4, 4)), z: f32([2, 3], seeded(6, 2, -0.5, 0.5)) } })
    const w = r.model.nodes.find((q) => q.op === 'Where')!
    expect(w).toMatchObject({ inputs: ['c', 'x', 'z'], shifts: [r.model.tensors['y']!.scale - r.model.tensors['x']!.scale, 0] })
    expect(maxAbsDiff(r.integer['y']!, r.float['y']!.data)).toBeLessThan(1e-3)
    expect(expectCircuitMatches(r)).toBe(6 + 3 * 12 + 6 * 12 + 6 + 6) // input bits, products, outputs
  })

  it('constant branches are materialized; two constant branches cost nothing (linear in the condition)', () => {
    const r = runOp({ node: node('Where', ['c', 'a', 'b']), inputs: { c: C }, constants: { a: f32([3], [0.5, -1.25, 2]), b: f32([1], [-3]) } })
    expect(r.integer['y']).toEqual(Array.from(r.float['y']!.data))
    expect(expectCircuitMatches(r)).toBe(6 + 6) // condition bits and public outputs only
    const one = runOp({ node: node('Where', ['c', 'x', 'b']), inputs: { c: C, x: f32([2, 3], seeded(6, 4)) }, constants: { b: f32([], [0.25]) } })
    expect(maxAbsDiff(one.integer['y']!, one.float['y']!.data)).toBeLessThan(1e-3)
    expectCircuitMatches(one)
  })

  it('int branches stay exact at scale 0', () => {
    const i64 = (data: number[]) => createTensor({ dtype: 'int64', dims: [2, 2], data })
    const r = runOp({ node: node('Where', ['c', 'x', 'z']), inputs: { c: bool([2, 2], [1, 0, 1, 1]), x: i64([1, 2, 3, 4]), z: i64([9, 8, 7, 6]) } })
    expect(r.integer['y']).toEqual([1, 8, 3, 4])
    expect(r.model.tensors['y']).toMatchObject({ scale: 0, dtype: 'int' })
    expectCircuitMatches(r)
  })

  it('the condition must be a proven bool', () => {
    expect(() => runOp({ node: node('Where', ['c', 'x', 'z']), inputs: { c: f32([2], [1, 0]), x: f32([2], [1, 2]), z: f32([2], [3, 4]) } })).toThrow(UnsupportedOpError)
  })
})
