/**
 * Exhaustive small-domain uniqueness of the linear-family lowerings (`src/ir/lower/`: N-D windows,
 * transposed convolution, MatMul, ReduceSum, CumSum) and of the integer forms the linear ops
 * compose from existing nodes (LpPool's |x|, ReduceSumSquare's squares): the circuit has exactly
 * one satisfying assignment per input, whose output is the integer executor's, and the executor
 * matches an independent reference. The allocating ones (data × data MatMul, 3-D MaxPool, |x|,
 * x²) are what the check is for; the free ones must allocate nothing. See test/helpers/uniqueness.ts.
 */
import { describe, expect, it } from 'vitest'
import { expectUniqueOp, interval, type InputDomain } from '../helpers/uniqueness.js'
import { matmul } from '../../src/ir/lower/matmul.js'
import { pool } from '../../src/ir/lower/pool.js'
import { conv } from '../../src/ir/lower/conv.js'
import { cumSum, reduceSum } from '../../src/ir/lower/reduce.js'
import { runModel } from '../../src/ir/run.js'
import type { QuantizedModel } from '../../src/ir/model.js'

const boxes = (n: number, lo: bigint, hi: bigint): InputDomain[] => Array.from({ length: n }, () => interval(lo, hi))
const maxOfList = (xs: readonly bigint[]) => xs.reduce((a, c) => (c > a ? c : a))
const abs = (x: bigint) => (x < 0n ? -x : x)

describe('MatMul of two data tensors (one constraint per product)', () => {
  it('[1, 2] × [2, 2] in [−2, 2]: every output unique and equal to the executor', () => {
    const report = expectUniqueOp({
      inputs: boxes(6, -2n, 2n),
      op: (D, xs) => matmul(D, { data: { shape: [1, 2], data: xs.slice(0, 2) } }, { data: { shape: [2, 2], data: xs.slice(2) } }, [1, 2], 'mm').data,
      reference: ([a0, a1, b00, b01, b10, b11]) => [a0! * b00! + a1! * b10!, a0! * b01! + a1! * b11!],
    })
    expect(report.constraints).toBe(4)
  })
  it('batched with broadcast: [2, 1, 2] × [2, 1] in [−1, 1]', () => {
    const report = expectUniqueOp({
      inputs: boxes(6, -1n, 1n),
      op: (D, xs) => matmul(D, { data: { shape: [2, 1, 2], data: xs.slice(0, 4) } }, { data: { shape: [2, 1], data: xs.slice(4) } }, [2, 1, 1], 'mm').data,
      reference: ([a, b, c, d, u, v]) => [a! * u! + b! * v!, c! * u! + d! * v!],
    })
    expect(report.constraints).toBe(4)
  })
  it('a constant operand (either side) allocates nothing', () => {
    const w = { dims: [2, 2], data: [3, -1, 2, 5] }
    const report = expectUniqueOp({
      inputs: boxes(2, -3n, 3n),
      op: (D, xs) => [
        ...matmul(D, { data: { shape: [1, 2], data: [...xs] } }, { weight: w }, [1, 2], 'r').data,
        ...matmul(D, { weight: w }, { data: { shape: [2, 1], data: [...xs] } }, [2, 1], 'l').data,
      ],
      reference: ([x, y]) => [3n * x! + 2n * y!, -x! + 5n * y!, 3n * x! - y!, 2n * x! + 5n * y!],
    })
    expect(report.constraints).toBe(0)
  })
})

describe('N-D windows', () => {
  it('3-D MaxPool [1, 2, 2] over a 2×2×2 map in [−1, 1] (two windows of four)', () => {
    expectUniqueOp({
      inputs: boxes(8, -1n, 1n),
      op: (D, xs) =>
        pool(D, { shape: [1, 1, 2, 2, 2], data: [...xs] }, 'max', { kernel: [1, 2, 2], pads: [0, 0, 0, 0, 0, 0], strides: [1, 1, 1], dilations: [1, 1, 1] }, [1, 1, 2, 1, 1], undefined, 'mp').data,
      reference: (x) => [maxOfList(x.slice(0, 4)), maxOfList(x.slice(4))],
    })
  })
  it('1-D MaxPool, dilation 2 and a begin pad: windows {x0}, {x1}, {x0, x2}', () => {
    expectUniqueOp({
      inputs: boxes(3, -2n, 2n),
      op: (D, xs) => pool(D, { shape: [1, 1, 3], data: [...xs] }, 'max', { kernel: [2], pads: [2, 0], strides: [1], dilations: [2] }, [1, 1, 3], undefined, 'mp').data,
      reference: ([a, b, c]) => [a!, b!, maxOfList([a!, c!])],
    })
  })
  it('3-D SumPool with count_include_pad, 3-D Conv and a transposed Conv (input dilation): free, output = executor', () => {
    const report = expectUniqueOp({
      inputs: boxes(4, -2n, 2n),
      op: (D, xs) => {
        const x3 = { shape: [1, 1, 1, 2, 2], data: [...xs] }
        const avg = pool(D, x3, 'sum', { kernel: [1, 2, 2], pads: [0, 1, 0, 0, 0, 0], strides: [1, 1, 1], dilations: [1, 1, 1] }, [1, 1, 1, 2, 1], { shift: 3, countIncludePad: true }, 'ap').data
        const cv = conv(D, x3, { dims: [1, 1, 1, 1, 2], data: [2, -3] }, undefined, { pads: [0, 0, 0, 0, 0, 0], strides: [1, 1, 1], dilations: [1, 1, 1], group: 1 }, [1, 1, 1, 2, 1]).data
        // ConvTranspose of [a, b] by [1, 2], stride 2: as a Conv over [a, 0, b] with the flipped kernel and pads 1.
        const tr = conv(D, { shape: [1, 1, 2], data: xs.slice(0, 2) }, { dims: [1, 1, 2], data: [2, 1] }, { dims: [1], data: [1] }, { pads: [1, 1], strides: [1], dilations: [1], inputDilations: [2], group: 1 }, [1, 1, 4]).data
        return [...avg, ...cv, ...tr]
      },
      reference: ([a, b, c, d]) => [
        // Both windows count 4 taps inside the padded input (× round(8 / 4) = 2); the first has 2 padded.
        2n * (a! + b!),
        2n * (a! + b! + c! + d!),
        2n * a! - 3n * b!,
        2n * c! - 3n * d!,
        // y = [a·1, a·2, b·1, b·2] + 1
        a! + 1n,
        2n * a! + 1n,
        b! + 1n,
        2n * b! + 1n,
      ],
    })
    expect(report.constraints).toBe(0)
  })
})

