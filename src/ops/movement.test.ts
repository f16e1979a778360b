import { describe, expect, it } from 'vitest'
import { attr } from '../onnx/builders.js'
import { f32, i64, maxAbsDiff, node, quantizeOne, runOp } from '../../test/helpers/ops.js'
import { applyPlan, asMovement, mapPlan } from './movement.js'
import { lowerModel } from '../circuit/lowerModel.js'
import { failingConstraints } from '../circuit/check.js'
import { toField } from '../circuit/field.js'
import { privateWeightTensors, weightsCommitment } from '../circuit/privateWeights.js'
import { writeR1cs } from '../formats/r1cs.js'
import { quantizeInputs } from '../quantize/quantizeInput.js'
import { runIntegers } from '../quantize/execInt.js'

describe('movement plans', () => {
  it('applyPlan and asMovement: a plan of single unit terms is data movement, anything else is not', () => {
    const p = mapPlan({ opType: 'Test', name: 't' }, [2, 2], ([r, c]) => (r === c ? -1 : r! * 2 + c!))
    expect(Array.from(p.index)).toEqual([-1, 1, 2, -1])
    expect(Array.from(applyPlan(p, [5, 6, 7, 8]))).toEqual([0, 6, 7, 0])
    const unit = { shape: [2], index: Int32Array.from([0, -1, 1, 2]), terms: 2, coeff: Float64Array.from([1, 0.5, 0, 1]) }
    expect(Array.from(asMovement(unit)!.index)).toEqual([0, 2])
    expect(asMovement({ ...unit, coeff: Float64Array.from([1, 0, 0.5, 1]) })).toBeUndefined()
    expect(asMovement({ ...unit, bias: Float64Array.from([0, 1]) })).toBeUndefined()
    expect(Array.from(applyPlan({ ...unit, bias: Float64Array.from([0, 1]) }, [2, 3, 4]))).toEqual([2, 5])
  })

  it('IndexMap: runtime sources aligned to the largest scale by shifts', () => {
    const { model, float, integer } = runOp({ node: node('Pad', ['x', 'p', 'v']), inputs: { x: f32([2], [0.1, -0.05]), v: f32([], [100]) }, constants: { p: i64([2], [1, 0]) } })
    const q = model.nodes[0]!
    const [sx, sv] = [model.tensors['x']!.scale, model.tensors['v']!.scale]
    expect(sx).toBeGreaterThan(sv)
    expect(q.op === 'IndexMap' && [q.inputs, q.shifts, model.constants[q.index]!.data]).toEqual([['x', 'v'], [0, sx - sv], [2, 0, 1]])
    expect(model.tensors['y']!.scale).toBe(sx)
    expect(maxAbsDiff(integer['y']!, float['y']!.data)).toBeLessThan(2 ** -sx)
  })

  it('SparseLinear: constant sources fold into the constant term at the output scale', () => {
    // ScatterElements add into a constant tensor: out = data + Σ updates, data a constant.
    const { state } = quantizeOne({
      node: node('ScatterElements', ['d', 'i', 'u'], { reduction: attr.string('add') }),
      inputs: { u: [2] },
      constants: { d: f32([3], [0.5, 0.25, -1]), i: i64([2], [0, 0]) },
      inputScale: 4,
      opset: 16,
    })
    const q = state.nodes[0]!
    if (q.op !== 'SparseLinear') throw new Error('expected SparseLinear')
    expect(q.terms).toBe(3)
    expect(state.tensors['y']!.scale).toBe(4)
    expect(state.constants[q.bias!]!.data).toEqual([8, 4, -16])
    expect(state.constants[q.index]!.data).toEqual([-1, 0, 1, -1, -1, -1, -1, -1, -1])
    expect(state.constants[q.weight]!.data).toEqual([0, 1, 1, 0, 0, 0, 0, 0, 0])
  })

  it('hidden weights: constant operands (fills, constant terms) are private; the R1CS does not depend on their values', () => {
    const x = f32([1, 3], [0.3, -0.6, 0.9])
    const build = (k: number[]) => runOp({ node: node('Concat', ['x', 'k'], { axis: attr.int(1) }), inputs: { x }, constants: { k: f32([1, 2], k) } }).model
    const [a, b] = [build([0.5, -0.25]), build([-0.25, 0.5])]
    expect(privateWeightTensors(a).map((t) => t.tensor.data)).toEqual([a.constants[(a.nodes[0] as { fill: string }).fill]!.data])
    const hidden = { input: 'private', output: 'public', weights: 'private' } as const
    const ra = lowerModel({ model: a, visibility: hidden, mode: { constraints: true, witness: false } }).r1cs
    const rb = lowerModel({ model: b, visibility: hidden, mode: { constraints: true, witness: false } }).r1cs
    expect(Buffer.compare(writeR1cs(ra), writeR1cs(rb))).toBe(0)
    const ints = quantizeInputs({ model: b, input: { x: Array.from(x.data) }, clamp: false })
    const wit = lowerModel({ model: b, visibility: hidden, inputs: ints, mode: { constraints: false, witness: true } })
    expect(failingConstraints(ra, wit.witness!.map(toField))).toEqual([])
    expect(wit.outputs!['y']!.map(Number)).toEqual(runIntegers(b, ints).integers['y'])
    expect(weightsCommitment({ model: a })).not.toBe(weightsCommitment({ model: b }))
  })
})
