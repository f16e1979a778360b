import { describe, expect, it } from 'vitest'
import { ShapeMismatchError, UnsupportedOpError } from '../errors/compile.js'
import { canonicalContext, f32, i64, info, maxAbsDiff, node, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { expand, tile } from './expand.js'

describe('Expand and Tile', () => {
  it('shape rules: bidirectional broadcasting; invalid repeats; runtime shapes refused', () => {
    const c = (t: ReturnType<typeof i64>) => () => t
    expect(expand.inferShape(node('Expand', ['x', 's']), [info([3, 1])], c(i64([3], [2, 1, 6])))).toEqual([info([2, 3, 6])])
    expect(expand.inferShape(node('Expand', ['x', 's']), [info([2, 3])], c(i64([1], [1])))).toEqual([info([2, 3])])
    expect(() => expand.inferShape(node('Expand', ['x', 's']), [info([2, 3])], c(i64([1], [4])))).toThrow(ShapeMismatchError)
    expect(tile.inferShape(node('Tile', ['x', 'r']), [info([2, 3])], c(i64([2], [3, 0])))).toEqual([info([6, 0])])
    expect(() => tile.inferShape(node('Tile', ['x', 'r']), [info([2, 3])], c(i64([1], [2])))).toThrow(ShapeMismatchError)
    expect(() => canonicalizeNode(node('Tile', ['x', 'r']), canonicalContext({ infos: { x: info([2]), r: info([1], 'int64') } }))).toThrow(UnsupportedOpError)
    // Hostile sizes are refused before anything of that size is allocated.
    expect(() => tile.inferShape(node('Tile', ['x', 'r']), [info([2, 3])], c(i64([2], [2 ** 20, 2 ** 20])))).toThrow(ShapeMismatchError)
    expect(() => expand.inferShape(node('Expand', ['x', 's']), [info([1, 1])], c(i64([2], [2 ** 20, 2 ** 20])))).toThrow(ShapeMismatchError)
  })

  it('floatKernel', () => {
    const x = f32([2, 1], [1, 2])
    expect(Array.from(expand.floatKernel(node('Expand', ['x', 's']), [x, i64([2], [2, 3])], 13)[0]!.data)).toEqual([1, 1, 1, 2, 2, 2])
    expect(Array.from(tile.floatKernel(node('Tile', ['x', 'r']), [f32([1, 2], [1, 2]), i64([2], [2, 2])], 13)[0]!.data)).toEqual([1, 2, 1, 2, 1, 2, 1, 2])
  })

  it('quantize: one IndexMap each, exact', () => {
    for (const [n, constants] of [
      [node('Expand', ['x', 's']), { s: i64([3], [2, 3, 4]) }],
      [node('Tile', ['x', 's']), { s: i64([2], [2, 3]) }],
    ] as const) {
      const { model, float, integer } = runOp({ node: n, inputs: { x: f32([3, 1], seeded(3, 101)) }, constants })
      expect(model.nodes.map((q) => q.op)).toEqual(['IndexMap'])
      expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThanOrEqual(2 ** -model.inputs[0]!.scale / 2)
    }
  })
})