describe('ReduceSum and CumSum: free', () => {
  it('a sum over axis 0, a scaled sum over both axes, inclusive / exclusive-reverse running sums', () => {
    const report = expectUniqueOp({
      inputs: boxes(4, -2n, 2n),
      op: (D, xs) => {
        const x = { shape: [2, 2], data: [...xs] }
        return [
          ...reduceSum(D, x, [0], 1, [2]).data,
          ...reduceSum(D, x, [0, 1], 3, [1]).data,
          ...cumSum(D, x, 1, false, false).data,
          ...cumSum(D, x, 0, true, true).data,
        ]
      },
      reference: ([a, b, c, d]) => [a! + c!, b! + d!, 3n * (a! + b! + c! + d!), a!, a! + b!, c!, c! + d!, c!, d!, 0n, 0n],
    })
    expect(report.constraints).toBe(0)
  })
})

describe('integer forms composed from existing nodes', () => {
  const tensors = (entries: [string, number[], number][]) => Object.fromEntries(entries.map(([n, shape, scale]) => [n, { shape, scale }]))
  it('LpPool p = 1: |x| = 2·relu(x) − x, then a window sum (1-D, kernel 2)', () => {
    const model: QuantizedModel = {
      version: 1,
      inputs: [{ name: 'x', shape: [1, 1, 3], scale: 0, bits: 3, signed: true, min: -4, max: 3 }],
      outputs: [{ name: 'y', shape: [1, 1, 2], scale: 0 }],
      tensors: tensors([['x', [1, 1, 3], 0], ['r', [1, 1, 3], 0], ['a', [1, 1, 3], 0], ['y', [1, 1, 2], 0]]),
      constants: {},
      nodes: [
        { op: 'Requant', name: 'relu', inputs: ['x'], outputs: ['r'], shift: 0, relu: true },
        { op: 'Add', name: 'abs', inputs: ['r', 'x'], outputs: ['a'], shifts: [1, 0], subtract: true },
        { op: 'SumPool', name: 'lp', inputs: ['a'], outputs: ['y'], kernel: [2], pads: [0, 0], strides: [1], dilations: [1] },
      ],
    }
    expectUniqueOp({
      inputs: boxes(3, -4n, 3n),
      op: (D, xs) => runModel(D, model, { x: { shape: [1, 1, 3], data: [...xs] } })['y']!.data,
      reference: ([a, b, c]) => [abs(a!) + abs(b!), abs(b!) + abs(c!)],
    })
  })
  it('ReduceSumSquare: x·x (one constraint per element), then a sum', () => {
    const model: QuantizedModel = {
      version: 1,
      inputs: [{ name: 'x', shape: [3], scale: 0, bits: 3, signed: true, min: -4, max: 3 }],
      outputs: [{ name: 'y', shape: [1], scale: 0 }],
      tensors: tensors([['x', [3], 0], ['s', [3], 0], ['y', [1], 0]]),
      constants: {},
      nodes: [
        { op: 'Mul', name: 'square', inputs: ['x', 'x'], outputs: ['s'] },
        { op: 'ReduceSum', name: 'sum', inputs: ['s'], outputs: ['y'], axes: [0], mul: 1 },
      ],
    }
    const report = expectUniqueOp({
      inputs: boxes(3, -4n, 3n),
      op: (D, xs) => runModel(D, model, { x: { shape: [3], data: [...xs] } })['y']!.data,
      reference: (xs) => [xs.reduce((s, v) => s + v * v, 0n)],
    })
    expect(report.constraints).toBe(3)
  })
})
