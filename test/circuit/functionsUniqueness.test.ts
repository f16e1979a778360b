/**
 * Exhaustive small-domain uniqueness of the function family's gadgets and kernels (see
 * test/helpers/uniqueness.ts): the circuit has exactly one satisfying assignment per input, equal
 * to the integer executor, which is also checked against an independent reference where one is
 * short to write. The piecewise-table gadget itself (blocks, flags, tails, bit reuse, rounding) is
 * covered in src/circuit/gadgets/piecewise.test.ts; here: tables fitted for each kind of function,
 * the square-root and reciprocal witnesses, the bounded product, and softmax rows.
 */
import { describe, expect, it } from 'vitest'
import { checkUniqueness, expectUnique, expectUniqueOp, interval } from '../helpers/uniqueness.js'
import { isqrt } from '../../src/circuit/gadgets/isqrt.js'
import { mulRound } from '../../src/circuit/gadgets/mulRound.js'
import { lcDot, lcWire } from '../../src/circuit/lc.js'
import { toBits } from '../../src/circuit/gadgets/bits.js'
import { divideOf, reciprocalOf, sqrtOf } from '../../src/ir/lower/func.js'
import { softmaxTensor } from '../../src/ir/lower/softmax.js'
import { normalizeRows } from '../../src/ir/lower/normalize.js'
import type { QNode } from '../../src/ir/model.js'
import { fitFunction, type FunctionSpec } from '../../src/quantize/fitFunction.js'
import { erf, logistic, softplus } from '../../src/ops/special.js'

const floorDiv = (a: bigint, d: bigint) => (a >= 0n ? a / d : -((-a + d - 1n) / d))
const bigSqrt = (n: bigint) => {
  let y = BigInt(Math.floor(Math.sqrt(Number(n))))
  while (y * y > n) y--
  while ((y + 1n) * (y + 1n) <= n) y++
  return y
}
const ZERO = { slope: 0, intercept: 0 }
const IDENTITY = { slope: 1, intercept: 0 }

describe('tables fitted for each kind of function (tails, kinks, poles)', () => {
  const specs: FunctionSpec[] = [
    { name: 'Tanh', f: Math.tanh, left: { slope: 0, intercept: -1 }, right: { slope: 0, intercept: 1 } },
    { name: 'Gelu', f: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)), left: ZERO, right: IDENTITY },
    { name: 'Softplus', f: softplus, left: ZERO, right: IDENTITY },
    { name: 'Elu', f: (x) => (x >= 0 ? x : Math.expm1(x)), left: { slope: 0, intercept: -1 }, right: IDENTITY },
    { name: 'Exp', f: Math.exp, left: ZERO, right: 'clamp' },
    { name: 'Log', f: Math.log, left: 'clamp', right: 'clamp', min: 0 },
  ]
  for (const spec of specs)
    it(`${spec.name}: a table at 2-bit input / 3-bit output scales (rounded and deferred)`, () => {
      const range = spec.name === 'Log' ? { min: 0.5, max: 6 } : { min: -4, max: 3 }
      for (const deferRounding of [false, true]) {
        const { table } = fitFunction({ spec, inScale: 2, outScale: 3, range, outBits: 7, deferRounding })
        expectUniqueOp({ name: spec.name, inputs: [interval(-40n, 40n)], op: (D, [x]) => D.piecewise(x!, table, 'f') })
      }
    })

  it('Sigmoid with an argument shift (the table reads floor(x / 2^k))', () => {
    const { table } = fitFunction({ spec: { name: 'Sigmoid', f: logistic, left: ZERO, right: { slope: 0, intercept: 1 } }, inScale: 5, outScale: 3, range: { min: -3, max: 3 }, outBits: 5 })
    expect(table.shift).toBeGreaterThan(0)
    expectUniqueOp({ inputs: [interval(-120n, 120n)], op: (D, [x]) => D.piecewise(x!, table, 'sig') })
  })
})

