import { describe, expect, it } from 'vitest'
import { attr, makeNode } from '../onnx/builders.js'
import { calibrateRanges } from '../compile/calibrate.js'
import { execFloat } from '../onnx/execFloat.js'
import type { Graph } from '../onnx/ir.js'
import { prepareGraph } from '../onnx/prepare.js'
import { quantizeGraph } from '../quantize/quantize.js'
import { quantizeInputs } from '../quantize/quantizeInput.js'
import { runIntegers } from '../quantize/execInt.js'
import { lowerModel } from '../circuit/lowerModel.js'
import { failingConstraints } from '../circuit/check.js'
import { toField } from '../circuit/field.js'
import { f32, info, node } from '../../test/helpers/ops.js'
import { cast } from './cast.js'

const INT64 = 7
const BOOL = 9
const FLOAT = 1

/** x → Cast(to₁) → Cast(to₂) …: float, integer executor and circuit outputs. */
function chain(x: number[], targets: number[]) {
  const graph: Graph = {
    opset: 13,
    inputs: [{ name: 'x', dtype: 'float32', shape: [x.length] }],
    outputs: [{ name: `c${targets.length - 1}`, dtype: 'float32' }],
    initializers: new Map(),
    nodes: targets.map((to, i) => makeNode({ opType: 'Cast', inputs: [i ? `c${i - 1}` : 'x'], outputs: [`c${i}`], attributes: { to: attr.int(to) } })),
  }
  const prepared = prepareGraph({ graph })
  const out = `c${targets.length - 1}`
  const float = Array.from(execFloat({ graph: prepared, inputs: { x } }).outputs[out]!.data)
  const { ranges } = calibrateRanges({ graph: prepared, samples: [{ x }] })
  const model = quantizeGraph({ graph: prepared, ranges, inputBits: 8, weightBits: 8, activationBits: 12 })
  const ints = quantizeInputs({ model, input: { x }, clamp: false })
  const res = runIntegers(model, ints)
  const lowered = lowerModel({ model, visibility: { input: 'private', output: 'public' }, inputs: ints, mode: { constraints: true, witness: true } })
  expect(failingConstraints(lowered.r1cs, lowered.witness!.map(toField))).toEqual([])
  expect(lowered.outputs![out]!.map(Number)).toEqual(res.integers[out])
  return { model, float, integer: res.outputs[out]!, constraints: lowered.r1cs.constraints.length }
}

describe('Cast', () => {
  it('floatKernel and shape rule: truncation toward zero, bool, dtype', () => {
    const y = cast.floatKernel(node('Cast', ['x'], { to: attr.int(INT64) }), [f32([4], [-1.7, 2.9, -0.2, 3])], 13)[0]!
    expect([y.dtype, Array.from(y.data)]).toEqual(['int64', [-1, 2, 0, 3]])
    expect(Array.from(cast.floatKernel(node('Cast', ['x'], { to: attr.int(BOOL) }), [f32([3], [0, -0.5, 2])], 13)[0]!.data)).toEqual([0, 1, 1])
    expect(cast.inferShape(node('Cast', ['x'], { to: attr.int(BOOL) }), [info([2])], () => undefined)).toEqual([info([2], 'bool')])
  })

  it('float → int: one Cast node (trunc at the input scale), scale 0; executor = float = circuit', () => {
    const x = [-3.3, -2.6, -1.1, -0.4, 0, 0.45, 1.2, 2.7, 3.6]
    const { model, float, integer, constraints } = chain(x, [INT64])
    expect(model.nodes.map((q) => q.op)).toEqual(['Cast'])
    const q = model.nodes[0]!
    expect(q.op === 'Cast' && [q.to, q.shift]).toEqual(['int', model.inputs[0]!.scale])
    expect(model.tensors['c0']!.scale).toBe(0)
    expect(integer).toEqual(float)
    expect(float).toEqual([-3, -2, -1, 0, 0, 0, 1, 2, 3])
    // Two decompositions per element, each of about the input's width.
    expect(constraints).toBeLessThan(x.length * (8 + 2 * 14))
  })

  it('float → bool and int → bool: [x ≠ 0]; int → float and bool → float are views', () => {
    const x = [-2.5, 0, 0.01, 3]
    const b = chain(x, [BOOL])
    expect(b.model.nodes.map((q) => q.op)).toEqual(['Cast'])
    expect(b.integer).toEqual([1, 0, 0, 1]) // 0.01 is below half a quantum: it quantizes to 0
    const ib = chain(x, [INT64, BOOL, FLOAT])
    expect(ib.model.nodes.map((q) => q.op)).toEqual(['Cast', 'Cast', 'Reshape'])
    expect(ib.integer).toEqual([1, 0, 0, 1])
    expect(ib.integer).toEqual(ib.float)
    expect(chain(x, [FLOAT]).model.nodes.map((q) => q.op)).toEqual(['Reshape'])
  })
})
