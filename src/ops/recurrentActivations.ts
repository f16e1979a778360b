/**
 * The activation functions of LSTM, GRU and RNN (`activations`, `activation_alpha`,
 * `activation_beta`): each as a float function (the reference kernels) and as the ONNX nodes the
 * unrolled graph applies (so each is quantized by that op's own rule: Sigmoid and Tanh are
 * `Func` tables, Relu a requantize, Affine free, …).
 *
 * Names are matched case-insensitively. `activation_alpha` / `activation_beta` are consumed in
 * the order of the activation list, by the functions that take that parameter (as onnxruntime
 * reads them); a function whose value the list does not give takes its op's default.
 */
import { attrFloats, attrStrings } from '../onnx/attributes.js'
import type { Node } from '../onnx/ir.js'
import { float, scalar } from './common.js'
import { logistic, softplus } from './special.js'
import type { Subgraph } from './subgraph.js'

/** One activation: its function and its parameters. */
export type Activation = { name: string; alpha: number; beta: number }

type Definition = {
  /** Default alpha/beta when the function takes them (absent: it does not). */
  alpha?: number | undefined
  beta?: number | undefined
  f(alpha: number, beta: number): (x: number) => number
  emit(g: Subgraph, x: string, alpha: number, beta: number): string
  /** The function's range when it is bounded, [lo, hi] (absent: unbounded). */
  range?(alpha: number, beta: number): [number, number]
}

const scaled = (g: Subgraph, x: string, k: number) => g.op('Mul', [x, g.constant('act_scale', scalar('float32', k))])

const DEFINITIONS: Record<string, Definition> = {
  relu: { f: () => (x) => Math.max(0, x), emit: (g, x) => g.op('Relu', [x]) },
  tanh: { f: () => Math.tanh, emit: (g, x) => g.op('Tanh', [x]), range: () => [-1, 1] },
  sigmoid: { f: () => logistic, emit: (g, x) => g.op('Sigmoid', [x]), range: () => [0, 1] },
  affine: {
    alpha: 1,
    beta: 0,
    f: (a, b) => (x) => a * x + b,
    emit: (g, x, a, b) => g.op('Add', [scaled(g, x, a), g.constant('act_shift', scalar('float32', b))]),
  },
  leakyrelu: { alpha: 0.01, f: (a) => (x) => (x >= 0 ? x : a * x), emit: (g, x, a) => g.op('LeakyRelu', [x], { alpha: float(a) }) },
  thresholdedrelu: { alpha: 1, f: (a) => (x) => (x > a ? x : 0), emit: (g, x, a) => g.op('ThresholdedRelu', [x], { alpha: float(a) }) },
  scaledtanh: {
    alpha: 1,
    beta: 1,
    f: (a, b) => (x) => a * Math.tanh(b * x),
    emit: (g, x, a, b) => scaled(g, g.op('Tanh', [scaled(g, x, b)]), a),
    range: (a) => [-Math.abs(a), Math.abs(a)],
  },
  hardsigmoid: {
    alpha: 0.2,
    beta: 0.5,
    f: (a, b) => (x) => Math.max(0, Math.min(1, a * x + b)),
    emit: (g, x, a, b) => g.op('HardSigmoid', [x], { alpha: float(a), beta: float(b) }),
    range: () => [0, 1],
  },
  elu: { alpha: 1, f: (a) => (x) => (x >= 0 ? x : a * (Math.exp(x) - 1)), emit: (g, x, a) => g.op('Elu', [x], { alpha: float(a) }) },
  softsign: { f: () => (x) => x / (1 + Math.abs(x)), emit: (g, x) => g.op('Softsign', [x]), range: () => [-1, 1] },
  softplus: { f: () => softplus, emit: (g, x) => g.op('Softplus', [x]) },
}

/**
 * The node's activations: `perDirection` functions for each direction (forward first), from its
 * `activations` attribute or the defaults.
 * @param unsupported throws the op's `UnsupportedOpError`
 */
export function readActivations(node: Node, defaults: readonly string[], directions: number, unsupported: (reason: string) => never): Activation[] {
  const given = node.attributes['activations'] ? attrStrings(node, 'activations') : undefined
  const names = given ?? Array.from({ length: directions }, () => defaults).flat()
  if (names.length !== defaults.length * directions)
    unsupported(`activations lists ${names.length} functions; ${node.opType} with ${directions} direction(s) takes ${defaults.length * directions}`)
  const alphas = node.attributes['activation_alpha'] ? attrFloats(node, 'activation_alpha') : []
  const betas = node.attributes['activation_beta'] ? attrFloats(node, 'activation_beta') : []
  let ai = 0
  let bi = 0
  return names.map((raw) => {
    const name = raw.toLowerCase()
    const def = DEFINITIONS[name]
    if (!def) return unsupported(`unknown activation function "${raw}" (supported: ${Object.keys(DEFINITIONS).join(', ')})`)
    const alpha = def.alpha === undefined ? 0 : ai < alphas.length ? alphas[ai++]! : def.alpha
    const beta = def.beta === undefined ? 0 : bi < betas.length ? betas[bi++]! : def.beta
    return { name, alpha, beta }
  })
}

/** The float function of an activation. */
export function activationFunction(a: Activation): (x: number) => number {
  return DEFINITIONS[a.name]!.f(a.alpha, a.beta)
}

/** Emits an activation's nodes on `x`; returns the result's name. */
export function emitActivation(g: Subgraph, a: Activation, x: string): string {
  return DEFINITIONS[a.name]!.emit(g, x, a.alpha, a.beta)
}

/** The range of an activation when it is bounded ([lo, hi]), else undefined. */
export function activationRange(a: Activation): [number, number] | undefined {
  return DEFINITIONS[a.name]!.range?.(a.alpha, a.beta)
}
