/**
 * Element-wise functions of one input, compiled to a piecewise-polynomial table (`Func` integer
 * node, `src/ir/piecewise.ts`; gadget `src/circuit/gadgets/piecewise.ts`): Exp, Log, Tanh,
 * Sigmoid, Erf, Gelu (exact and tanh forms), Softplus, Mish, Swish, Elu, Selu, Celu.
 *
 * Quantization: the output gets its target scale s (calibrated range, activation bits); the
 * table is fitted at compile time (`src/quantize/fitFunction.ts`) for the input's scale and
 * calibrated range, with max |y − f(x)·2^s| ≤ 1.5 output quanta over its whole domain (the
 * tails — Sigmoid → 0 and 1, Gelu → 0 and x — are exact lines beyond it). The F fraction bits of
 * the polynomial are left on the output (scale s + F) when F ≤ 16, so the next requantize rounds
 * them (a linear consumer needs one anyway); otherwise the gadget rounds.
 *
 * Cost per element (12-bit activations, input a 12-bit activation; see the README table for each
 * function's measured figure): the input's decomposition (free when the input's own bits line up,
 * e.g. a model input) + the segment monomials (2^t − t − 1 for t segment bits) + the Horner steps
 * (≤ degree) + the rounding when not deferred (F + the output's bits + 1).
 */
import { attrFloat, attrString } from '../onnx/attributes.js'
import type { Node } from '../onnx/ir.js'
import type { FunctionSpec } from '../quantize/fitFunction.js'
import { float, mapUnary, sameInfo } from './common.js'
import { quantizeFunction } from './quantizeFunctions.js'
import { erf, logistic, softplus } from './special.js'
import type { ComputeOp } from './types.js'
import { ONE_IN } from './arity.js'

const ZERO = { slope: 0, intercept: 0 }
const IDENTITY = { slope: 1, intercept: 0 }
const constant = (c: number) => ({ slope: 0, intercept: c })

/** A one-input function op: attributes with their defaults, and the function they define. */
type FunctionDefinition = {
  opType: string
  /** Float attributes and their defaults (made explicit by canonicalization). */
  floats?: Record<string, number> | undefined
  /** String attributes and their defaults. */
  strings?: Record<string, string> | undefined
  spec(node: Node): FunctionSpec
  /** Integer ops beyond `Func` the rule may emit (Log's square-root range reduction). */
  emits?: ComputeOp['emits'] | undefined
}

function functionOp(def: FunctionDefinition): ComputeOp {
  return {
    opType: def.opType,
    arity: [ONE_IN],
    kind: 'compute',
    canonicalize(node, ctx) {
      const attrs = Object.fromEntries([
        ...Object.entries(def.floats ?? {}).map(([k, v]) => [k, float(attrFloat(node, k, v))]),
        ...Object.entries(def.strings ?? {}).map(([k, v]) => [k, { type: 'string' as const, value: attrString(node, k, v) }]),
      ])
      return ctx.rewrite(attrs)
    },
    inferShape: (_node, [x]) => sameInfo(x!, [...x!.shape]),
    floatKernel: (node, [x]) => [mapUnary(x!, def.spec(node).f)],
    quantize: (node, q) => quantizeFunction(node, q, def.spec(node)),
    emits: ['Func', ...(def.emits ?? [])],
  }
}

/** Exp: e^x. Tail 0 on the left; held past the largest representable output on the right. */
export const exp = functionOp({
  opType: 'Exp',
  spec: () => ({ name: 'Exp', f: Math.exp, left: ZERO, right: 'clamp' }),
})

/** Log: ln x for x > 0 (inputs ≤ one quantum are held at ln of one quantum). */
export const log = functionOp({
  opType: 'Log',
  spec: () => ({ name: 'Log', f: Math.log, left: 'clamp', right: 'clamp', min: 0, sqrtForm: (y: number) => 2 * Math.log(y) }),
  emits: ['Sqrt', 'Requant'],
})

