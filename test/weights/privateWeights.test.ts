/**
 * Hidden-weights mode at the constraint level: correctness against the integer executor, the
 * commitment (native = circuit, binding, unforgeable), tampering, structure independent of the
 * weight values, and the constraint count ≈ MACs + range checks + hash.
 */
import { describe, expect, it } from 'vitest'
import { lowerModel, type Visibility } from '../../src/circuit/lowerModel.js'
import { runIntegers } from '../../src/quantize/execInt.js'
import { failingConstraints } from '../../src/circuit/check.js'
import { toField } from '../../src/circuit/field.js'
import { CircuitBuilder } from '../../src/circuit/builder.js'
import { lcWire } from '../../src/circuit/lc.js'
import { poseidonManyGadget, valuesPerElement } from '../../src/circuit/poseidon/index.js'
import { privateWeightTensors, weightTensorBits, weightsCommitment } from '../../src/circuit/privateWeights.js'
import { writeR1cs } from '../../src/formats/r1cs.js'
import { cnnModel, mlpModel, rng } from '../helpers/randomModel.js'
import { expectEveryMutationFails } from '../helpers/mutation.js'
import type { QuantizedModel } from '../../src/ir/model.js'

const HIDDEN: Visibility = { input: 'private', output: 'public', weights: 'private' }
const CONSTANT: Visibility = { input: 'private', output: 'public' }

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

function lowerHidden(model: QuantizedModel, seed: number) {
  return lowerModel({ model, visibility: HIDDEN, inputs: randomInputs(model, seed), mode: { constraints: true, witness: true } })
}

const sameBytes = (x: Uint8Array, y: Uint8Array) => Buffer.compare(x, y) === 0

/** Wire index of the weightsHash public signal (public wires are 1..nPublic, in layout order). */
function hashWire(layout: ReturnType<typeof lowerModel>['layout']): number {
  const e = layout.find((x) => x.kind === 'weightsHash')!
  return 1 + e.offset
}

describe('weightTensorBits', () => {
  it('is the smallest signed width holding the tensor', () => {
    expect(weightTensorBits({ dims: [2], data: [-128, 127] })).toBe(8)
    expect(weightTensorBits({ dims: [2], data: [-127, 127] })).toBe(8)
    expect(weightTensorBits({ dims: [1], data: [128] })).toBe(9)
    expect(weightTensorBits({ dims: [1], data: [-129] })).toBe(9)
    expect(weightTensorBits({ dims: [2], data: [0, 0] })).toBe(1)
    expect(weightTensorBits({ dims: [1], data: [-1] })).toBe(1)
  })
})

