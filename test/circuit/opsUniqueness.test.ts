/**
 * Exhaustive small-domain uniqueness of the lowered ops (the kernels of `src/ir/lower/`, written
 * once against the `Domain` interface): the circuit (`circuitDomain`) has exactly one satisfying
 * assignment per input, whose output is the integer executor's (`numberDomain`). Where the semantics is
 * simple, an independent reference is checked against the executor too. See test/helpers/uniqueness.ts.
 */
import { describe, expect, it } from 'vitest'
import { checkR1csDetermined, expectStraightLine, expectUniqueOp, interval, type InputDomain } from '../helpers/uniqueness.js'
import { cnnModel, mlpModel } from '../helpers/randomModel.js'
import { lowerModel, type Visibility } from '../../src/circuit/lowerModel.js'
import { circuitDomain, MATERIALIZE_TERMS } from '../../src/circuit/circuitDomain.js'
import { max2, maxOf, min2, shiftLeft } from '../../src/ir/lower/compose.js'
import { pool } from '../../src/ir/lower/pool.js'
import { argmaxTensor } from '../../src/ir/lower/argmax.js'
import { clip, leakyRelu } from '../../src/ir/lower/activation.js'
import { linear } from '../../src/ir/lower/linear.js'
import { conv } from '../../src/ir/lower/conv.js'
import { affine, binary } from '../../src/ir/lower/elementwise.js'
import { concat, transpose } from '../../src/ir/lower/shape.js'
import { runModel } from '../../src/ir/run.js'
import type { Domain } from '../../src/ir/domain.js'
import type { QuantizedModel } from '../../src/ir/model.js'

const floorDiv = (a: bigint, d: bigint) => (a >= 0n ? a / d : -((-a + d - 1n) / d))
const roundShift = (x: bigint, k: number) => (k === 0 ? x : floorDiv(x + (1n << BigInt(k - 1)), 1n << BigInt(k)))
const maxOfList = (xs: readonly bigint[]) => xs.reduce((a, c) => (c > a ? c : a))
const minOfList = (xs: readonly bigint[]) => xs.reduce((a, c) => (c < a ? c : a))
const boxes = (n: number, lo: bigint, hi: bigint) => Array.from({ length: n }, () => interval(lo, hi))
const choices = (n: number, values: bigint[], lo: bigint, hi: bigint): InputDomain[] => Array.from({ length: n }, () => ({ lo, hi, values }))

describe('max / min compositions (compose.ts)', () => {
  it('max2, min2 over [−3, 3]² and maxOf over [−1, 1]^5', () => {
    expectUniqueOp({ inputs: boxes(2, -3n, 3n), op: (D, [a, b]) => max2(D, a!, b!, 'mx'), reference: maxOfList })
    expectUniqueOp({ inputs: boxes(2, -3n, 3n), op: (D, [a, b]) => min2(D, a!, b!, 'mn'), reference: minOfList })
    expectUniqueOp({ inputs: boxes(5, -1n, 1n), op: (D, xs) => maxOf(D, xs, 'mp'), reference: maxOfList })
  })
})

