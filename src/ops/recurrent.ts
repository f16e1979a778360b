/**
 * The shared definition of the recurrent ops LSTM, GRU and RNN (cells in `lstm.ts`, `gru.ts`,
 * `rnn.ts`): attributes, the float reference kernel, and the unrolling that canonicalization
 * does.
 *
 * Canonical form: none of these ops remains in a prepared graph. Each node is unrolled over its
 * (constant) sequence length into ops the compiler already proves, which are then calibrated,
 * quantized and proven one by one:
 *
 * - per direction and gate, the input projection of every time step at once:
 *   `MatMul(X, W_gᵀ) + (Wb_g + Rb_g)` ([T, B, H]; free with constant weights), then `Gather`
 *   of step t (free);
 * - per step, the recurrence `MatMul(h, R_gᵀ)` (free), `Add`, an optional `Clip`, the gate's
 *   activation (`Sigmoid` / `Tanh` tables, or any ONNX activation function), and the cell's
 *   products of two activations (`Mul`: one constraint per element plus the requantization of
 *   each factor);
 * - outputs: `Unsqueeze`/`Concat`/`Transpose` (free) into Y, Y_h (and LSTM's Y_c).
 *
 * Forward, reverse and bidirectional; `layout` 0 and 1; `clip`; every activation function; an
 * initial state (`initial_h`, `initial_c`: a constant, folded away, or a runtime value; an all-zero
 * one is dropped); `sequence_lens` as a constant, including lengths shorter than the sequence (a
 * step past a batch entry's length keeps its state, by masks that are constant multiplies, and
 * writes zeros to Y). Weights may be runtime values too (their products are then two-activation
 * products). The weight slicing folds away when the weights are constants.
 *
 * State bounds: the circuit sizes every wire by interval arithmetic, and through a recurrence the
 * intervals of h (and c) would compound step after step (a function table's output interval
 * follows its argument's, which follows h's through h·Rᵀ) far past the field. So where the
 * activations are bounded (Sigmoid, Tanh, …) and the initial state is constant or absent, each
 * step's new state is clipped to a bound it provably stays within in float (GRU: |h| ≤ max(|g|,
 * |h₀|); LSTM: |h| ≤ max |h(·)|, |c_t| ≤ |c_{t−1}| + max |g|; RNN: |h| ≤ max |f|): the float value
 * never changes, the integer one at most by its rounding, and the intervals restart each step.
 * Cost: two Relus per state element and step (two requantizing decompositions).
 */
import { attrFloat, attrInt, attrString } from '../onnx/attributes.js'
import type { DType, Node, Tensor, TensorInfo } from '../onnx/ir.js'
import { shapeError } from '../onnx/shapes.js'
import { int, int64, intList } from './common.js'
import { type Activation, activationFunction, activationRange, emitActivation, readActivations } from './recurrentActivations.js'
import { type Subgraph, subgraph } from './subgraph.js'
import type { CanonicalizeContext, CanonicalResult, ComputeOp, Kernel } from './types.js'

/** A recurrent node's attributes, resolved. */
export type RecurrentAttributes = {
  hidden: number
  /** One entry per direction: true for the reverse one. */
  reverse: boolean[]
  layout: 0 | 1
  clip: number | undefined
  /** `perDirection` activations per direction, forward first. */
  activations: Activation[]
  /** GRU: apply the linear transformation before multiplying by the reset gate. */
  linearBeforeReset: boolean
  /** LSTM: couple the input and forget gates (f = 1 − i). */
  inputForget: boolean
}

/** What a cell's graph step reads (values of shape [B, H], gate vectors [1, H]). */
export type GraphStep = {
  g: Subgraph
  attrs: RecurrentAttributes
  /** Activation `k` of this direction (after the clip, if any) applied to `x`. */
  act(k: number, x: string): string
  /** Per gate: x_t·W_gᵀ + Wb_g (+ Rb_g unless the cell keeps that bias inside, see {@link Cell.biasInside}). */
  x: string[]
  /** h·R_gᵀ (no bias). */
  recur(gate: number, h: string): string
  /** Per gate: Rb_g when the cell keeps it inside and the node has a bias, else undefined. */
  rb: (string | undefined)[]
  /** LSTM peephole weights P_i, P_o, P_f (undefined: none). */
  peep: string[] | undefined
  /** The previous hidden and cell state (undefined: zero). */
  h: string | undefined
  c: string | undefined
}

