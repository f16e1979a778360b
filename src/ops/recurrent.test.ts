import { afterAll, describe, expect, it } from 'vitest'
import type { Attribute, Tensor } from '../onnx/ir.js'
import { UnsupportedOpError } from '../errors/compile.js'
import { lowerModel } from '../circuit/lowerModel.js'
import { toField } from '../circuit/field.js'
import { releaseSnarkjs } from '../prove/groth16.js'
import { expectCircuitMatches, expectProofVerifies, f32, i64, maxAbsDiff, node, runOp, seeded } from '../../test/helpers/ops.js'
import { expectEveryMutationFails } from '../../test/helpers/mutation.js'
import { rng } from '../../test/helpers/randomModel.js'
import { prepareGraph } from '../onnx/prepare.js'

const str = (value: string): Attribute => ({ type: 'string', value })
const ints = (value: number): Attribute => ({ type: 'int', value })
const strs = (value: string[]): Attribute => ({ type: 'strings', value })

/** Weights of a recurrent node: W [D, G·H, I], R [D, G·H, H], B [D, 2·G·H] (seeded, small). */
function weights(D: number, G: number, H: number, I: number, seed: number): Record<string, Tensor> {
  return {
    W: f32([D, G * H, I], seeded(D * G * H * I, seed, -0.6, 0.6)),
    R: f32([D, G * H, H], seeded(D * G * H * H, seed + 1, -0.6, 0.6)),
    B: f32([D, 2 * G * H], seeded(D * 2 * G * H, seed + 2, -0.3, 0.3)),
  }
}

/** runOp, then: integer ≈ float on every output, the circuit equals the executor bit for bit. */
function check(n: ReturnType<typeof node>, inputs: Record<string, Tensor>, constants: Record<string, Tensor>, bound = 0.02) {
  const run = runOp({ node: n, inputs, constants, bits: BITS })
  // No recurrent node survives preparation: it is unrolled into ops the compiler proves.
  expect(run.prepared.nodes.map((p) => p.opType)).not.toContain(n.opType)
  for (const o of n.outputs.filter(Boolean)) expect(maxAbsDiff(run.integer[o]!, run.float[o]!.data), o).toBeLessThan(bound)
  const constraints = expectCircuitMatches(run)
  return { run, constraints }
}

// Small: every activation is a fitted table, and the test runs on a shared machine.
const [T, B, I, H] = [3, 2, 2, 2]
/**
 * 14-bit activations: at 16 bits a gate whose calibrated range (one small sample) is narrow gets
 * an input scale at which no table fits Tanh out to its tails (a fitter limit, FunctionFitError).
 */
const BITS = { inputBits: 12, weightBits: 12, activationBits: 14 }
const X = f32([T, B, I], seeded(T * B * I, 7))

describe('GRU', { timeout: 300_000 }, () => {
  it('linear_before_reset 0, forward, with an initial state: Y and Y_h; circuit = executor; every sampled wire is constrained', () => {
    const w = weights(1, 3, H, I, 11)
    const h0 = f32([1, B, H], seeded(B * H, 5, -0.5, 0.5))
    const { run } = check(node('GRU', ['X', 'W', 'R', 'B', '', 'h0'], { hidden_size: ints(H) }, ['Y', 'Y_h']), { X, h0 }, w)
    expect(run.float['Y']!.dims).toEqual([T, 1, B, H])
    // Mutation: tampering any of a sample of wires breaks a constraint.
    const { r1cs, witness } = lowerModel({ model: run.model, visibility: { input: 'private', output: 'public' }, inputs: run.ints, mode: { constraints: true, witness: true } })
    const r = rng(3)
    expectEveryMutationFails(r1cs, witness!.map(toField), Array.from({ length: 40 }, () => r(1, r1cs.nWires - 1)))
  })
  it('linear_before_reset 1, bidirectional: Y_h only', () => {
    check(node('GRU', ['X', 'W', 'R', 'B'], { hidden_size: ints(H), direction: str('bidirectional'), linear_before_reset: ints(1) }, ['', 'Y_h']), { X }, weights(2, 3, H, I, 21))
  })
  it('proves and verifies (Groth16, dev setup)', async () => {
    const run = runOp({ node: node('GRU', ['X', 'W', 'R'], { hidden_size: ints(2) }, ['', 'Y_h']), inputs: { X: f32([3, 1, 2], seeded(6, 2)) }, constants: weights(1, 3, 2, 2, 31), bits: BITS })
    await expectProofVerifies(run)
  })
})

