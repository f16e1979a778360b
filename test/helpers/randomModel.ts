/**
 * Small hand-built quantized models (no ONNX) covering every integer op, for lowering tests.
 */
import type { QuantizedModel, QNode } from '../../src/ir/model.js'

/** Deterministic pseudo-random integers in [lo, hi]. */
export function rng(seed: number) {
  let s = seed >>> 0
  return (lo: number, hi: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return lo + (s % (hi - lo + 1))
  }
}

/** A 2-layer MLP: in[1,K] → Linear → Requant+ReLU → Linear → out. */
export function mlpModel(K: number, H: number, O: number, seed = 1): QuantizedModel {
  const r = rng(seed)
  const w1 = { dims: [H, K], data: Array.from({ length: H * K }, () => r(-127, 127)) }
  const b1 = { dims: [H], data: Array.from({ length: H }, () => r(-2000, 2000)) }
  const w2 = { dims: [O, H], data: Array.from({ length: O * H }, () => r(-127, 127)) }
  const b2 = { dims: [O], data: Array.from({ length: O }, () => r(-2000, 2000)) }
  const nodes: QNode[] = [
    { op: 'Linear', name: 'fc1', inputs: ['x'], outputs: ['h'], weight: 'w1', bias: 'b1' },
    { op: 'Requant', name: 'relu1', inputs: ['h'], outputs: ['a'], shift: 7, relu: true },
    { op: 'Linear', name: 'fc2', inputs: ['a'], outputs: ['y'], weight: 'w2', bias: 'b2' },
  ]
  return {
    version: 1,
    inputs: [{ name: 'x', shape: [1, K], scale: 7, bits: 8, signed: false, min: 0, max: 255 / 128 }],
    outputs: [{ name: 'y', shape: [1, O], scale: 14 }],
    tensors: { x: { shape: [1, K], scale: 7 }, h: { shape: [1, H], scale: 14 }, a: { shape: [1, H], scale: 7 }, y: { shape: [1, O], scale: 14 } },
    constants: { w1, b1, w2, b2 },
    nodes,
  }
}

/**
 * A hand-made piecewise table (`src/ir/piecewise.ts`): a sigmoid-like ramp from 1 to 4096 (scale 12)
 * on inputs at scale 14: argument shift 2, 8 linear segments of 2^9 arguments, 4 fraction bits.
 */
export function sigmoidLikeTable() {
  const F = 4
  const knot = (s: number) => Math.round(16 * (1 + 4095 / (1 + Math.exp(-(s - 4) * 0.75))))
  const coeffs = Array.from({ length: 8 }, (_, s) => {
    const slope = Math.round(((knot(s + 1) - knot(s)) * 16) / 512) / 16
    return [Math.round((knot(s) + knot(s + 1)) / 2), Math.round(slope)]
  })
  return { shift: 2, lo: -2048, lowBits: 9, coeffs, fracBits: F, below: { mul: 0, add: 16 }, above: { mul: 0, add: 4096 * 16 } }
}

/** A small CNN exercising Conv, MaxPool, SumPool, Affine, Add, Mul, Div, Concat, Transpose, activations, ArgMax. */
export function cnnModel(seed = 2): QuantizedModel {
  const r = rng(seed)
  const t = (shape: number[], scale: number) => ({ shape, scale })
  const w = (dims: number[], lo = -60, hi = 60) => ({ dims, data: Array.from({ length: dims.reduce((a, d) => a * d, 1) }, () => r(lo, hi)) })
  const constants = {
    cw: w([3, 1, 3, 3]), cb: w([3], -500, 500), dw: w([3, 1, 2, 2]),
    am: w([3, 1, 1], 1, 40), aa: w([3, 1, 1], -300, 300), fw: w([4, 54]), fb: w([4], -100, 100),
  }
  const geo = { pads: [1, 1, 1, 1] as [number, number, number, number], strides: [1, 1] as [number, number], dilations: [1, 1] as [number, number] }
  const nodes: QNode[] = [
    { op: 'Conv', name: 'conv', inputs: ['x'], outputs: ['c'], weight: 'cw', bias: 'cb', ...geo, group: 1 },
    { op: 'LeakyRelu', name: 'lrelu', inputs: ['c'], outputs: ['l'], shift: 6, alpha: 26, alphaShift: 8 },
    { op: 'MaxPool', name: 'pool', inputs: ['l'], outputs: ['p'], kernel: [2, 2], pads: [0, 0, 0, 0], strides: [2, 2], dilations: [1, 1] },
    { op: 'Conv', name: 'dw', inputs: ['p'], outputs: ['d'], weight: 'dw', ...geo, pads: [0, 0, 1, 1], group: 3 },
    { op: 'Affine', name: 'bn', inputs: ['d'], outputs: ['e'], mul: 'am', add: 'aa' },
    { op: 'Clip', name: 'clip', inputs: ['e'], outputs: ['f'], shift: 9, lo: -40, hi: 300 },
    { op: 'SumPool', name: 'avg', inputs: ['f'], outputs: ['g'], kernel: [3, 3], pads: [1, 1, 1, 1], strides: [1, 1], dilations: [1, 1], average: { shift: 12, countIncludePad: false } },
    { op: 'Requant', name: 'rq', inputs: ['g'], outputs: ['h'], shift: 12, relu: false },
    { op: 'Mul', name: 'sq', inputs: ['h', 'f'], outputs: ['m'] },
    { op: 'Add', name: 'res', inputs: ['m', 'h'], outputs: ['s'], shifts: [0, 5], subtract: true },
    { op: 'Func', name: 'sig', fn: 'sigmoid-like', inputs: ['s'], outputs: ['z'], table: sigmoidLikeTable() },
    { op: 'Div', name: 'div', inputs: ['h', 'z'], outputs: ['q'], shift: 6 },
    { op: 'Transpose', name: 'tr', inputs: ['q'], outputs: ['u'], perm: [0, 1, 3, 2] },
    { op: 'Concat', name: 'cat', inputs: ['u', 'z'], outputs: ['v'], axis: 1, shifts: [9, 0] },
    { op: 'Reshape', name: 'flat', inputs: ['v'], outputs: ['vf'] },
    { op: 'Linear', name: 'fc', inputs: ['vf'], outputs: ['y'], weight: 'fw', bias: 'fb' },
    { op: 'ArgMax', name: 'am', inputs: ['y'], outputs: ['k'], axis: 1, selectLastIndex: false },
  ]
  return {
    version: 1,
    inputs: [{ name: 'x', shape: [1, 1, 6, 6], scale: 6, bits: 8, signed: true, min: -2, max: 127 / 64 }],
    outputs: [{ name: 'y', shape: [1, 4], scale: 10 }, { name: 'k', shape: [1], scale: 0, isIndex: true }],
    tensors: {
      x: t([1, 1, 6, 6], 6), c: t([1, 3, 6, 6], 12), l: t([1, 3, 6, 6], 6), p: t([1, 3, 3, 3], 6), d: t([1, 3, 3, 3], 12),
      e: t([1, 3, 3, 3], 18), f: t([1, 3, 3, 3], 9), g: t([1, 3, 3, 3], 21), h: t([1, 3, 3, 3], 9), m: t([1, 3, 3, 3], 18),
      s: t([1, 3, 3, 3], 14), z: t([1, 3, 3, 3], 12), q: t([1, 3, 3, 3], 9 + 6 - 12), u: t([1, 3, 3, 3], 3),
      v: t([1, 6, 3, 3], 3), vf: t([1, 54], 3), y: t([1, 4], 10), k: t([1], 0),
    },
    constants,
    nodes,
  }
}