/** What a cell's float step reads (vectors of length H, for one batch entry). */
export type FloatStep = {
  attrs: RecurrentAttributes
  act(k: number, x: Float64Array): Float64Array
  x: Float64Array[]
  recur(gate: number, h: Float64Array): Float64Array
  rb: (Float64Array | undefined)[]
  peep: Float64Array[] | undefined
  h: Float64Array
  c: Float64Array
}

/** One recurrent cell (LSTM, GRU, RNN). */
export type Cell = {
  opType: 'LSTM' | 'GRU' | 'RNN'
  /** Gates stacked in W, R and B (LSTM 4: i, o, f, c; GRU 3: z, r, h; RNN 1). */
  gates: number
  /** Default activations of one direction. */
  defaults: readonly string[]
  /** LSTM: a cell state (initial_c, Y_c) and peepholes. */
  hasCell: boolean
  /** Gates whose recurrence bias Rb stays inside the step (GRU's h gate with linear_before_reset). */
  biasInside(gate: number, attrs: RecurrentAttributes): boolean
  /** One step in graph form: the new hidden state (and cell state). */
  step(s: GraphStep): { h: string; c?: string | undefined }
  /** One step in float. */
  floatStep(s: FloatStep): { h: Float64Array; c?: Float64Array | undefined }
  /**
   * Bounds of |h| and |c| after a step, in float, from the activations' ranges (undefined for an
   * unbounded activation) and the bounds before it (undefined: unknown, a runtime initial state).
   */
  stateBounds(ranges: readonly ([number, number] | undefined)[], prev: { h: number | undefined; c: number | undefined }): { h: number | undefined; c?: number | undefined }
}

/** max |v| over a range, or undefined. */
export const magnitude = (r: [number, number] | undefined): number | undefined => (r ? Math.max(Math.abs(r[0]), Math.abs(r[1])) : undefined)
/** True when a range lies within [0, 1] (a gate). */
export const isGate = (r: [number, number] | undefined): boolean => r !== undefined && r[0] >= 0 && r[1] <= 1

/** Input positions. */
const X = 0
const W = 1
const R = 2
const B = 3
const LENS = 4
const H0 = 5
const C0 = 6
const P = 7

/** Attributes of a node whose inputs have the given infos. @throws {ShapeMismatchError} inconsistent shapes */
function readAttributes(node: Node, cell: Cell, infos: readonly (TensorInfo | undefined)[], unsupported: (reason: string) => never): RecurrentAttributes {
  const [x, w, r] = [infos[X]!.shape, infos[W]!.shape, infos[R]!.shape]
  const direction = attrString(node, 'direction', 'forward')
  if (!['forward', 'reverse', 'bidirectional'].includes(direction)) unsupported(`unknown direction "${direction}"`)
  const dirs = direction === 'bidirectional' ? 2 : 1
  const hidden = attrInt(node, 'hidden_size', r[2] ?? 0)
  const layout = attrInt(node, 'layout', 0)
  if (layout !== 0 && layout !== 1) unsupported(`layout ${layout}`)
  const G = cell.gates
  const fail = (what: string) => shapeError(node, what, infos.map((i) => i?.shape ?? []))
  if (x.length !== 3) fail('X must be 3-D')
  if (w.join() !== [dirs, G * hidden, x[2]].join()) fail(`W must be [${dirs}, ${G * hidden}, ${x[2]}]`)
  if (r.join() !== [dirs, G * hidden, hidden].join()) fail(`R must be [${dirs}, ${G * hidden}, ${hidden}]`)
  if (infos[B] && infos[B].shape.join() !== [dirs, 2 * G * hidden].join()) fail(`B must be [${dirs}, ${2 * G * hidden}]`)
  const batch = x[layout === 0 ? 1 : 0]!
  const state = layout === 0 ? [dirs, batch, hidden] : [batch, dirs, hidden]
  for (const k of [H0, ...(cell.hasCell ? [C0] : [])]) if (infos[k] && infos[k].shape.join() !== state.join()) fail(`initial states must be [${state}]`)
  if (infos[LENS] && infos[LENS].shape.join() !== [batch].join()) fail(`sequence_lens must be [${batch}]`)
  if (cell.hasCell && infos[P] && infos[P].shape.join() !== [dirs, 3 * hidden].join()) fail(`P must be [${dirs}, ${3 * hidden}]`)
  return {
    hidden,
    reverse: direction === 'bidirectional' ? [false, true] : [direction === 'reverse'],
    layout,
    clip: node.attributes['clip'] ? attrFloat(node, 'clip') : undefined,
    activations: readActivations(node, cell.defaults, dirs, unsupported),
    linearBeforeReset: attrInt(node, 'linear_before_reset', 0) !== 0,
    inputForget: attrInt(node, 'input_forget', 0) !== 0,
  }
}