describe('LSTM', { timeout: 300_000 }, () => {
  it('bidirectional, initial h and c, peepholes: Y, Y_h, Y_c', () => {
    const w = weights(2, 4, H, I, 41)
    const P = f32([2, 3 * H], seeded(6 * H, 45, -0.4, 0.4))
    const h0 = f32([2, B, H], seeded(2 * B * H, 46, -0.5, 0.5))
    const c0 = f32([2, B, H], seeded(2 * B * H, 47, -0.5, 0.5))
    const { run } = check(node('LSTM', ['X', 'W', 'R', 'B', '', 'h0', 'c0', 'P'], { hidden_size: ints(H), direction: str('bidirectional') }, ['Y', 'Y_h', 'Y_c']), { X, h0, c0 }, { ...w, P })
    expect(run.float['Y_c']!.dims).toEqual([2, B, H])
  })
  it('reverse, with constant sequence lengths shorter than the sequence', () => {
    const lens = i64([B], [T, 2])
    const { run } = check(node('LSTM', ['X', 'W', 'R', 'B', 'lens'], { hidden_size: ints(H), direction: str('reverse') }, ['Y', 'Y_h']), { X }, { ...weights(1, 4, H, I, 51), lens })
    // Past its length a batch entry's Y is zero.
    const y = run.float['Y']!.data
    for (const t of [2]) for (let j = 0; j < H; j++) expect(Math.abs(y[(t * B + 1) * H + j]!)).toBe(0)
  })
})

describe('RNN', { timeout: 300_000 }, () => {
  it('reverse, layout 1 (batch first)', () => {
    const Xb = f32([B, T, I], seeded(T * B * I, 8))
    check(node('RNN', ['X', 'W', 'R', 'B'], { hidden_size: ints(H), direction: str('reverse'), layout: ints(1) }, ['Y', 'Y_h']), { X: Xb }, weights(1, 1, H, I, 61))
  })
})

describe('unsupported forms', () => {
  const graph = (n: ReturnType<typeof node>, inputs: Record<string, number[]>, constants: Record<string, Tensor>) => ({
    opset: 14,
    inputs: Object.entries(inputs).map(([name, shape]) => ({ name, dtype: name === 'lens' ? ('int32' as const) : ('float32' as const), shape })),
    outputs: [{ name: 'Y_h', dtype: 'float32' as const }],
    initializers: new Map(Object.entries(constants)),
    nodes: [n],
  })
  it('a runtime sequence_lens is refused with a typed error naming the node', () => {
    const n = node('GRU', ['X', 'W', 'R', 'B', 'lens'], { hidden_size: ints(H) }, ['', 'Y_h'])
    const e = (() => { try { prepareGraph({ graph: graph(n, { X: [T, B, I], lens: [B] }, weights(1, 3, H, I, 1)) }) } catch (err) { return err } })()
    expect(e).toBeInstanceOf(UnsupportedOpError)
    expect((e as UnsupportedOpError).message).toContain('gru0')
  })
  it('an activation function without a circuit form is refused, named', () => {
    const n = node('RNN', ['X', 'W', 'R'], { hidden_size: ints(H), activations: strs(['Sinh']) }, ['', 'Y_h'])
    expect(() => prepareGraph({ graph: graph(n, { X: [T, B, I] }, weights(1, 1, H, I, 1)) })).toThrow(/unknown activation function "Sinh"/)
    expect(() => prepareGraph({ graph: graph(n, { X: [T, B, I] }, weights(1, 1, H, I, 1)) })).toThrow(UnsupportedOpError)
  })
})

afterAll(() => releaseSnarkjs())
