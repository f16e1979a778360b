/**
 * Test helpers for the operator definitions (`src/ops/*.test.ts`): a canonicalization context over
 * hand-given infos, a quantization context over a prepared graph, and `runOp`, which takes one
 * hand-built node through the whole front of the pipeline (prepare → float → calibrate → quantize
 * → integer executor) and checks that the quantizer emitted only the integer ops the definition
 * declares.
 */
import { expect } from 'vitest'
import { calibrateRanges } from '../../src/compile/calibrate.js'
import type { QuantizedModel } from '../../src/ir/model.js'
import { execFloat } from '../../src/onnx/execFloat.js'
import type { Attribute, DType, Node, PreparedGraph, Tensor, TensorInfo } from '../../src/onnx/ir.js'
import { createTensor } from '../../src/onnx/ir.js'
import { prepareGraph } from '../../src/onnx/prepare.js'
import { opDefinition } from '../../src/ops/index.js'
import type { CanonicalContext } from '../../src/ops/types.js'
import { createQuantizeState, type QuantizeState } from '../../src/quantize/context.js'
import { runIntegers } from '../../src/quantize/execInt.js'
import { quantizeGraph } from '../../src/quantize/quantize.js'
import { quantizeInputs } from '../../src/quantize/quantizeInput.js'
import { lowerModel } from '../../src/circuit/lowerModel.js'
import { failingConstraints } from '../../src/circuit/check.js'
import { toField } from '../../src/circuit/field.js'
import { devSetup } from '../../src/setup/devSetup.js'
import { proveGroth16, verifyGroth16, } from '../../src/prove/groth16.js'
import type { Groth16VerificationKey } from '../../src/prove/groth16.js'

/** A float32 tensor. */
export const f32 = (dims: number[], data: readonly number[]): Tensor => createTensor({ dtype: 'float32', dims, data })
/** An int64 tensor. */
export const i64 = (dims: number[], data: readonly number[]): Tensor => createTensor({ dtype: 'int64', dims, data })

/** Deterministic values in [lo, hi) (a fixed LCG), `n` of them. */
export function seeded(n: number, seed = 1, lo = -1, hi = 1): number[] {
  let s = seed >>> 0
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return lo + ((hi - lo) * s) / 2 ** 32
  })
}

/** A node reading `inputs` and writing `outputs` (default `['y']`). */
export function node(opType: string, inputs: string[], attributes: Record<string, Attribute> = {}, outputs = ['y']): Node {
  return { opType, name: `${opType.toLowerCase()}0`, inputs, outputs, attributes }
}

/** A {@link CanonicalContext} over hand-given value infos and constants (every value counts as used). */
export function canonicalContext({ opset = 13, infos = {}, constants = {} }: { opset?: number; infos?: Record<string, TensorInfo>; constants?: Record<string, Tensor> }): CanonicalContext {
  const taken = new Set([...Object.keys(infos), ...Object.keys(constants)])
  return {
    opset,
    info: (name) => infos[name] ?? { dtype: constants[name]!.dtype, shape: [...constants[name]!.dims] },
    constant: (name) => constants[name],
    isUsed: () => true,
    freshName(base) {
      let name = base
      for (let k = 1; taken.has(name); k++) name = `${base}_${k}`
      taken.add(name)
      return name
    },
  }
}

/** The info of a float32 value of that shape. */
export const info = (shape: number[], dtype: DType = 'float32'): TensorInfo => ({ dtype, shape })

/** Parameters of {@link runOp}. */
export type RunOpParameters = {
  node: Node
  /** Runtime inputs (graph inputs) by name. */
  inputs: Record<string, Tensor>
  /** Initializers by name. */
  constants?: Record<string, Tensor> | undefined
  opset?: number | undefined
  bits?: { inputBits: number; weightBits: number; activationBits: number } | undefined
}

/** What {@link runOp} computed. */
export type RunOpResult = {
  prepared: PreparedGraph
  /** Float outputs by name (the float kernel on the prepared node). */
  float: Record<string, Tensor>
  model: QuantizedModel
  /** Integer-executor outputs, dequantized, by name. */
  integer: Record<string, number[]>
  /** The quantized inputs and the executor's output integers, by name. */
  ints: Record<string, number[]>
  integers: Record<string, number[]>
}