describe('hidden weights', () => {
  for (const [name, make] of [['mlp', () => mlpModel(16, 8, 3)], ['cnn', () => cnnModel()]] as const) {
    it(`${name}: witness satisfies the constraints, outputs equal the integer executor, the public hash is the native commitment`, () => {
      const model = make()
      const compiled = lowerModel({ model, visibility: HIDDEN, mode: { constraints: true, witness: false } })
      expect(compiled.layout.at(-1)).toMatchObject({ kind: 'weightsHash', length: 1, offset: compiled.r1cs.nPublic - 1 })
      for (let seed = 1; seed <= 3; seed++) {
        const ints = randomInputs(model, seed)
        const wit = lowerModel({ model, visibility: HIDDEN, inputs: ints, mode: { constraints: false, witness: true } })
        expect(wit.r1cs.nWires).toBe(compiled.r1cs.nWires)
        const w = wit.witness!.map(toField)
        expect(failingConstraints(compiled.r1cs, w)).toEqual([])
        const exec = runIntegers(model, ints)
        for (const o of model.outputs) expect(wit.outputs![o.name]!.map(Number)).toEqual(exec.integers[o.name])
        expect(w[hashWire(compiled.layout)]).toBe(weightsCommitment({ model }))
      }
      expect(compiled.maxValueBits).toBeLessThan(53)
    })
  }

  it('tampering any weight wire (bits, products, reused-weight wires, packing, hash) breaks a constraint', () => {
    for (const model of [mlpModel(6, 4, 2), cnnModel()]) {
      const { r1cs, witness } = lowerHidden(model, 4)
      const names = privateWeightTensors(model).map((t) => t.name)
      const weightWires = [...r1cs.labels!.entries()]
        .filter(([, label]) => label.startsWith('weightsHash') || names.some((n) => label.startsWith(`${n}[`)))
        .map(([w]) => w)
      expect(weightWires.length).toBeGreaterThan(100)
      const r = rng(7)
      const sample = weightWires.length <= 250 ? weightWires : Array.from({ length: 250 }, () => weightWires[r(0, weightWires.length - 1)]!)
      expectEveryMutationFails(r1cs, witness!.map(toField), sample)
    }
  })

  it('the constraints depend on bit widths only: another weight set gets the same R1CS and a different hash', () => {
    const a = mlpModel(16, 8, 3, 1)
    const b = mlpModel(16, 8, 3, 2)
    expect(privateWeightTensors(b).map((t) => t.bits)).toEqual(privateWeightTensors(a).map((t) => t.bits))
    const la = lowerHidden(a, 1)
    const lb = lowerHidden(b, 1)
    expect(sameBytes(writeR1cs(lb.r1cs), writeR1cs(la.r1cs))).toBe(true)
    // B's witness satisfies A's constraints (one key serves both) but states B's commitment.
    const wb = lb.witness!.map(toField)
    expect(failingConstraints(la.r1cs, wb)).toEqual([])
    const h = hashWire(la.layout)
    expect(wb[h]).toBe(weightsCommitment({ model: b }))
    expect(weightsCommitment({ model: b })).not.toBe(weightsCommitment({ model: a }))
    // Claiming A's commitment with B's weights does not satisfy the circuit.
    const forged = [...wb]
    forged[h] = weightsCommitment({ model: a })
    expect(failingConstraints(la.r1cs, forged).length).toBeGreaterThan(0)
  })

  it('changing a single weight changes the commitment', () => {
    const a = mlpModel(16, 8, 3, 1)
    const b = structuredClone(a)
    b.constants.w2!.data[5] = b.constants.w2!.data[5]! === 0 ? 1 : -b.constants.w2!.data[5]!
    expect(weightsCommitment({ model: b })).not.toBe(weightsCommitment({ model: a }))
  })

  it('costs one constraint per multiply-accumulate plus the range checks and the hash', () => {
    const model = mlpModel(16, 8, 3)
    const hidden = lowerModel({ model, visibility: HIDDEN, mode: { constraints: true, witness: false } }).r1cs.constraints.length
    const constant = lowerModel({ model, visibility: CONSTANT, mode: { constraints: true, witness: false } }).r1cs.constraints.length
    const macs = 16 * 8 + 8 * 3
    const tensors = privateWeightTensors(model)
    const rangeBits = tensors.reduce((a, t) => a + t.bits * t.tensor.data.length, 0)
    const packed = tensors.reduce((a, t) => a + Math.ceil(t.tensor.data.length / valuesPerElement(t.bits)), 0)
    const hb = new CircuitBuilder({ constraints: false, witness: false })
    poseidonManyGadget(hb, Array.from({ length: packed }, () => lcWire(hb.alloc(0n, 1n, () => 0n, 'x'))), 'h')
    const hashCost = hb.nConstraints + packed + 1 // + one wire per packed element + the public signal
    const rest = hidden - constant - macs - rangeBits - hashCost
    expect({ hidden, constant, macs, rangeBits, hashCost, rest }).toMatchInlineSnapshot(`
      {
        "constant": 297,
        "hashCost": 423,
        "hidden": 2230,
        "macs": 152,
        "rangeBits": 1348,
        "rest": 10,
      }
    `)
    // What remains is the requantize decompositions growing for worst-case weights (8 hidden units).
    expect(rest).toBeGreaterThanOrEqual(0)
    expect(rest).toBeLessThanOrEqual(8 * 12)
  })

  it('constant mode is unchanged by the hidden-weights support (no weightsHash, same count)', () => {
    const model = cnnModel()
    const c = lowerModel({ model, visibility: CONSTANT, mode: { constraints: true, witness: false } })
    const explicit = lowerModel({ model, visibility: { ...CONSTANT, weights: 'constant' }, mode: { constraints: true, witness: false } })
    expect(c.layout.some((e) => e.kind === 'weightsHash')).toBe(false)
    expect(sameBytes(writeR1cs(explicit.r1cs), writeR1cs(c.r1cs))).toBe(true)
  })
})
