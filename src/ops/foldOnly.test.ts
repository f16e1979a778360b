import { describe, expect, it } from 'vitest'
import { UnsupportedOpError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { prepareGraph } from '../onnx/prepare.js'
import { f32, i64, node } from '../../test/helpers/ops.js'
import { constantOfShape, shape } from './foldOnly.js'

// Fold-only ops run only on constants, during prepareGraph; their kernels read raw nodes.
describe('fold-only ops', () => {
  it('kernels: Shape, ConstantOfShape', () => {
    const x = f32([2, 3], [1, 2, 3, 4, 5, 6])
    expect(Array.from(shape.floatKernel(node('Shape', ['x'], { start: attr.int(-1) }), [x], 15)[0]!.data)).toEqual([3])
    const c = constantOfShape.floatKernel(node('ConstantOfShape', ['s']), [i64([2], [1, 2])], 13)[0]!
    expect([c.dtype, c.dims, Array.from(c.data)]).toEqual(['float32', [1, 2], [0, 0]])
  })

  it('prepareGraph refuses them on runtime values', () => {
    const graph = {
      opset: 13,
      inputs: [{ name: 's', dtype: 'int64' as const, shape: [2] }],
      outputs: [{ name: 'y', dtype: 'float32' as const }],
      initializers: new Map(),
      nodes: [node('ConstantOfShape', ['s'])],
    }
    expect(() => prepareGraph({ graph })).toThrow(UnsupportedOpError)
  })
})
