import { describe, expect, it } from 'vitest'
import { lowerModel, type Visibility } from '../../src/circuit/lowerModel.js'
import { runIntegers } from '../../src/quantize/execInt.js'
import { failingConstraints } from '../../src/circuit/check.js'
import { fromFieldSigned, toField } from '../../src/circuit/field.js'
import { cnnModel, mlpModel, rng } from '../helpers/randomModel.js'
import type { QuantizedModel } from '../../src/ir/model.js'
import { expectEveryMutationFails } from '../helpers/mutation.js'

function randomInputs(model: QuantizedModel, seed: number) {
  const r = rng(seed)
  return Object.fromEntries(
    model.inputs.map((i) => {
      const lo = i.signed ? -(2 ** (i.bits - 1)) : 0
      const hi = i.signed ? 2 ** (i.bits - 1) - 1 : 2 ** i.bits - 1
      return [i.name, Array.from({ length: i.shape.reduce((a, d) => a * d, 1) }, () => r(lo, hi))]
    }),
  )
}

const PRIVATE: Visibility = { input: 'private', output: 'public' }

describe('lowerModel', () => {
  for (const [name, make] of [['mlp', () => mlpModel(16, 8, 3)], ['cnn', () => cnnModel()]] as const) {
    it(`${name}: witness satisfies the constraints and outputs equal the integer executor`, () => {
      const model = make()
      const compiled = lowerModel({ model, visibility: PRIVATE, mode: { constraints: true, witness: false } })
      for (let seed = 1; seed <= 4; seed++) {
        const ints = randomInputs(model, seed)
        const wit = lowerModel({ model, visibility: PRIVATE, inputs: ints, mode: { constraints: false, witness: true } })
        expect(wit.r1cs.nWires).toBe(compiled.r1cs.nWires)
        expect(failingConstraints(compiled.r1cs, wit.witness!.map(toField))).toEqual([])
        const exec = runIntegers(model, ints)
        for (const o of model.outputs) expect(wit.outputs![o.name]!.map(Number)).toEqual(exec.integers[o.name])
        // Public signals are the outputs, in layout order.
        const pub = wit.witness!.slice(1, 1 + compiled.r1cs.nPublic).map((v) => fromFieldSigned(toField(v)))
        expect(pub).toEqual(model.outputs.flatMap((o) => wit.outputs![o.name]!))
      }
      expect(compiled.maxValueBits).toBeLessThan(53)
    })
  }

  it('cnn: tampering any of a sample of wires breaks a constraint', () => {
    const model = cnnModel()
    const { r1cs, witness } = lowerModel({ model, visibility: PRIVATE, inputs: randomInputs(model, 9), mode: { constraints: true, witness: true } })
    const r = rng(5)
    const sample = Array.from({ length: 150 }, () => r(1, r1cs.nWires - 1))
    expectEveryMutationFails(r1cs, witness!.map(toField), sample)
  })

  it('a forged public output does not satisfy the circuit', () => {
    const model = mlpModel(16, 8, 3)
    const { r1cs, witness } = lowerModel({ model, visibility: PRIVATE, inputs: randomInputs(model, 3), mode: { constraints: true, witness: true } })
    const forged = witness!.map(toField)
    forged[1] = toField(forged[1]! + 1n)
    expect(failingConstraints(r1cs, forged).length).toBeGreaterThan(0)
  })

  it('private 8-bit inputs cost exactly 8 constraints each; public inputs 9 (the same bits + one recomposition)', () => {
    const model = mlpModel(16, 8, 3)
    const priv = lowerModel({ model, visibility: PRIVATE, mode: { constraints: true, witness: false } })
    const pub = lowerModel({ model, visibility: { input: 'public', output: 'public' }, mode: { constraints: true, witness: false } })
    expect(pub.r1cs.constraints.length - priv.r1cs.constraints.length).toBe(16)
    expect(pub.r1cs.nPublic).toBe(3 + 16)
    expect(pub.layout).toEqual([
      { kind: 'output', name: 'y', offset: 0, length: 3 },
      { kind: 'input', name: 'x', offset: 3, length: 16 },
    ])
  })

  it('an out-of-range private input cannot get a witness', () => {
    const model = mlpModel(4, 3, 2)
    expect(() => lowerModel({ model, visibility: PRIVATE, inputs: { x: [0, 1, 256, 3] }, mode: { constraints: false, witness: true } })).toThrow(/x\[2\]/)
  })
})
