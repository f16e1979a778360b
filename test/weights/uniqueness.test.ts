/**
 * Hidden-weights mode, exhaustively on a tiny layer (see test/helpers/uniqueness.ts): over every weight
 * assignment of the declared widths, the public commitment determines the weights, and with them the
 * output. Each (commitment, output) pair that is provable is the native `weightsCommitment` of one weight
 * set and that set's output, and each is reached by exactly one assignment of all wires.
 */
import { describe, expect, it } from 'vitest'
import { expectUnique, interval } from '../helpers/uniqueness.js'
import { circuitDomain } from '../../src/circuit/circuitDomain.js'
import { linear } from '../../src/ir/lower/linear.js'
import { allocPrivateWeights, privateWeightTensors, weightsCommitment } from '../../src/circuit/privateWeights.js'
import { packValues, poseidonMany } from '../../src/circuit/poseidon/many.js'
import type { QuantizedModel } from '../../src/ir/model.js'

const model: QuantizedModel = {
  version: 1,
  inputs: [{ name: 'x', shape: [1, 2], scale: 0, bits: 1, signed: false, min: 0, max: 1 }],
  outputs: [{ name: 'y', shape: [1, 1], scale: 0 }],
  tensors: { x: { shape: [1, 2], scale: 0 }, y: { shape: [1, 1], scale: 0 } },
  // Widths: w has 2 bits ([−2, 1]), the bias 1 bit ([−1, 0]).
  constants: { w: { dims: [1, 2], data: [1, -2] }, b: { dims: [1], data: [0] } },
  nodes: [{ op: 'Linear', name: 'fc', inputs: ['x'], outputs: ['y'], weight: 'w', bias: 'b' }],
}

describe('hidden weights', () => {
  it('the widths are as intended', () => {
    expect(privateWeightTensors(model).map((t) => t.bits)).toEqual([2, 1])
  })

  it('every weight set of the declared widths gives one (commitment, output) pair, the native one', () => {
    const weightSets: [number, number, number][] = []
    for (const w0 of [-2, -1, 0, 1]) for (const w1 of [-2, -1, 0, 1]) for (const b of [-1, 0]) weightSets.push([w0, w1, b])
    // The commitment of the circuit's fixed widths (2 and 1 bits): packValues of v + 2^(n−1), per tensor.
    const commitments = weightSets.map(([w0, w1, b]) =>
      poseidonMany([...packValues({ values: [BigInt(w0) + 2n, BigInt(w1) + 2n], bits: 2 }), ...packValues({ values: [BigInt(b) + 1n], bits: 1 })]),
    )
    expect(new Set(commitments).size).toBe(weightSets.length)
    expect(commitments[weightSets.findIndex(([w0, w1, b]) => w0 === 1 && w1 === -2 && b === 0)]).toBe(weightsCommitment({ model }))
    const report = expectUnique({
      inputs: [interval(0n, 1n), interval(0n, 1n)],
      build: (b, xs) => {
        const weights = allocPrivateWeights(b, model)
        const y = linear(circuitDomain(b, { weights }), { shape: [1, 2], data: [...xs] }, model.constants['w']!, model.constants['b'])
        return [weights.commitment(), y.data[0]!]
      },
      provable: ([x0, x1]) => weightSets.map(([w0, w1, b], i) => [commitments[i]!, BigInt(w0) * x0! + BigInt(w1) * x1! + BigInt(b)]),
    })
    // 4 inputs × 32 weight sets, and as many satisfying assignments: each pair has exactly one.
    expect(report.cases).toBe(4)
    expect(report.solutions).toBe(4 * weightSets.length)
  })
})