/**
 * One hand-built node through prepare → float → calibrate (on its own inputs) → quantize →
 * integer executor. Asserts that every integer node emitted is one the op's definition lists in
 * `emits`.
 */
export function runOp({ node: n, inputs, constants = {}, opset = 13, bits = { inputBits: 12, weightBits: 12, activationBits: 16 } }: RunOpParameters): RunOpResult {
  const prepared = prepareGraph({
    graph: {
      opset,
      inputs: Object.entries(inputs).map(([name, t]) => ({ name, dtype: t.dtype, shape: t.dims })),
      outputs: n.outputs.filter(Boolean).map((name) => ({ name, dtype: 'float32' as const })),
      initializers: new Map(Object.entries(constants)),
      nodes: [n],
    },
  })
  const float = execFloat({ graph: prepared, inputs }).outputs
  const samples = [Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, t.data]))]
  const { ranges } = calibrateRanges({ graph: prepared, samples })
  const model = quantizeGraph({ graph: prepared, ranges, ...bits })
  const emitted = new Set(prepared.nodes.flatMap((p) => { const d = opDefinition(p.opType); return d?.kind === 'compute' ? d.emits : [] }))
  for (const q of model.nodes) expect(emitted, `${q.op} (${q.name}) is not in the op's emits`).toContain(q.op)
  const ints = quantizeInputs({ model, input: Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, Array.from(t.data)])), clamp: false })
  const run = runIntegers(model, ints)
  return { prepared, float, model, integer: run.outputs, ints, integers: run.integers }
}

/**
 * Lowers a {@link runOp} result to the circuit (constraints + witness), asserts every constraint
 * holds and every output equals the integer executor's; returns the constraint count.
 */
export function expectCircuitMatches({ model, ints, integers }: Pick<RunOpResult, 'model' | 'ints' | 'integers'>): number {
  const lowered = lowerModel({ model, visibility: { input: 'private', output: 'public' }, inputs: ints, mode: { constraints: true, witness: true } })
  expect(failingConstraints(lowered.r1cs, lowered.witness!.map(toField))).toEqual([])
  for (const o of model.outputs) expect(lowered.outputs![o.name]!.map(Number), o.name).toEqual(integers[o.name])
  return lowered.r1cs.constraints.length
}

/** Largest |a − b| over two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length)
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!))
  return m
}

/** Parameters of {@link quantizeOne}. */
export type QuantizeOneParameters = {
  node: Node
  /** Shapes of the runtime inputs by name (float32). */
  inputs: Record<string, number[]>
  constants?: Record<string, Tensor> | undefined
  /** Calibrated ranges by value name (outputs included, for target scales). */
  ranges?: Record<string, { min: number; max: number }> | undefined
  /** Scale given to every runtime input (default 8). */
  inputScale?: number | undefined
  opset?: number | undefined
}

/**
 * Prepares a one-node graph, then calls its op's `quantize` alone on a fresh state (12-bit
 * weights, 16-bit activations; inputs recorded at `inputScale`).
 * @returns the state (emitted nodes, tensors, constants) and the prepared node
 */
export function quantizeOne({ node: n, inputs, constants = {}, ranges = {}, inputScale = 8, opset = 13 }: QuantizeOneParameters): { state: QuantizeState; node: Node } {
  const graph = prepareGraph({
    graph: {
      opset,
      inputs: Object.entries(inputs).map(([name, shape]) => ({ name, dtype: 'float32' as const, shape })),
      outputs: n.outputs.filter(Boolean).map((name) => ({ name, dtype: 'float32' as const })),
      initializers: new Map(Object.entries(constants)),
      nodes: [n],
    },
  })
  const state = createQuantizeState({ graph, ranges: new Map(Object.entries(ranges)), bits: { input: 12, weight: 12, activation: 16 } })
  for (const v of graph.inputs) state.tensors[v.name] = { shape: v.shape as number[], scale: inputScale }
  const prepared = graph.nodes[graph.nodes.length - 1]!
  const def = opDefinition(prepared.opType)
  if (def?.kind !== 'compute') throw new Error(`${prepared.opType} is not a compute op`)
  def.quantize(prepared, state.contextFor(prepared))
  return { state, node: prepared }
}