/** Tanh. */
export const tanh = functionOp({
  opType: 'Tanh',
  spec: () => ({ name: 'Tanh', f: Math.tanh, left: constant(-1), right: constant(1) }),
})

/** Sigmoid: 1 / (1 + e^−x). */
export const sigmoid = functionOp({
  opType: 'Sigmoid',
  spec: () => ({ name: 'Sigmoid', f: logistic, left: ZERO, right: constant(1) }),
})

/** Erf. */
export const erfOp = functionOp({
  opType: 'Erf',
  spec: () => ({ name: 'Erf', f: erf, left: constant(-1), right: constant(1) }),
})

/** Gelu: x·Φ(x), or with approximate = "tanh" x/2·(1 + tanh(√(2/π)(x + 0.044715x³))). */
export const gelu = functionOp({
  opType: 'Gelu',
  strings: { approximate: 'none' },
  spec(node) {
    const tanhForm = attrString(node, 'approximate', 'none') === 'tanh'
    const k = Math.sqrt(2 / Math.PI)
    const f = tanhForm ? (x: number) => 0.5 * x * (1 + Math.tanh(k * (x + 0.044715 * x * x * x))) : (x: number) => 0.5 * x * (1 + erf(x / Math.SQRT2))
    return { name: tanhForm ? 'Gelu(tanh)' : 'Gelu', f, left: ZERO, right: IDENTITY }
  },
})

/** Softplus: ln(1 + e^x). */
export const softplusOp = functionOp({
  opType: 'Softplus',
  spec: () => ({ name: 'Softplus', f: softplus, left: ZERO, right: IDENTITY }),
})

/** Mish: x · tanh(softplus(x)). */
export const mish = functionOp({
  opType: 'Mish',
  spec: () => ({ name: 'Mish', f: (x: number) => x * Math.tanh(softplus(x)), left: ZERO, right: IDENTITY }),
})

/** Swish (opset 24): x · sigmoid(alpha · x); alpha = 1 is SiLU. */
export const swish = functionOp({
  opType: 'Swish',
  floats: { alpha: 1 },
  spec(node) {
    const alpha = attrFloat(node, 'alpha', 1)
    const right = alpha > 0 ? IDENTITY : ZERO
    const left = alpha > 0 ? ZERO : IDENTITY
    return { name: 'Swish', f: (x: number) => x * logistic(alpha * x), left, right }
  },
})

/** Elu: x ≥ 0 ? x : alpha·(e^x − 1). */
export const elu = functionOp({
  opType: 'Elu',
  floats: { alpha: 1 },
  spec(node) {
    const a = attrFloat(node, 'alpha', 1)
    return { name: 'Elu', f: (x: number) => (x >= 0 ? x : a * Math.expm1(x)), left: constant(-a), right: IDENTITY }
  },
})

/** Selu: gamma · (x > 0 ? x : alpha·(e^x − 1)). */
export const selu = functionOp({
  opType: 'Selu',
  floats: { alpha: 1.6732632423543772, gamma: 1.0507009873554805 },
  spec(node) {
    const a = attrFloat(node, 'alpha', 1.6732632423543772)
    const g = attrFloat(node, 'gamma', 1.0507009873554805)
    return { name: 'Selu', f: (x: number) => g * (x > 0 ? x : a * Math.expm1(x)), left: constant(-g * a), right: { slope: g, intercept: 0 } }
  },
})

/** Celu: max(0, x) + min(0, alpha·(e^(x/alpha) − 1)). */
export const celu = functionOp({
  opType: 'Celu',
  floats: { alpha: 1 },
  spec(node) {
    const a = attrFloat(node, 'alpha', 1)
    return { name: 'Celu', f: (x: number) => Math.max(0, x) + Math.min(0, a * Math.expm1(x / a)), left: constant(-a), right: IDENTITY }
  },
})
