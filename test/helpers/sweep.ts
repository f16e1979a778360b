/**
 * Dense accuracy sweeps of one element-wise op through the whole pipeline: a one-node graph over
 * an input grid (calibrated on that grid), quantized at the given bits, run by the integer
 * executor and lowered to a circuit (witness = executor, every constraint satisfied).
 *
 * The error is the op's own: the integer output against the float function at the *quantized*
 * input (x_int / 2^s), in quanta of the output's target scale (the largest scale at which the
 * calibrated output fits the activation width), so the input's own quantization is not counted.
 */
import { expect } from 'vitest'
import { calibrateRanges } from '../../src/compile/calibrate.js'
import { failingConstraints } from '../../src/circuit/check.js'
import { toField } from '../../src/circuit/field.js'
import { lowerModel } from '../../src/circuit/lowerModel.js'
import type { QuantizedModel } from '../../src/ir/model.js'
import { scaleFor } from '../../src/ir/scales.js'
import { execFloat } from '../../src/onnx/execFloat.js'
import { type Attribute, type Tensor, createTensor } from '../../src/onnx/ir.js'
import { prepareGraph } from '../../src/onnx/prepare.js'
import { runIntegers } from '../../src/quantize/execInt.js'
import { quantizeGraph } from '../../src/quantize/quantize.js'

/** The compiler's default bit widths (8-bit inputs and weights, 12-bit activations). */
export const DEFAULT_BITS = { inputBits: 8, weightBits: 8, activationBits: 12 }

/** Parameters of {@link sweepOp}. */
export type SweepParameters = {
  opType: string
  attributes?: Record<string, Attribute> | undefined
  /** Constant inputs after x (e.g. Pow's exponent), by position 1, 2, …. */
  constants?: Tensor[] | undefined
  /** The float input interval swept (and calibrated on). */
  lo: number
  hi: number
  /** Grid points (default 256: every code of an 8-bit input). */
  n?: number | undefined
  bits?: { inputBits: number; weightBits: number; activationBits: number } | undefined
  opset?: number | undefined
  /** Lower and check the circuit too (default true). */
  circuit?: boolean | undefined
}

/** What {@link sweepOp} measured. */
export type SweepResult = {
  model: QuantizedModel
  /** Max |integer output − f(quantized input)| in output quanta (2^−targetScale). */
  maxError: number
  /** Target scale of the output (the quantum the error is measured in). */
  targetScale: number
  /** Constraints per element, the input's own range check excluded (circuit only). */
  constraintsPerElement: number
}

/** Sweeps one op (see the module doc); asserts the circuit's witness equals the executor. */
export function sweepOp({ opType, attributes = {}, constants = [], lo, hi, n = 256, bits = DEFAULT_BITS, opset = 24, circuit = true }: SweepParameters): SweepResult {
  const names = constants.map((_, i) => `c${i + 1}`)
  const graph = prepareGraph({
    graph: {
      opset,
      inputs: [{ name: 'x', dtype: 'float32', shape: [n] }],
      outputs: [{ name: 'y', dtype: 'float32' }],
      initializers: new Map(constants.map((t, i) => [names[i]!, t])),
      nodes: [{ opType, name: 'op', inputs: ['x', ...names], outputs: ['y'], attributes }],
    },
  })
  const grid = Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1))
  const { ranges } = calibrateRanges({ graph, samples: [{ x: grid }] })
  const model = quantizeGraph({ graph, ranges, ...bits })
  const input = model.inputs[0]!
  const lowest = input.signed ? -(2 ** (input.bits - 1)) : 0
  const highest = input.signed ? 2 ** (input.bits - 1) - 1 : 2 ** input.bits - 1
  const ints = Array.from(grid, (v) => Math.min(highest, Math.max(lowest, Math.round(v * 2 ** input.scale))))
  const exec = runIntegers(model, { x: ints })
  const reference = execFloat({ graph, inputs: { x: createTensor({ dtype: 'float32', dims: [n], data: ints.map((v) => v / 2 ** input.scale) }) } }).outputs['y']!
  const r = ranges.get('y')!
  const targetScale = scaleFor(Math.max(Math.abs(r.min), Math.abs(r.max)), 2 ** (bits.activationBits - 1) - 1)
  const outScale = model.tensors['y']!.scale
  let maxError = 0
  exec.integers['y']!.forEach((v, i) => {
    maxError = Math.max(maxError, Math.abs(v / 2 ** outScale - reference.data[i]!) * 2 ** targetScale)
  })
  let constraintsPerElement = NaN
  if (circuit) {
    const lowered = lowerModel({ model, visibility: { input: 'private', output: 'public' }, inputs: { x: ints }, mode: { constraints: true, witness: true } })
    expect(failingConstraints(lowered.r1cs, lowered.witness!.map(toField))).toEqual([])
    expect(lowered.outputs!['y']!.map(Number)).toEqual(exec.integers['y'])
    constraintsPerElement = (lowered.r1cs.constraints.length - n * input.bits) / n
  }
  return { model, maxError, targetScale, constraintsPerElement }
}