describe('pooling', () => {
  const geometry = (kernel: number, stride: number, pad: number) => ({
    kernel: [kernel, kernel] as [number, number],
    pads: [pad, pad, pad, pad] as [number, number, number, number],
    strides: [stride, stride] as [number, number],
    dilations: [1, 1] as [number, number],
  })
  it('MaxPool 2×2, stride 1, on a 2×3 map in [−1, 1]', () => {
    expectUniqueOp({
      inputs: boxes(6, -1n, 1n),
      op: (D, xs) => pool(D, { shape: [1, 1, 2, 3], data: [...xs] }, 'max', geometry(2, 1, 0), [1, 1, 1, 2], undefined, 'mp').data,
      reference: (x) => [maxOfList([x[0]!, x[1]!, x[3]!, x[4]!]), maxOfList([x[1]!, x[2]!, x[4]!, x[5]!])],
    })
  })
  it('MaxPool 2×2, stride 2, padding 1 on a 3×3 map (windows of 1, 2 and 4 values)', () => {
    expectUniqueOp({
      inputs: choices(9, [-1n, 2n], -1n, 2n),
      op: (D, xs) => pool(D, { shape: [1, 1, 3, 3], data: [...xs] }, 'max', geometry(2, 2, 1), [1, 1, 2, 2], undefined, 'mp').data,
      reference: (x) => [[0], [1, 2], [3, 6], [4, 5, 7, 8]].map((w) => maxOfList(w.map((i) => x[i]!))),
    })
  })
  // ReLU fused into MaxPool (src/quantize/poolFirst.ts): pool the pre-activations, then one
  // requantize + ReLU per pooled value; it must equal the ReLU'd, requantized inputs pooled.
  const relu = (v: bigint) => (v < 0n ? 0n : v)
  const halfUp = (v: bigint) => (v + 1n >= 0n ? (v + 1n) / 2n : -((-(v + 1n) + 1n) / 2n))
  it('pool-first: requantize(max of a 2×2 window, shift 1) + ReLU equals the pooled ReLU(requantize(x))', () => {
    expectUniqueOp({
      inputs: boxes(4, -3n, 3n),
      op: (D, xs) => {
        const p = pool(D, { shape: [1, 1, 2, 2], data: [...xs] }, 'max', geometry(2, 2, 0), [1, 1, 1, 1], undefined, 'mp').data
        return D.requantize(p[0]!, 1, true, 'rq')
      },
      reference: (x) => maxOfList(x.map((v) => relu(halfUp(v)))),
    })
  })
  it('pool-first on pre-activations sharing inputs (as neighbouring conv outputs do): window [a + b, b − c, a − c, 2b]', () => {
    expectUniqueOp({
      inputs: boxes(3, -2n, 2n),
      op: (D, [a, b, c]) => {
        const window = [D.dot([1, 1], [a!, b!], 0), D.dot([1, -1], [b!, c!], 0), D.dot([1, -1], [a!, c!], 0), D.dot([2], [b!], 0)]
        const p = pool(D, { shape: [1, 1, 2, 2], data: window }, 'max', geometry(2, 2, 0), [1, 1, 1, 1], undefined, 'mp').data
        return D.requantize(p[0]!, 1, true, 'rq')
      },
      reference: ([a, b, c]) => relu(halfUp(maxOfList([a! + b!, b! - c!, a! - c!, 2n * b!]))),
    })
  })
  it('AveragePool is linear (no wire): the output is the executor’s', () => {
    const report = expectUniqueOp({
      inputs: boxes(4, -2n, 2n),
      op: (D, xs) => pool(D, { shape: [1, 1, 2, 2], data: [...xs] }, 'sum', geometry(2, 1, 0), [1, 1, 1, 1], { shift: 4, countIncludePad: false }, 'ap').data,
    })
    expect(report.constraints).toBe(0)
  })
})

describe('ArgMax (ties → lowest index; select_last_index → highest)', () => {
  const lowest = (xs: readonly bigint[]) => BigInt(xs.indexOf(maxOfList(xs)))
  const highest = (xs: readonly bigint[]) => BigInt(xs.lastIndexOf(maxOfList(xs)))
  for (const selectLast of [false, true]) {
    it(`3 values in [−1, 1], select_last_index ${selectLast}`, () => {
      expectUniqueOp({
        inputs: boxes(3, -1n, 1n),
        op: (D, xs) => argmaxTensor(D, { shape: [3], data: [...xs] }, 0, selectLast, [1], 'am').data,
        reference: (xs) => [selectLast ? highest(xs) : lowest(xs)],
      })
    })
    it(`a 2×2 tensor along axis 0, select_last_index ${selectLast}`, () => {
      // data [[a, b], [c, d]]: column maxima of (a, c) and (b, d).
      expectUniqueOp({
        inputs: boxes(4, -1n, 1n),
        op: (D, xs) => argmaxTensor(D, { shape: [2, 2], data: [...xs] }, 0, selectLast, [1, 2], 'am').data,
        reference: ([a, b, c, d]) => [[a!, c!], [b!, d!]].map((col) => (selectLast ? highest(col) : lowest(col))),
      })
    })
  }
})