/**
 * Lowers a {@link runOp} result, runs a dev Groth16 setup, proves its witness with snarkjs and
 * asserts that the proof verifies and that a changed public signal does not. (Call
 * `releaseSnarkjs` in the test file's `afterAll`.)
 */
export async function expectProofVerifies({ model, ints }: Pick<RunOpResult, 'model' | 'ints'>): Promise<void> {
  const lowered = lowerModel({ model, visibility: { input: 'private', output: 'public' }, inputs: ints, mode: { constraints: true, witness: true } })
  const witness = lowered.witness!.map(toField)
  const { zkey, vkey } = await devSetup({ r1cs: lowered.r1cs })
  const { proof, publicSignals } = await proveGroth16({ zkey, witness })
  expect(await verifyGroth16({ vkey: vkey as unknown as Groth16VerificationKey, proof, publicSignals })).toBe(true)
  const forged = [...publicSignals]
  forged[0] = (BigInt(forged[0]!) + 1n).toString()
  expect(await verifyGroth16({ vkey: vkey as unknown as Groth16VerificationKey, proof, publicSignals: forged })).toBe(false)
}

export type CheckGraphParameters = {
  /** The graph's nodes: input `x`, outputs `outputs` (default `y`). */
  nodes: Node[]
  /** The shape of `x`. */
  shape: number[]
  /** Values of `x` (also the calibration sample). */
  xs: number[]
  /** Initializers by name. */
  initializers?: Record<string, Tensor>
  opset?: number
  /** The graph's outputs (default `['y']`). */
  outputs?: string[]
}

export type CheckGraphResult = {
  model: QuantizedModel
  /** Max |integer − float| on the first output. */
  error: number
  /** Max |integer − float| per output. */
  errors: Record<string, number>
  /** The integer executor's dequantized outputs and the float executor's, per output. */
  exec: Record<string, ArrayLike<number>>
  float: Record<string, ArrayLike<number>>
  /** The calibrated ranges. */
  ranges: Map<string, { min: number; max: number }>
  inScale: number
  /** The first output's scale. */
  outScale: number
  constraints: number
}

/**
 * Quantizes a one-input graph at 8/8/12 bits (calibrated on `xs`), runs the integer executor and the
 * float executor at the quantized input, lowers it, and asserts the witness satisfies the
 * constraints and the circuit's outputs equal the executor's, output by output.
 * @returns the model, the executors' outputs and their max differences, the scales, the constraint count
 */
export function checkGraph({ nodes, shape, xs, initializers = {}, opset = 13, outputs = ['y'] }: CheckGraphParameters): CheckGraphResult {
  const graph = prepareGraph({ graph: { opset, inputs: [{ name: 'x', dtype: 'float32', shape }], outputs: outputs.map((name) => ({ name, dtype: 'float32' as const })), initializers: new Map(Object.entries(initializers)), nodes } })
  const { ranges } = calibrateRanges({ graph, samples: [{ x: Float64Array.from(xs) }] })
  const model = quantizeGraph({ graph, ranges, inputBits: 8, weightBits: 8, activationBits: 12 })
  const inScale = model.inputs[0]!.scale
  const ints = xs.map((v) => Math.round(v * 2 ** inScale))
  const run = runIntegers(model, { x: ints })
  const floatOut = execFloat({ graph, inputs: { x: createTensor({ dtype: 'float32', dims: shape, data: ints.map((v) => v / 2 ** inScale) }) } }).outputs
  const lowered = lowerModel({ model, visibility: { input: 'private', output: 'public' }, inputs: { x: ints }, mode: { constraints: true, witness: true } })
  expect(failingConstraints(lowered.r1cs, lowered.witness!.map(toField))).toEqual([])
  const exec: Record<string, ArrayLike<number>> = {}
  const float: Record<string, ArrayLike<number>> = {}
  const errors: Record<string, number> = {}
  for (const o of outputs) {
    expect(lowered.outputs![o]!.map(Number)).toEqual(run.integers[o])
    expect(run.outputs[o]!.length).toBe(floatOut[o]!.data.length)
    exec[o] = run.outputs[o]!
    float[o] = floatOut[o]!.data
    errors[o] = maxAbsDiff(exec[o], float[o])
  }
  const first = outputs[0]!
  return { model, error: errors[first]!, errors, exec, float, ranges, inScale, outScale: model.tensors[first]!.scale, constraints: lowered.r1cs.constraints.length }
}
