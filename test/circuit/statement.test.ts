/**
 * The statement parts of a model circuit: public inputs range-checked in the circuit, salted input
 * and output commitments equal to their native definitions, the message signal bound by a
 * constraint, and the output ranges recorded for verifiers.
 */
import { describe, expect, it } from 'vitest'
import { lowerModel, type Visibility } from '../../src/circuit/lowerModel.js'
import { failingConstraints } from '../../src/circuit/check.js'
import { FIELD_PRIME, fromFieldSigned, toField } from '../../src/circuit/field.js'
import { inputCommitment, outputCommitment, randomSalt } from '../../src/circuit/commitments.js'
import { runIntegers } from '../../src/quantize/execInt.js'
import { InvalidInputError } from '../../src/errors/input.js'
import { mlpModel } from '../helpers/randomModel.js'

const model = mlpModel(4, 3, 2)
const inputs = { x: [5, 10, 200, 7] }
const witnessOf = (visibility: Visibility, extra: Partial<Parameters<typeof lowerModel>[0]> = {}) =>
  lowerModel({ model, visibility, inputs, mode: { constraints: true, witness: true }, ...extra })

describe('public inputs', () => {
  it('no assignment of the range bits proves an input outside [0, 255] (exhaustive over the 8 bits)', () => {
    const { r1cs, witness } = witnessOf({ input: 'public', output: 'public' })
    const w = witness!.map(toField)
    expect(failingConstraints(r1cs, w)).toEqual([])
    const wire = 1 + 2 + 2 // public order: y[0], y[1], x[0], x[1], x[2]
    expect(r1cs.labels!.get(wire)).toBe('x[2]')
    const bits = [...r1cs.labels!].filter(([, l]) => l.startsWith('x[2].range.bit')).map(([k]) => k)
    expect(bits).toHaveLength(8)
    // The recomposition constraint is the one with the input wire in C.
    const recomposition = r1cs.constraints.findIndex((k) => k.c.has(wire) && [...k.a.keys()].some((x) => bits.includes(x)))
    expect(recomposition).toBeGreaterThanOrEqual(0)
    for (const forged of [256n, 300n, FIELD_PRIME - 1n, FIELD_PRIME - 200n]) {
      for (let m = 0; m < 256; m++) {
        const f = [...w]
        f[wire] = forged
        bits.forEach((b, i) => (f[b] = BigInt((m >> i) & 1)))
        expect(failingConstraints(r1cs, f)).toContain(recomposition)
      }
    }
  })

  it('an out-of-range public input gets no witness', () => {
    expect(() => lowerModel({ model, visibility: { input: 'public', output: 'public' }, inputs: { x: [0, 1, 256, 3] }, mode: { constraints: false, witness: true } })).toThrow(/x\[2\]/)
  })
})

describe('salted commitments', () => {
  it('inputHash and outputHash are the native salted commitments; the salt changes them, not the circuit', () => {
    const visibility: Visibility = { input: 'hashed', output: 'hashed' }
    const salts = { input: randomSalt(), output: randomSalt() }
    const a = witnessOf(visibility, { salts })
    expect(a.layout.map((e) => e.kind)).toEqual(['outputHash', 'inputHash'])
    expect(failingConstraints(a.r1cs, a.witness!.map(toField))).toEqual([])
    const [outHash, inHash] = a.witness!.slice(1, 3).map(toField)
    expect(inHash).toBe(inputCommitment({ model, inputs, salt: salts.input }))
    const ints = runIntegers(model, inputs).integers
    expect(outHash).toBe(outputCommitment({ model, outputs: { y: ints.y!.map(BigInt) }, salt: salts.output }))
    const b = witnessOf(visibility, { salts: { input: salts.input + 1n, output: salts.output + 1n } })
    expect(b.r1cs.constraints.length).toBe(a.r1cs.constraints.length)
    expect(b.witness!.slice(1, 3)).not.toContain(outHash)
    expect(b.witness!.slice(1, 3)).not.toContain(inHash)
  })

  it('a hashed statement refuses to build a witness without its salt', () => {
    expect(() => witnessOf({ input: 'hashed', output: 'public' })).toThrow(InvalidInputError)
    expect(() => witnessOf({ input: 'private', output: 'hashed' }, { salts: { input: 1n } })).toThrow(InvalidInputError)
    expect(() => witnessOf({ input: 'hashed', output: 'public' }, { salts: { input: FIELD_PRIME } })).toThrow(InvalidInputError)
  })
})

describe('message', () => {
  it('is the last public signal, bound by message · message = message²', () => {
    const message = 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266n
    const { r1cs, witness, layout } = witnessOf({ input: 'private', output: 'public', weights: 'private', message: true }, { message })
    expect(layout.map((e) => e.kind)).toEqual(['output', 'weightsHash', 'message'])
    expect(layout.at(-1)).toEqual({ kind: 'message', name: 'message', offset: 3, length: 1 })
    const w = witness!.map(toField)
    expect(w[r1cs.nPublic]).toBe(message)
    expect(failingConstraints(r1cs, w)).toEqual([])
    const square = r1cs.constraints.findIndex((k) => k.a.has(r1cs.nPublic) && k.b.has(r1cs.nPublic))
    expect(square).toBeGreaterThanOrEqual(0)
    const forged = [...w]
    forged[r1cs.nPublic] = message + 1n
    expect(failingConstraints(r1cs, forged)).toEqual([square])
  })

  it('without message: true there is no message signal; with it a message is required', () => {
    expect(witnessOf({ input: 'private', output: 'public' }).layout.map((e) => e.kind)).toEqual(['output'])
    expect(() => witnessOf({ input: 'private', output: 'public', message: true })).toThrow(InvalidInputError)
    expect(() => witnessOf({ input: 'private', output: 'public', message: true }, { message: FIELD_PRIME })).toThrow(InvalidInputError)
  })
})

it('output ranges hold every output the integer executor computes', () => {
  const { outputRanges } = lowerModel({ model, visibility: { input: 'private', output: 'public' }, mode: { constraints: true, witness: false } })
  const [lo, hi] = outputRanges.y!
  expect(lo).toBeLessThan(0n)
  expect(hi).toBeGreaterThan(0n)
  for (const x of [[0, 0, 0, 0], [255, 255, 255, 255], [5, 10, 200, 7]]) {
    for (const v of runIntegers(model, { x }).integers.y!) expect(BigInt(v) >= lo && BigInt(v) <= hi).toBe(true)
  }
  const wit = witnessOf({ input: 'private', output: 'public' })
  expect(wit.witness!.slice(1, 3).map((v) => fromFieldSigned(toField(v)))).toEqual(wit.outputs!.y)
})
