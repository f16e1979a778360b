import { describe, expect, it } from 'vitest'
import { UnsupportedOpError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { prepareGraph } from '../onnx/prepare.js'
import { f32, i64, node } from '../../test/helpers/ops.js'
import { cast, constantOfShape, gather, shape, slice } from './foldOnly.js'

// Fold-only ops run only on constants, during prepareGraph; their kernels read raw nodes.
describe('fold-only ops', () => {
  it('kernels: Shape, Gather, Cast, Slice (both forms), ConstantOfShape', () => {
    const x = f32([2, 3], [1, 2, 3, 4, 5, 6])
    expect(Array.from(shape.floatKernel(node('Shape', ['x'], { start: attr.int(-1) }), [x], 15)[0]!.data)).toEqual([3])
    expect(Array.from(gather.floatKernel(node('Gather', ['x', 'i'], { axis: attr.int(1) }), [x, i64([1], [-1])], 13)[0]!.data)).toEqual([3, 6])
    expect(Array.from(cast.floatKernel(node('Cast', ['x'], { to: attr.int(7) }), [f32([2], [-1.7, 2.9])], 13)[0]!.data)).toEqual([-1, 2])
    expect(Array.from(slice.floatKernel(node('Slice', ['x', 's', 'e', 'a', 'st']), [x, i64([1], [-1]), i64([1], [-10]), i64([1], [1]), i64([1], [-1])], 13)[0]!.data)).toEqual([3, 2, 1, 6, 5, 4])
    expect(Array.from(slice.floatKernel(node('Slice', ['x'], { starts: attr.ints([1]), ends: attr.ints([2]) }), [x], 9)[0]!.data)).toEqual([4, 5, 6])
    const c = constantOfShape.floatKernel(node('ConstantOfShape', ['s']), [i64([2], [1, 2])], 13)[0]!
    expect([c.dtype, c.dims, Array.from(c.data)]).toEqual(['float32', [1, 2], [0, 0]])
  })

  it('prepareGraph refuses them on runtime values', () => {
    const graph = {
      opset: 13,
      inputs: [{ name: 'x', dtype: 'float32' as const, shape: [2, 3] }],
      outputs: [{ name: 'y', dtype: 'float32' as const }],
      initializers: new Map([['i', i64([1], [0])]]),
      nodes: [node('Gather', ['x', 'i'])],
    }
    expect(() => prepareGraph({ graph })).toThrow(UnsupportedOpError)
  })
})