/** Output infos: Y, Y_h (, Y_c). */
function outputInfos(cell: Cell, a: RecurrentAttributes, x: TensorInfo): TensorInfo[] {
  const [T, Bn] = a.layout === 0 ? [x.shape[0]!, x.shape[1]!] : [x.shape[1]!, x.shape[0]!]
  const D = a.reverse.length
  const y = a.layout === 0 ? [T, D, Bn, a.hidden] : [Bn, T, D, a.hidden]
  const state = a.layout === 0 ? [D, Bn, a.hidden] : [Bn, D, a.hidden]
  return [y, state, ...(cell.hasCell ? [state] : [])].map((shape) => ({ dtype: x.dtype, shape }))
}

/** The batch entries' lengths (all T when `sequence_lens` is absent). */
function lengths(node: Node, lens: Tensor | undefined, T: number, batch: number): number[] {
  const out = lens ? Array.from(lens.data) : new Array<number>(batch).fill(T)
  for (const l of out) if (!(Number.isInteger(l) && l >= 0 && l <= T)) shapeError(node, `sequence_lens value ${l} is outside [0, ${T}]`, [[T]])
  return out
}

/** Unrolls a node (see the module doc). */
function unroll(cell: Cell, node: Node, ctx: CanonicalizeContext): CanonicalResult {
  const ins = [...node.inputs, '', '', '', '', '', ''].slice(0, 8)
  const a = readAttributes(node, cell, ins.map((n) => (n ? ctx.info(n) : undefined)), ctx.unsupported)
  const g = subgraph(node, ctx)
  const dtype: DType = ctx.x.dtype
  const H = a.hidden
  const G = cell.gates
  const D = a.reverse.length
  const xs = a.layout === 0 ? ins[X]! : g.op('Transpose', [ins[X]!], { perm: intList([1, 0, 2]) })
  const [T, Bn] = g.info(xs).shape as [number, number, number]
  const lens = lengths(node, ins[LENS] ? ctx.constant(ins[LENS])! : undefined, T, Bn)
  const index = memo((i: number) => g.constant(`${node.name}_i${i}`, { dtype: 'int64', dims: [], data: Float64Array.of(i) }))
  const axes = memo((k: string) => g.constant(`${node.name}_axes`, int64(k.split(',').map(Number))))
  const f32 = (base: string, dims: number[], data: number[]) => g.constant(`${node.name}_${base}`, { dtype, dims, data: Float64Array.from(data) })
  const slice = (v: string, start: number, end: number, axis: number) =>
    g.op('Slice', [v, g.constant(`${node.name}_starts`, int64([start])), g.constant(`${node.name}_ends`, int64([end])), axes(`${axis}`)])
  const add = (...vs: (string | undefined)[]) => vs.filter((v): v is string => v !== undefined).reduce((p, v) => g.op('Add', [p, v]))
  // A state input of direction d, or undefined when absent or all zero.
  const stateOf = (name: string, d: number) => {
    if (!name) return undefined
    const k = ctx.constant(name)
    if (k && k.data.every((v) => v === 0)) return undefined
    return g.op('Gather', [name, index(d)], { axis: int(a.layout === 0 ? 0 : 1) })
  }
  // max |initial state| when it is absent (0) or a constant; undefined for a runtime value.
  const initialBound = (name: string): number | undefined => {
    if (!name) return 0
    const k = ctx.constant(name)
    return k ? k.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0) : undefined
  }
  const hasBias = ins[B] !== '' && !ctx.constant(ins[B]!)?.data.every((v) => v === 0)
  const ys: string[][] = []
  const finals: { h: string | undefined; c: string | undefined }[] = []
  for (let d = 0; d < D; d++) {
    const wd = g.op('Gather', [ins[W]!, index(d)], { axis: int(0) })
    const rd = g.op('Gather', [ins[R]!, index(d)], { axis: int(0) })
    const bd = hasBias ? g.op('Gather', [ins[B]!, index(d)], { axis: int(0) }) : undefined
    const rT = Array.from({ length: G }, (_, k) => g.op('Transpose', [slice(rd, k * H, (k + 1) * H, 0)], { perm: intList([1, 0]) }))
    const rb: (string | undefined)[] = []
    const xw = Array.from({ length: G }, (_, k) => {
      const proj = g.op('MatMul', [xs, g.op('Transpose', [slice(wd, k * H, (k + 1) * H, 0)], { perm: intList([1, 0]) })])
      if (!bd) return proj
      const wb = slice(bd, k * H, (k + 1) * H, 0)
      const rbk = slice(bd, (G + k) * H, (G + k + 1) * H, 0)
      if (cell.biasInside(k, a)) rb[k] = rbk
      return g.op('Add', [proj, cell.biasInside(k, a) ? wb : g.op('Add', [wb, rbk])])
    })
    const peep = cell.hasCell && ins[P] && !ctx.constant(ins[P])?.data.every((v) => v === 0)
      ? [0, 1, 2].map((k) => slice(g.op('Gather', [ins[P]!, index(d)], { axis: int(0) }), k * H, (k + 1) * H, 0))
      : undefined
    const acts = a.activations.slice(d * cell.defaults.length, (d + 1) * cell.defaults.length)
    const clip = a.clip === undefined ? undefined : [f32('clip_lo', [], [-a.clip]), f32('clip_hi', [], [a.clip])]
    const act = (k: number, v: string) => emitActivation(g, acts[k]!, clip ? g.op('Clip', [v, ...clip]) : v)
    let h = stateOf(ins[H0]!, d)
    let c = cell.hasCell ? stateOf(ins[C0]!, d) : undefined
    // Float bounds of the states (see "State bounds" in the module doc).
    const ranges = acts.map(activationRange)
    let bounds = { h: initialBound(ins[H0]!), c: cell.hasCell ? initialBound(ins[C0]!) : undefined }
    // clip(v, −b, b) as b − relu(2b − relu(v + b)): each relu's interval starts at 0 and the outer
    // one ends at 2b, so the result's interval is [−b, b] (a Clip's min/max, a − relu(a − hi),
    // would keep v's width in interval arithmetic).
    const bounded = (v: string, bound: number | undefined) => {
      if (bound === undefined) return v
      const [lo, span] = [f32('state_shift', [], [bound]), f32('state_span', [], [2 * bound])]
      const inner = g.op('Relu', [g.op('Add', [v, lo])])
      return g.op('Sub', [lo, g.op('Relu', [g.op('Sub', [span, inner])])])
    }
    const y: string[] = new Array<string>(T)
    for (let n = 0; n < T; n++) {
      const t = a.reverse[d] ? T - 1 - n : n
      const x = xw.map((v) => g.op('Gather', [v, index(t)], { axis: int(0) }))
      const stepped = cell.step({ g, attrs: a, act, x, recur: (k, hv) => g.op('MatMul', [hv, rT[k]!]), rb, peep, h, c })
      bounds = { c: undefined, ...cell.stateBounds(ranges, bounds) }
      const out = { h: bounded(stepped.h, bounds.h), c: stepped.c === undefined ? undefined : bounded(stepped.c, bounds.c) }
      const keep = lens.map((l) => (t < l ? 1 : 0))
      if (keep.every((k) => k === 1)) {
        y[t] = out.h
        h = out.h
        c = out.c
        continue
      }
      // Entries past their length: Y is 0 and the state is kept (constant masks: free).
      const m = f32('keep', [Bn, 1], keep)
      const hold = f32('hold', [Bn, 1], keep.map((k) => 1 - k))
      const masked = (next: string, prev: string | undefined) => add(g.op('Mul', [next, m]), prev && g.op('Mul', [prev, hold]))
      y[t] = g.op('Mul', [out.h, m])
      h = masked(out.h, h)
      c = out.c === undefined ? c : masked(out.c, c)
    }
    ys.push(y)
    finals.push({ h, c })
  }
  const zeros = (shape: number[]) => f32('zeros', shape, new Array<number>(shape.reduce((p, q) => p * q, 1)).fill(0))
  // Writes `parts` (each [B, H]) stacked as `name`: Y ([T, D, B, H]) or a final state ([D, B, H]), in the layout.
  const state = (name: string, vs: (string | undefined)[]) => {
    const parts = vs.map((v) => g.op('Unsqueeze', [v ?? zeros([Bn, H]), axes('0')]))
    if (a.layout === 0) return g.op('Concat', parts, { axis: int(0) }, name)
    return g.op('Transpose', [g.op('Concat', parts, { axis: int(0) })], { perm: intList([1, 0, 2]) }, name)
  }
  const [yName, hName, cName] = [node.outputs[0] ?? '', node.outputs[1] ?? '', node.outputs[2] ?? '']
  if (yName) {
    const perDir = ys.map((y) => g.op('Concat', y.map((v) => g.op('Unsqueeze', [v, axes('0,1')])), { axis: int(0) }))
    const all = g.op('Concat', perDir, { axis: int(1) }, a.layout === 0 ? yName : undefined)
    if (a.layout === 1) g.op('Transpose', [all], { perm: intList([2, 0, 1, 3]) }, yName)
  }
  if (hName) state(hName, finals.map((f) => f.h))
  if (cName && cell.hasCell) state(cName, finals.map((f) => f.c))
  return g.result()
}