describe('element-wise Mul and Div of two activations', () => {
  it('Mul', () => {
    expectUniqueOp({ inputs: [interval(-3n, 3n), interval(-2n, 4n)], op: (D, [a, b]) => D.mul(a!, b!, 'm'), reference: ([a, b]) => a! * b! })
  })
  for (const shift of [0, 2])
    it(`Div with a ${shift}-bit left shift of the numerator; a divisor < 1 is not provable`, () => {
      expectUniqueOp({
        inputs: [interval(-4n, 4n), interval(-1n, 3n)],
        op: (D, [a, b]) => D.div(shiftLeft(D, a!, shift), b!, 'dv'),
        reference: ([a, b]) => (b! >= 1n ? floorDiv(2n * (a! << BigInt(shift)) + b!, 2n * b!) : undefined),
      })
    })
})

describe('activations (activation.ts)', () => {
  const clamp = (v: bigint, lo: number | null, hi: number | null) => {
    if (lo !== null && v < BigInt(lo)) return BigInt(lo)
    if (hi !== null && v > BigInt(hi)) return BigInt(hi)
    return v
  }
  for (const [lo, hi] of [[0, null], [0, 3], [-2, 3], [null, 2], [-3, null], [1, 1]] as const)
    for (const shift of [0, 1, 2])
      it(`Clip [${lo}, ${hi}] after a shift of ${shift}`, () => {
        expectUniqueOp({
          inputs: [interval(-12n, 12n)],
          op: (D, [x]) => clip(D, x!, shift, lo, hi, 'clip'),
          reference: ([x]) => clamp(roundShift(x!, shift), lo, hi),
        })
      })

  for (const [shift, alpha, alphaShift] of [[0, 1, 2], [1, 3, 3], [2, 1, 1], [0, 2, 2]] as const)
    it(`LeakyRelu α = ${alpha}/2^${alphaShift}, shift ${shift}`, () => {
      expectUniqueOp({
        inputs: [interval(-16n, 16n)],
        op: (D, [x]) => leakyRelu(D, x!, shift, alpha, alphaShift, 'lr'),
        reference: ([x]) => {
          const u = roundShift(x!, shift)
          return roundShift(BigInt(alpha) * u + BigInt(2 ** alphaShift - alpha) * (u > 0n ? u : 0n), alphaShift)
        },
      })
    })
  // Sigmoid and the other smooth functions are piecewise tables: test/circuit/functionsUniqueness.test.ts.
})

describe('linear ops allocate no wire (unique by construction)', () => {
  const free = <T,>(D: Domain<T>, xs: readonly T[]): T[] => {
    const w = { dims: [2, 4], data: [3, -1, 0, 2, -2, 5, 1, 0] }
    const lin = linear(D, { shape: [1, 4], data: [...xs] }, w, { dims: [2], data: [7, -3] })
    const cv = conv(D, { shape: [1, 1, 2, 2], data: [...xs] }, { dims: [2, 1, 1, 2], data: [1, -2, 3, 0] }, { dims: [2], data: [1, 1] }, { pads: [0, 0, 0, 1], strides: [1, 1], dilations: [1, 1], group: 1 }, [1, 2, 2, 2])
    const af = affine(D, { shape: [1, 4], data: [...xs] }, { dims: [4], data: [2, -1, 3, 1] }, { dims: [1], data: [5] }, [1, 4])
    const add = binary(D, lin, { shape: [1, 2], data: [xs[0]!, xs[3]!] }, [1, 2], (a, b) => D.dot([4, -1], [a, b], 0))
    const tr = transpose(cv, [0, 1, 3, 2])
    return concat([add, af, { shape: [1, 8], data: tr.data }], 1).data
  }
  it('Linear, Conv, Affine, Add, Transpose, Concat: no constraint, output = executor', () => {
    const report = expectUniqueOp({ inputs: boxes(4, -1n, 1n), op: free })
    expect(report.constraints).toBe(0)
  })
  it(`a dot of more than ${MATERIALIZE_TERMS} terms is materialized into one determined wire`, () => {
    const n = MATERIALIZE_TERMS + 8
    const report = expectStraightLine({
      inputs: boxes(n + 1, -4n, 4n),
      build: (b, xs) => {
        const D = circuitDomain(b)
        const s = D.dot(xs.slice(0, n).map((_, i) => (i % 3) + 1), xs.slice(0, n), 3)
        return D.mul(s, xs[n]!, 'm') // materializes s, then one product
      },
    })
    expect(report).toEqual({ determined: 2, checks: 0, unresolved: [] })
  })
})

