import { describe, expect, it } from 'vitest'
import { UnsupportedOpError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { canonicalContext, f32, i64, info, maxAbsDiff, node, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { scatterElements } from './scatterElements.js'

const data = f32([2, 3], [1, 2, 3, 4, 5, 6])
const scatter = (reduction: string, idx: number[]) =>
  Array.from(scatterElements.floatKernel(node('ScatterElements', ['d', 'i', 'u'], { axis: attr.int(1), reduction: attr.string(reduction) }), [data, i64([2, 2], idx), f32([2, 2], [10, 20, 30, 40])], 16)[0]!.data)

describe('ScatterElements', () => {
  it('canonicalize: axis and reduction explicit; mul/max/min refused (not linear)', () => {
    const ctx = canonicalContext({ infos: { d: info([2, 3]), u: info([2, 2]) }, constants: { i: i64([2, 2], [0, 1, 0, 1]) } })
    expect(canonicalizeNode(node('ScatterElements', ['d', 'i', 'u'], { axis: attr.int(-1) }), ctx).nodes[0]!.attributes).toEqual({ axis: attr.int(1), reduction: attr.string('none') })
    expect(() => canonicalizeNode(node('ScatterElements', ['d', 'i', 'u'], { reduction: attr.string('mul') }), ctx)).toThrow(UnsupportedOpError)
  })

  it('floatKernel: none (later update wins) and add (duplicates accumulate), negative indices', () => {
    expect(scatter('none', [0, -1, 1, 1])).toEqual([10, 2, 20, 4, 40, 6])
    expect(scatter('add', [0, 0, 1, 1])).toEqual([31, 2, 3, 4, 75, 6])
  })

  it('quantize: none is one IndexMap over data and updates; add is one SparseLinear; both ≈ float', () => {
    const inputs = { d: f32([2, 3], seeded(6, 121)), u: f32([2, 2], seeded(4, 122, -4, 4)) }
    const none = runOp({ node: node('ScatterElements', ['d', 'i', 'u'], { axis: attr.int(1) }), inputs, constants: { i: i64([2, 2], [2, 0, -1, 1]) } })
    expect(none.model.nodes.map((q) => q.op)).toEqual(['IndexMap'])
    expect(maxAbsDiff(none.integer['y']!, none.float['y']!.data)).toBeLessThan(1e-3)
    const add = runOp({ node: node('ScatterElements', ['d', 'i', 'u'], { axis: attr.int(1), reduction: attr.string('add') }), inputs, constants: { i: i64([2, 2], [1, 1, 0, 0]) }, opset: 16 })
    expect(add.model.nodes.map((q) => q.op)).toEqual(['SparseLinear'])
    expect(maxAbsDiff(add.integer['y']!, add.float['y']!.data)).toBeLessThan(3 * 2 ** -add.model.inputs[1]!.scale)
  })
})
