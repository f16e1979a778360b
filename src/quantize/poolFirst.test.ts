import { describe, expect, it } from 'vitest'
import type { QNode, QuantizedModel } from '../ir/model.js'
import { rng } from '../../test/helpers/randomModel.js'
import { expectCircuitMatches } from '../../test/helpers/ops.js'
import { runIntegers } from './execInt.js'
import { poolBeforeRequant } from './poolFirst.js'

/** Conv (padded) → Requant(shift, relu) → MaxPool(kernel, strides, pads) → Linear, with random weights. */
function convPool({ relu, pads, kernel, strides, seed }: { relu: boolean; pads: number[]; kernel: number; strides: number; seed: number }): QuantizedModel {
  const r = rng(seed)
  const w = (dims: number[], lo = -60, hi = 60) => ({ dims, data: Array.from({ length: dims.reduce((a, d) => a * d, 1) }, () => r(lo, hi)) })
  const side = 6
  const pooled = Math.floor((side + pads[0]! + pads[2]! - kernel) / strides) + 1
  const flat = 2 * pooled * pooled
  const nodes: QNode[] = [
    { op: 'Conv', name: 'conv', inputs: ['x'], outputs: ['c'], weight: 'cw', bias: 'cb', pads: [1, 1, 1, 1], strides: [1, 1], dilations: [1, 1], group: 1 },
    { op: 'Requant', name: 'act', inputs: ['c'], outputs: ['a'], shift: 5, relu },
    { op: 'MaxPool', name: 'pool', inputs: ['a'], outputs: ['p'], kernel: [kernel, kernel], pads, strides: [strides, strides], dilations: [1, 1] },
    { op: 'Reshape', name: 'flat', inputs: ['p'], outputs: ['f'] },
    { op: 'Linear', name: 'fc', inputs: ['f'], outputs: ['y'], weight: 'fw', bias: 'fb' },
  ]
  return {
    version: 1,
    inputs: [{ name: 'x', shape: [1, 1, side, side], scale: 6, bits: 8, signed: true, min: -2, max: 127 / 64 }],
    outputs: [{ name: 'y', shape: [1, 3], scale: 13 }],
    tensors: {
      x: { shape: [1, 1, side, side], scale: 6 },
      c: { shape: [1, 2, side, side], scale: 12 },
      a: { shape: [1, 2, side, side], scale: 7 },
      p: { shape: [1, 2, pooled, pooled], scale: 7 },
      f: { shape: [1, flat], scale: 7 },
      y: { shape: [1, 3], scale: 13 },
    },
    constants: { cw: w([2, 1, 3, 3]), cb: w([2], -900, 900), fw: w([3, flat]), fb: w([3], -100, 100) },
    nodes,
  }
}

const randomInputs = (model: QuantizedModel, seed: number) => {
  const r = rng(seed)
  return { x: Array.from({ length: 36 }, () => r(-128, 127)) }
}

describe('poolBeforeRequant', () => {
  const cases = [
    { relu: true, pads: [0, 0, 0, 0], kernel: 2, strides: 2 },
    { relu: false, pads: [0, 0, 0, 0], kernel: 2, strides: 2 },
    { relu: true, pads: [1, 1, 1, 1], kernel: 3, strides: 2 },
    { relu: false, pads: [0, 1, 0, 1], kernel: 2, strides: 1 },
  ]
  for (const [i, c] of cases.entries())
    it(`is exact: relu ${c.relu}, kernel ${c.kernel}, stride ${c.strides}, pads ${c.pads.join(',')} (executor and circuit)`, () => {
      const before = convPool({ ...c, seed: 10 + i })
      const after: QuantizedModel = structuredClone(before)
      expect(poolBeforeRequant(after)).toBe(1)
      expect(after.nodes.map((n) => n.op)).toEqual(['Conv', 'MaxPool', 'Requant', 'Reshape', 'Linear'])
      expect(after.nodes[1]!.inputs).toEqual(['c'])
      expect(after.nodes[2]!.outputs).toEqual(['p'])
      const pooled = after.nodes[1]!.outputs[0]!
      expect(after.tensors[pooled]).toEqual({ shape: before.tensors.p!.shape, scale: 12 })
      expect(after.tensors.a).toBeUndefined()
      for (let s = 0; s < 8; s++) {
        const ints = randomInputs(before, 100 * i + s)
        const want = runIntegers(before, ints).integers
        const got = runIntegers(after, ints)
        expect(got.integers.y).toEqual(want.y)
        expect(got.integers.p).toEqual(want.p)
        if (s < 2) expectCircuitMatches({ model: after, ints, integers: got.integers })
      }
    })

  it('saves constraints on a ReLU + 2×2 pool', () => {
    const before = convPool({ relu: true, pads: [0, 0, 0, 0], kernel: 2, strides: 2, seed: 3 })
    const after: QuantizedModel = structuredClone(before)
    poolBeforeRequant(after)
    const ints = randomInputs(before, 7)
    const a = expectCircuitMatches({ model: before, ints, integers: runIntegers(before, ints).integers })
    const b = expectCircuitMatches({ model: after, ints, integers: runIntegers(after, ints).integers })
    expect(b).toBeLessThan(a)
  })

  it('leaves a requantization alone when its value has another consumer or is a model output', () => {
    const shared = convPool({ relu: true, pads: [0, 0, 0, 0], kernel: 2, strides: 2, seed: 1 })
    shared.outputs.push({ name: 'a', shape: shared.tensors.a!.shape, scale: 7 })
    expect(poolBeforeRequant(shared)).toBe(0)
    const twice = convPool({ relu: true, pads: [0, 0, 0, 0], kernel: 2, strides: 2, seed: 1 })
    twice.nodes.push({ op: 'Requant', name: 'again', inputs: ['a'], outputs: ['a2'], shift: 1, relu: false })
    twice.tensors.a2 = { shape: twice.tensors.a!.shape, scale: 6 }
    expect(poolBeforeRequant(twice)).toBe(0)
    expect(twice.nodes.map((n) => n.op)).toEqual(['Conv', 'Requant', 'MaxPool', 'Reshape', 'Linear', 'Requant'])
  })
})
