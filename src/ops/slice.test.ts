import { describe, expect, it } from 'vitest'
import { ShapeMismatchError, UnsupportedOpError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { canonicalContext, f32, i64, info, maxAbsDiff, node, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { slice } from './slice.js'

const x = f32([2, 3], [1, 2, 3, 4, 5, 6])
const params = (starts: number[], ends: number[], axes: number[], steps: number[]) => ({ s: i64([starts.length], starts), e: i64([ends.length], ends), a: i64([axes.length], axes), st: i64([steps.length], steps) })
const run = (p: ReturnType<typeof params>) => {
  const n = node('Slice', ['x', 's', 'e', 'a', 'st'])
  const k = (name: string) => p[name as keyof typeof p]
  return slice.floatKernel(n, [x, k('s'), k('e'), k('a'), k('st')], 13)[0]!
}

describe('Slice', () => {
  it('canonicalize: the attribute form (opset < 10) becomes inputs; axes normalized, steps explicit; runtime starts refused', () => {
    const ctx = canonicalContext({ opset: 9, infos: { x: info([2, 3]) } })
    const r = canonicalizeNode(node('Slice', ['x'], { starts: attr.ints([1]), ends: attr.ints([2]), axes: attr.ints([-2]) }), ctx)
    expect(r.nodes[0]!.inputs).toHaveLength(5)
    expect(r.initializers.map(([, t]) => Array.from(t.data))).toEqual([[1], [2], [0], [1]])
    const runtime = canonicalContext({ infos: { x: info([2, 3]), s: info([1], 'int64') }, constants: { e: i64([1], [2]) } })
    expect(() => canonicalizeNode(node('Slice', ['x', 's', 'e']), runtime)).toThrow(UnsupportedOpError)
  })

  it('floatKernel: negative and out-of-range starts/ends, negative steps, empty results', () => {
    expect(Array.from(run(params([-1], [-10], [1], [-1])).data)).toEqual([3, 2, 1, 6, 5, 4])
    expect(Array.from(run(params([0, 1], [2 ** 62, 3], [0, 1], [1, 1])).data)).toEqual([2, 3, 5, 6])
    expect(Array.from(run(params([1], [0], [1], [2])).data)).toEqual([])
    expect(run(params([5], [9], [1], [1])).dims).toEqual([2, 0])
    expect(Array.from(run(params([2], [-4], [1], [-2])).data)).toEqual([3, 1, 6, 4])
  })

  it('inferShape: shapes from the constants; a zero step and repeated axes are errors', () => {
    const p = params([0], [2], [1], [1])
    const c = (name: string) => p[name as keyof typeof p]
    expect(slice.inferShape(node('Slice', ['x', 's', 'e', 'a', 'st']), [info([4, 3])], c)).toEqual([info([4, 2])])
    const zero = params([0], [2], [1], [0])
    expect(() => slice.inferShape(node('Slice', ['x', 's', 'e', 'a', 'st']), [info([4, 3])], (n) => zero[n as keyof typeof zero])).toThrow(ShapeMismatchError)
    const rep = params([0, 0], [1, 1], [1, -1], [1, 1])
    expect(() => slice.inferShape(node('Slice', ['x', 's', 'e', 'a', 'st']), [info([4, 3])], (n) => rep[n as keyof typeof rep])).toThrow(/repeats/)
  })

  it('quantize: one IndexMap at the input scale; integer executor equals float exactly', () => {
    const { model, float, integer } = runOp({
      node: node('Slice', ['x', 's', 'e', 'a', 'st']),
      inputs: { x: f32([4, 5], seeded(20, 81)) },
      constants: params([3, -1], [0, -6], [0, 1], [-2, -2]),
    })
    expect(model.nodes.map((q) => q.op)).toEqual(['IndexMap'])
    expect(model.tensors['y']!.scale).toBe(model.inputs[0]!.scale)
    expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThanOrEqual(2 ** -model.inputs[0]!.scale / 2)
  })
})
