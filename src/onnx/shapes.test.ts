import { describe, expect, it } from 'vitest'
import { ShapeMismatchError } from '../errors/compile.js'
import { broadcastShapes, matmulShape, normalizeAxis, resolveAutoPads, resolveReshape, windowOutputSize } from './shapes.js'

const node = { opType: 'Op', name: 'n1' }

describe('shape arithmetic', () => {
  it('broadcasts numpy-style and names the shapes on failure', () => {
    expect(broadcastShapes(node, [2, 1, 4], [3, 1])).toEqual([2, 3, 4])
    expect(broadcastShapes(node, [], [5])).toEqual([5])
    const e = (() => {
      try {
        broadcastShapes(node, [2, 3], [4])
      } catch (err) {
        return err as ShapeMismatchError
      }
    })()!
    expect(e).toBeInstanceOf(ShapeMismatchError)
    expect(e.shapes).toEqual([[2, 3], [4]])
    expect(e.message).toContain('Shape mismatch in Op node "n1": cannot broadcast dimension 3 with 4')
  })

  it('computes window output sizes (floor, ceil, last window starting in the right pad)', () => {
    const base = { kernel: 3, stride: 2, dilation: 1, padBegin: 0, padEnd: 0, ceilMode: false }
    expect(windowOutputSize({ ...base, input: 8 })).toBe(3)
    expect(windowOutputSize({ ...base, input: 8, ceilMode: true })).toBe(4)
    // ceil would give 3, but the third window would start in the end padding: dropped.
    expect(windowOutputSize({ input: 4, kernel: 2, stride: 2, dilation: 1, padBegin: 0, padEnd: 1, ceilMode: true })).toBe(2)
    expect(windowOutputSize({ ...base, input: 7, dilation: 2 })).toBe(2)
    expect(windowOutputSize({ ...base, input: 2 })).toBe(0)
  })

  it('resolves auto_pad', () => {
    const p = { input: [5], kernel: [3], strides: [2], dilations: [1], explicit: undefined }
    expect(resolveAutoPads(node, { ...p, autoPad: 'SAME_UPPER', input: [6] })).toEqual([0, 1])
    expect(resolveAutoPads(node, { ...p, autoPad: 'SAME_LOWER', input: [6] })).toEqual([1, 0])
    expect(resolveAutoPads(node, { ...p, autoPad: 'VALID' })).toEqual([0, 0])
    expect(resolveAutoPads(node, { ...p, autoPad: 'NOTSET', explicit: [2, 1] })).toEqual([2, 1])
    expect(() => resolveAutoPads(node, { ...p, autoPad: 'NOTSET', explicit: [1] })).toThrow(/pads has 1 values, expected 2/)
  })

  it('resolves Reshape targets (0, -1, allowzero) and rejects bad ones', () => {
    expect(resolveReshape(node, [2, 3, 4], [0, -1], false)).toEqual([2, 12])
    expect(resolveReshape(node, [2, 3, 4], [-1], false)).toEqual([24])
    expect(resolveReshape(node, [0, 3], [3, 0], true)).toEqual([3, 0])
    expect(() => resolveReshape(node, [2, 3], [-1, -1], false)).toThrow(/more than one -1/)
    expect(() => resolveReshape(node, [2, 3], [4, -1], false)).toThrow(/cannot infer -1: 6 elements do not divide by 4/)
    expect(() => resolveReshape(node, [2, 3], [5], false)).toThrow(/reshape from 6 to 5 elements/)
  })

  it('computes MatMul shapes with 1-D promotion and batch broadcasting', () => {
    expect(matmulShape(node, [3], [3])).toEqual([])
    expect(matmulShape(node, [2, 1, 4, 3], [5, 3, 6])).toEqual([2, 5, 4, 6])
    expect(matmulShape(node, [4, 3], [3])).toEqual([4])
    expect(() => matmulShape(node, [4, 3], [2, 6])).toThrow(/inner dimensions differ \(3 vs 2\)/)
  })

  it('normalizes axes', () => {
    expect(normalizeAxis(node, -1, 4)).toBe(3)
    expect(() => normalizeAxis(node, 4, 4)).toThrow(/axis 4 is out of range for rank 4/)
  })
})