describe('whole tiny models through runModel', () => {
  const mlp: QuantizedModel = {
    version: 1,
    inputs: [{ name: 'x', shape: [1, 3], scale: 0, bits: 2, signed: false, min: 0, max: 3 }],
    outputs: [{ name: 'y', shape: [1, 2], scale: 0 }, { name: 'k', shape: [1], scale: 0, isIndex: true }],
    tensors: { x: { shape: [1, 3], scale: 0 }, h: { shape: [1, 2], scale: 2 }, a: { shape: [1, 2], scale: 0 }, y: { shape: [1, 2], scale: 0 }, k: { shape: [1], scale: 0 } },
    constants: { w1: { dims: [2, 3], data: [2, -3, 1, -1, 2, 2] }, b1: { dims: [2], data: [1, -2] }, w2: { dims: [2, 2], data: [1, -1, -2, 1] } },
    nodes: [
      { op: 'Linear', name: 'fc1', inputs: ['x'], outputs: ['h'], weight: 'w1', bias: 'b1' },
      { op: 'Requant', name: 'relu', inputs: ['h'], outputs: ['a'], shift: 2, relu: true },
      { op: 'Linear', name: 'fc2', inputs: ['a'], outputs: ['y'], weight: 'w2' },
      { op: 'ArgMax', name: 'am', inputs: ['y'], outputs: ['k'], axis: 1, selectLastIndex: false },
    ],
  }
  it('Linear → Requant+ReLU → Linear → ArgMax on every 2-bit input', () => {
    expectUniqueOp({
      inputs: boxes(3, 0n, 3n),
      op: (D, xs) => {
        const out = runModel(D, mlp, { x: { shape: [1, 3], data: [...xs] } })
        return [...out['y']!.data, ...out['k']!.data]
      },
    })
  })
})

describe('whole lowered models: no wire outside the gadgets is free', () => {
  const visibilities: Visibility[] = [
    { input: 'private', output: 'public' },
    { input: 'public', output: 'public' },
    { input: 'hashed', output: 'hashed' },
    { input: 'private', output: 'public', weights: 'private' },
  ]
  for (const [name, model] of [['mlp', mlpModel(6, 4, 3)], ['cnn', cnnModel()]] as const)
    for (const visibility of visibilities)
      it(`${name}, ${JSON.stringify(visibility)}: every wire is determined by the booleans and the public inputs`, () => {
        const { r1cs } = lowerModel({ model, visibility, mode: { constraints: true, witness: false } })
        // Free: every boolean (input, weight and decomposition bits: each gadget's own test shows they
        // are forced by its inputs), with public inputs the input wires themselves, and with hashed
        // modes the commitment salts (private prover inputs: any salt opens its own commitment).
        const inputWire = /^x\[\d+\]$/
        const salt = /^(input|output)Hash\.salt$/
        const report = checkR1csDetermined({ r1cs, free: (_, label) => (visibility.input === 'public' && inputWire.test(label)) || salt.test(label) })
        expect(report.unresolved.slice(0, 5)).toEqual([])
      })
})