describe('square root (monotone inverse)', () => {
  it('isqrt gadget: y = floor(√x) for x ∈ [0, 150], nothing provable for x < 0', () => {
    expectUnique({ inputs: [interval(-6n, 150n)], build: (b, [x]) => isqrt(b, x!, 'sq'), reference: ([x]) => (x! < 0n ? undefined : bigSqrt(x!)) })
  })
  it('Sqrt kernel: relu, then the root of x · 2^shift', () => {
    for (const shift of [0, 1, 2])
      expectUniqueOp({ inputs: [interval(-8n, 40n)], op: (D, [x]) => sqrtOf(D, x!, shift, 'sqrt'), reference: ([x]) => bigSqrt((x! > 0n ? x! : 0n) << BigInt(shift)) })
  })
  it('a deliberately weakened root (no upper check) is flagged', () => {
    const report = checkUniqueness({
      inputs: [interval(0n, 30n)],
      build: (b, [x]) => {
        const y = b.alloc(0n, 6n, () => bigSqrt(b.value(x!)), 'y')
        const s = b.alloc(0n, 36n, () => b.values[y]! * b.values[y]!, 's')
        b.enforce(lcWire(y), lcWire(y), lcWire(s))
        toBits(b, lcDot([1n, -1n], [x!, lcWire(s)]), 6, 'd')
        return lcWire(y)
      },
      reference: ([x]) => bigSqrt(x!),
    })
    expect(report.failures.length).toBeGreaterThan(0)
  })
})

describe('reciprocal (division gadget)', () => {
  it('unsigned: round(2^shift / max(x, min))', () => {
    for (const [shift, min] of [[5, 1], [6, 3]] as const)
      expectUniqueOp({
        inputs: [interval(-4n, 40n)],
        op: (D, [x]) => reciprocalOf(D, x!, shift, min, false, 'rc'),
        reference: ([x]) => {
          const d = x! > BigInt(min) ? x! : BigInt(min)
          return floorDiv(2n * (1n << BigInt(shift)) + d, 2n * d)
        },
      })
  })
  it('signed: round(2^shift · x / max(x², min)), 0 at x = 0', () => {
    expectUniqueOp({
      inputs: [interval(-20n, 20n)],
      op: (D, [x]) => reciprocalOf(D, x!, 6, 1, true, 'rc'),
      reference: ([x]) => {
        const d = x! * x! > 1n ? x! * x! : 1n
        return floorDiv(2n * (x! << 6n) + d, 2n * d)
      },
    })
  })
})

describe('division by data (Div of two activations)', () => {
  it('unsigned: round(a·2^shift / max(b, min))', () => {
    expectUniqueOp({
      inputs: [interval(-6n, 6n), interval(-2n, 7n)],
      op: (D, [a, b]) => divideOf(D, a!, b!, 2, 2, false, 'dv'),
      reference: ([a, b]) => {
        const d = b! > 2n ? b! : 2n
        return floorDiv(2n * (a! << 2n) + d, 2n * d)
      },
    })
  })
  it('signed: round(a·b·2^shift / max(b², min²)), 0 at b = 0', () => {
    expectUniqueOp({
      inputs: [interval(-5n, 5n), interval(-5n, 5n)],
      op: (D, [a, b]) => divideOf(D, a!, b!, 1, 1, true, 'dv'),
      reference: ([a, b]) => {
        const d = b! * b! > 1n ? b! * b! : 1n
        return floorDiv(2n * ((a! * b!) << 1n) + d, 2n * d)
      },
    })
  })
})

describe('bounded rounded product (mulRound)', () => {
  it('round(x·y / 2^k) with the decomposition sized by the bound', () => {
    for (const shift of [0, 2])
      expectUniqueOp({
        inputs: [interval(-7n, 7n), interval(-5n, 6n)],
        op: (D, [x, y]) => D.mulRound(x!, y!, shift, 42, 'mr'),
        reference: ([x, y]) => (shift === 0 ? x! * y! : floorDiv(x! * y! + 2n, 4n)),
      })
  })
  it('a product past the bound is not provable', () => {
    expectUnique({
      inputs: [interval(0n, 9n), interval(0n, 9n)],
      build: (b, [x, y]) => mulRound(b, x!, y!, 1, 20n, 'mr'),
      // The decomposition enforces [0, 2^5) ∋ x·y + 1, i.e. products ≤ 30 (the bound rounded up).
      reference: ([x, y]) => (x! * y! <= 30n ? floorDiv(x! * y! + 1n, 2n) : undefined),
    })
  })
})