/** Memoizes a one-argument constant maker. */
function memo<K>(make: (k: K) => string): (k: K) => string {
  const cache = new Map<K, string>()
  return (k) => cache.get(k) ?? (cache.set(k, make(k)), cache.get(k)!)
}

/** Row `row` (length `n`) of a flat array as a new vector. */
const rowOf = (t: Tensor | undefined, offset: number, n: number) => (t ? Float64Array.from(t.data.subarray(offset, offset + n)) : new Float64Array(n))

/** The float reference kernel (ONNX semantics, float64). */
function recurrentKernel(cell: Cell): Kernel {
  return (node, inputs) => {
    const ins = [...inputs, undefined, undefined, undefined, undefined, undefined].slice(0, 8)
    const a = readAttributes(node, cell, ins.map((t) => t && { dtype: t.dtype, shape: [...t.dims] }), (reason) => shapeError(node, reason, []))
    const x = ins[X]!
    const [T, Bn, I] = a.layout === 0 ? [x.dims[0]!, x.dims[1]!, x.dims[2]!] : [x.dims[1]!, x.dims[0]!, x.dims[2]!]
    const H = a.hidden
    const G = cell.gates
    const D = a.reverse.length
    const lens = lengths(node, ins[LENS], T, Bn)
    const [yInfo, sInfo] = outputInfos(cell, a, { dtype: x.dtype, shape: [...x.dims] })
    const Y = new Float64Array(T * D * Bn * H)
    const Yh = new Float64Array(D * Bn * H)
    const Yc = new Float64Array(D * Bn * H)
    const xAt = (t: number, b: number) => (a.layout === 0 ? (t * Bn + b) * I : (b * T + t) * I)
    const stateAt = (d: number, b: number) => (a.layout === 0 ? (d * Bn + b) * H : (b * D + d) * H)
    const yAt = (t: number, d: number, b: number) => (a.layout === 0 ? ((t * D + d) * Bn + b) * H : ((b * T + t) * D + d) * H)
    // Row j of gate k of matrix M (W: [D, G·H, I], R: [D, G·H, H]) times v.
    const matvec = (M: Tensor, d: number, k: number, v: ArrayLike<number>, offset: number, n: number) => {
      const out = new Float64Array(H)
      for (let j = 0; j < H; j++) {
        let s = 0
        const row = (d * G * H + k * H + j) * n
        for (let i = 0; i < n; i++) s += M.data[row + i]! * v[offset + i]!
        out[j] = s
      }
      return out
    }
    for (let d = 0; d < D; d++) {
      const acts = a.activations.slice(d * cell.defaults.length, (d + 1) * cell.defaults.length).map(activationFunction)
      const clip = a.clip
      const act = (k: number, v: Float64Array) => v.map((e) => acts[k]!(clip === undefined ? e : Math.min(Math.max(e, -clip), clip)))
      const bias = (k: number) => rowOf(ins[B], d * 2 * G * H + k * H, H)
      const peep = cell.hasCell && ins[P] ? [0, 1, 2].map((k) => rowOf(ins[P], d * 3 * H + k * H, H)) : undefined
      for (let b = 0; b < Bn; b++) {
        let h: Float64Array = rowOf(ins[H0], stateAt(d, b), H)
        let c: Float64Array = rowOf(cell.hasCell ? ins[C0] : undefined, stateAt(d, b), H)
        for (let n = 0; n < lens[b]!; n++) {
          const t = a.reverse[d] ? lens[b]! - 1 - n : n
          const xv = Array.from({ length: G }, (_, k) => {
            const v = matvec(ins[W]!, d, k, x.data, xAt(t, b), I)
            const wb = bias(k)
            const rb = bias(G + k)
            return v.map((e, j) => e + wb[j]! + (cell.biasInside(k, a) ? 0 : rb[j]!))
          })
          const rb = Array.from({ length: G }, (_, k) => (cell.biasInside(k, a) ? bias(G + k) : undefined))
          const out = cell.floatStep({ attrs: a, act, x: xv, recur: (k, hv) => matvec(ins[R]!, d, k, hv, 0, H), rb, peep, h, c })
          h = out.h
          c = out.c ?? c
          Y.set(h, yAt(t, d, b))
        }
        Yh.set(h, stateAt(d, b))
        Yc.set(c, stateAt(d, b))
      }
    }
    const tensor = (info: TensorInfo, data: Float64Array): Tensor => ({ dtype: info.dtype, dims: info.shape, data })
    return [tensor(yInfo!, Y), tensor(sInfo!, Yh), ...(cell.hasCell ? [tensor(sInfo!, Yc)] : [])]
  }
}

/** The op definition of a recurrent cell (see the module doc). */
export function recurrentOp(cell: Cell): ComputeOp {
  const inputs = cell.hasCell ? 8 : 6
  return {
    opType: cell.opType,
    // Every output is optional (Y may be left empty), but a node must name at least one.
    arity: [{ inputs: [3, inputs], outputs: [1, cell.hasCell ? 3 : 2], optionalOutputs: true }],
    kind: 'compute',
    constantInputs: [LENS],
    canonicalize: (node, ctx) => unroll(cell, node, ctx),
    inferShape(node, infos) {
      const a = readAttributes(node, cell, infos, (reason) => shapeError(node, reason, []))
      return outputInfos(cell, a, infos[X]!)
    },
    floatKernel: recurrentKernel(cell),
    quantize: (_node, q) => q.unsupported(`${cell.opType} is unrolled at canonicalization and never quantized as a node`),
    // The integer ops of what the unrolling produces.
    emits: ['Linear', 'MatMul', 'Add', 'Affine', 'Mul', 'Requant', 'Func', 'Clip', 'IndexMap', 'Concat', 'Reshape', 'Transpose'],
  }
}

