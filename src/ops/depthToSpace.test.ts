import { describe, expect, it } from 'vitest'
import { ShapeMismatchError, UnsupportedOpError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { canonicalContext, f32, info, maxAbsDiff, node, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { depthToSpace, spaceToDepth } from './depthToSpace.js'

const x = f32([1, 4, 1, 2], [0, 1, 2, 3, 4, 5, 6, 7])

describe('DepthToSpace and SpaceToDepth', () => {
  it('canonicalize: mode explicit (DCR default); other modes refused', () => {
    const ctx = canonicalContext({ infos: { x: info([1, 4, 1, 2]) } })
    expect(canonicalizeNode(node('DepthToSpace', ['x'], { blocksize: attr.int(2) }), ctx).nodes[0]!.attributes).toEqual({ blocksize: attr.int(2), mode: attr.string('DCR') })
    expect(() => canonicalizeNode(node('DepthToSpace', ['x'], { blocksize: attr.int(2), mode: attr.string('XYZ') }), ctx)).toThrow(UnsupportedOpError)
  })

  it('floatKernel: DCR and CRD orders; SpaceToDepth inverts DCR; shape errors', () => {
    const d2s = (mode: string, t = x) => depthToSpace.floatKernel(node('DepthToSpace', ['x'], { blocksize: attr.int(2), mode: attr.string(mode) }), [t], 13)[0]!
    expect(d2s('DCR').dims).toEqual([1, 1, 2, 4])
    expect(Array.from(d2s('DCR').data)).toEqual([0, 2, 1, 3, 4, 6, 5, 7])
    // Two output channels: DCR takes the block position as the outer channel index, CRD as the inner one.
    const x8 = f32([1, 8, 1, 1], [0, 1, 2, 3, 4, 5, 6, 7])
    expect(Array.from(d2s('DCR', x8).data)).toEqual([0, 2, 4, 6, 1, 3, 5, 7])
    expect(Array.from(d2s('CRD', x8).data)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    const back = spaceToDepth.floatKernel(node('SpaceToDepth', ['y'], { blocksize: attr.int(2) }), [d2s('DCR')], 13)[0]!
    expect([back.dims, Array.from(back.data)]).toEqual([x.dims, Array.from(x.data)])
    expect(() => depthToSpace.inferShape(node('DepthToSpace', ['x'], { blocksize: attr.int(2) }), [info([1, 3, 2, 2])], () => undefined)).toThrow(ShapeMismatchError)
    expect(() => spaceToDepth.inferShape(node('SpaceToDepth', ['x'], { blocksize: attr.int(2) }), [info([1, 1, 3, 2])], () => undefined)).toThrow(ShapeMismatchError)
  })

  it('quantize: one IndexMap each, exact', () => {
    for (const n of [node('DepthToSpace', ['x'], { blocksize: attr.int(2), mode: attr.string('CRD') }), node('SpaceToDepth', ['x'], { blocksize: attr.int(2) })]) {
      const { model, float, integer } = runOp({ node: n, inputs: { x: f32([1, 4, 2, 2], seeded(16, 141)) } })
      expect(model.nodes.map((q) => q.op)).toEqual(['IndexMap'])
      expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThanOrEqual(2 ** -model.inputs[0]!.scale / 2)
    }
  })
})