describe('softmax rows (softmax.ts)', () => {
  const exp = fitFunction({ spec: { name: 'Exp', f: Math.exp, left: ZERO, right: 'clamp' }, inScale: 1, outScale: 3, range: { min: -4, max: 0 }, outBits: 6, deferRounding: true, extendClamp: false })
  const softmaxNode = (log: boolean, reduce = false): QNode & { op: 'Softmax' } => {
    const base = { op: 'Softmax' as const, name: 'sm', inputs: ['x'], outputs: ['y'], axis: 1, exp: exp.table }
    if (!log) return { ...base, recipShift: 10, recipMin: 4, outShift: 7, bound: 2 ** 11 + 64 }
    const table = fitFunction({ spec: { name: 'Log', f: Math.log, left: 'clamp', right: 'clamp', min: 0 }, inScale: 3 + exp.extraScale, outScale: 1, range: { min: 0.9, max: 3 }, outBits: 6, deferRounding: true })
    return { ...base, recipShift: 0, recipMin: 1, outShift: 0, bound: 0, log: { table: table.table, shift: table.extraScale, ...(reduce ? { reduce } : {}) } }
  }
  for (const log of [false, true])
    it(`${log ? 'LogSoftmax' : 'Softmax'} over rows of 3 values in [−3, 2]`, () => {
      const node = softmaxNode(log)
      expectUniqueOp({
        inputs: [interval(-3n, 2n), interval(-3n, 2n), interval(-3n, 2n)],
        op: (D, xs) => softmaxTensor(D, { shape: [1, 3], data: [...xs] }, node, 'sm').data,
      })
    })
})

describe('log-sum-exp rows (ReduceLogSumExp)', () => {
  it('one value per row of 3 in [−3, 2]', () => {
    const exp = fitFunction({ spec: { name: 'Exp', f: Math.exp, left: ZERO, right: 'clamp' }, inScale: 1, outScale: 3, range: { min: -4, max: 0 }, outBits: 6, deferRounding: true, extendClamp: false })
    const log = fitFunction({ spec: { name: 'Log', f: Math.log, left: 'clamp', right: 'clamp', min: 0 }, inScale: 3 + exp.extraScale, outScale: 1, range: { min: 0.9, max: 3 }, outBits: 6, deferRounding: true })
    const node: QNode & { op: 'Softmax' } = { op: 'Softmax', name: 'lse', inputs: ['x'], outputs: ['y'], axis: 1, exp: exp.table, recipShift: 0, recipMin: 1, outShift: 0, bound: 0, log: { table: log.table, shift: log.extraScale, reduce: true } }
    expectUniqueOp({ inputs: [interval(-3n, 2n), interval(-3n, 2n), interval(-3n, 2n)], op: (D, xs) => softmaxTensor(D, { shape: [1, 3], data: [...xs] }, node, 'lse').data })
  })
})

describe('row normalisation (normalize.ts)', () => {
  // Rows of 2 values in [−3, 3] and 3 in [−2, 2]: exact mean and variance, root, reciprocal, bounded products.
  const node = (rowSize: number, stat?: 'invStd'): QNode & { op: 'Normalize' } => ({
    op: 'Normalize', name: 'ln', inputs: ['x'], outputs: ['y'], rowSize, eps: 2, rootShift: 2, recipNum: 181, recipMin: 2, shift: 4, bound: 2000, ...(stat ? { stat } : {}),
  })
  for (const rowSize of [2, 3])
    it(`rows of ${rowSize}`, () => {
      expectUniqueOp({
        inputs: Array.from({ length: rowSize }, () => (rowSize === 2 ? interval(-3n, 3n) : interval(-2n, 2n))),
        op: (D, xs) => normalizeRows(D, { shape: [rowSize], data: [...xs] }, node(rowSize), 'ln').data,
      })
    })
  it('the InvStdDev form (one value per row)', () => {
    expectUniqueOp({ inputs: [interval(-3n, 3n), interval(-3n, 3n)], op: (D, xs) => normalizeRows(D, { shape: [2], data: [...xs] }, node(2, 'invStd'), 'ln').data })
  })
})
