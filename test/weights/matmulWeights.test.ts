/**
 * Hidden-weights mode with the MatMul integer node: a constant operand (batched on the right, or on
 * the left) becomes private weights committed by weightsHash, one constraint per product; the
 * witness satisfies the constraints and reproduces the integer executor; a data × data MatMul
 * commits nothing.
 */
import { describe, expect, it } from 'vitest'
import { lowerModel } from '../../src/circuit/lowerModel.js'
import { failingConstraints } from '../../src/circuit/check.js'
import { toField } from '../../src/circuit/field.js'
import { privateWeightTensors } from '../../src/circuit/privateWeights.js'
import { runIntegers } from '../../src/quantize/execInt.js'
import type { QuantizedModel } from '../../src/ir/model.js'

/** a = x [2, 1, 3] · W [2, 3, 2] (batched weights), b = L [2, 1] · a (a constant left operand), z = b · b (two data operands). */
function model(): QuantizedModel {
  const t = (shape: number[]) => ({ shape, scale: 0 })
  return {
    version: 1,
    inputs: [{ name: 'x', shape: [2, 1, 3], scale: 0, bits: 3, signed: true, min: -4, max: 3 }],
    outputs: [{ name: 'z', shape: [2, 2, 2], scale: 0 }],
    tensors: { x: t([2, 1, 3]), a: t([2, 1, 2]), b: t([2, 2, 2]), z: t([2, 2, 2]) },
    constants: { W: { dims: [2, 3, 2], data: [1, -2, 3, 0, -1, 2, 2, 2, -3, 1, 0, -1] }, L: { dims: [2, 1], data: [3, -2] } },
    nodes: [
      { op: 'MatMul', name: 'batched', inputs: ['x'], outputs: ['a'], weight: 'W' },
      { op: 'MatMul', name: 'left', inputs: ['a'], outputs: ['b'], weight: 'L', weightLeft: true },
      { op: 'MatMul', name: 'data', inputs: ['b', 'b'], outputs: ['z'] },
    ],
  }
}

describe('MatMul with hidden weights', () => {
  it('commits the constant operands, satisfies the constraints and reproduces the executor', () => {
    const m = model()
    expect(privateWeightTensors(m).map((w) => w.name)).toEqual(['W', 'L'])
    const x = [1, -4, 3, 2, 0, -1]
    const exec = runIntegers(m, { x })
    for (const weights of ['private', undefined] as const) {
      const lowered = lowerModel({ model: m, visibility: { input: 'private', output: 'public', ...(weights ? { weights } : {}) }, inputs: { x }, mode: { constraints: true, witness: true } })
      expect(failingConstraints(lowered.r1cs, lowered.witness!.map(toField))).toEqual([])
      expect(lowered.outputs!['z']!.map(Number)).toEqual(exec.integers['z'])
    }
  })

  it('costs one constraint per weight product in hidden mode, none with constant weights', () => {
    const m = model()
    const count = (weights?: 'private') => lowerModel({ model: m, visibility: { input: 'private', output: 'public', ...(weights ? { weights } : {}) }, mode: { constraints: true, witness: false } }).r1cs.constraints.length
    // Products: batched 2·1·2 outputs × 3 terms = 12, left 2·2·2 × 1 = 8.
    expect(count('private') - count()).toBeGreaterThanOrEqual(12 + 8)
  })
})
