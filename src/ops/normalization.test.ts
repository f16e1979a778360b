import { describe, expect, it } from 'vitest'
import { attr } from '../onnx/builders.js'
import { checkGraph, f32, node, seeded } from '../../test/helpers/ops.js'
import type { Node, Tensor } from '../onnx/ir.js'
import { scaleFor } from '../ir/scales.js'
import { groupNormalization, instanceNormalization, layerNormalization } from './normalization.js'

/**
 * One normalisation node at the default bits (8-bit input, 12-bit activations) on `xs`: the error
 * against the float op at the quantized input, in quanta of the output's target scale; the circuit's
 * witness equals the executor.
 */
function run(n: Node, shape: number[], xs: number[], constants: Record<string, Tensor>, outputs = ['y']) {
  const { model, exec, float, ranges, constraints } = checkGraph({ nodes: [n], shape, xs, initializers: constants, opset: 21, outputs })
  const errors = Object.fromEntries(
    outputs.map((o) => {
      const r = ranges.get(o)!
      const quantum = 2 ** -scaleFor(Math.max(Math.abs(r.min), Math.abs(r.max)), 2 ** 11 - 1)
      let e = 0
      for (let i = 0; i < exec[o]!.length; i++) e = Math.max(e, Math.abs(exec[o]![i]! - float[o]![i]!) / quantum)
      return [o, e]
    }),
  )
  const elements = shape.reduce((a, d) => a * d, 1)
  return { model, errors, perElement: (constraints - elements * 8) / elements }
}

describe('normalisation float kernels', () => {
  it('LayerNormalization normalises the trailing dims, then scales and shifts', () => {
    const n = node('LayerNormalization', ['x', 'g', 'b'], { axis: attr.int(1), epsilon: attr.float(0) }, ['y', 'mean', 'inv'])
    const [y, mean, inv] = layerNormalization.floatKernel(n, [f32([1, 2], [1, 3]), f32([2], [2, 1]), f32([2], [0, 1])], 17)
    expect(Array.from(y!.data)).toEqual([-2, 2])
    expect(Array.from(mean!.data)).toEqual([2])
    expect(Array.from(inv!.data)).toEqual([1])
  })
  it('InstanceNormalization per (n, c); GroupNormalization per (n, group)', () => {
    const x = f32([1, 2, 2], [0, 2, 10, 30])
    const one = f32([2], [1, 1])
    const zero = f32([2], [0, 0])
    expect(Array.from(instanceNormalization.floatKernel(node('InstanceNormalization', ['x', 's', 'b'], { epsilon: attr.float(0) }), [x, one, zero], 22)[0]!.data)).toEqual([-1, 1, -1, 1])
    const g = groupNormalization.floatKernel(node('GroupNormalization', ['x', 's', 'b'], { num_groups: attr.int(1), epsilon: attr.float(0) }), [x, one, zero], 21)[0]!
    expect(g.data[3]).toBeCloseTo((30 - 10.5) / Math.sqrt((10.5 ** 2 + 8.5 ** 2 + 0.5 ** 2 + 19.5 ** 2) / 4), 12)
  })
})

describe('normalisation in the circuit (default bits)', () => {
  it('LayerNormalization over rows of 16: ≤ 2 output quanta; Mean and InvStdDev outputs', () => {
    const g = f32([16], seeded(16, 3, 0.5, 1.5))
    const b = f32([16], seeded(16, 4, -0.5, 0.5))
    const n = node('LayerNormalization', ['x', 'g', 'b'], { axis: attr.int(-1), epsilon: attr.float(1e-5) }, ['y', 'mean', 'inv'])
    const { model, errors } = run(n, [6, 16], seeded(96, 11, -3, 3), { g, b }, ['y', 'mean', 'inv'])
    expect(model.nodes.map((q) => q.op)).toContain('Normalize')
    expect(errors['y']).toBeLessThanOrEqual(2)
    expect(errors['mean']).toBeLessThanOrEqual(2)
    expect(errors['inv']).toBeLessThanOrEqual(2)
  })

  it('LayerNormalization with a tiny variance row (ε dominates) stays provable and close', () => {
    const xs = [...seeded(8, 5, -2, 2), ...new Array<number>(8).fill(0.5)]
    const { errors } = run(node('LayerNormalization', ['x', 'g'], { axis: attr.int(1), epsilon: attr.float(1e-3) }), [2, 8], xs, { g: f32([8], new Array<number>(8).fill(1)) })
    expect(errors['y']).toBeLessThanOrEqual(2)
  })

  it('InstanceNormalization and GroupNormalization: ≤ 2 output quanta', () => {
    const s = f32([4], [1, 0.5, -1, 2])
    const b = f32([4], [0, 0.25, 0.5, -1])
    const xs = seeded(2 * 4 * 9, 21, -2, 2)
    expect(run(node('InstanceNormalization', ['x', 's', 'b']), [2, 4, 3, 3], xs, { s, b }).errors['y']).toBeLessThanOrEqual(2)
    expect(run(node('GroupNormalization', ['x', 's', 'b'], { num_groups: attr.int(2) }), [2, 4, 3, 3], xs, { s, b }).errors['y']).toBeLessThanOrEqual(2)
  })
})
