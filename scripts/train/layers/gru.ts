/**
 * A GRU layer over a whole sequence, with hand-written back-propagation through time. ONNX GRU
 * semantics (gates z, r, h stacked in that order; `linear_before_reset = 0`; default activations
 * Sigmoid and Tanh), forward direction, zero initial state:
 *
 *   z = σ(W_z x + R_z h + b_z)   r = σ(W_r x + R_r h + b_r)   n = tanh(W_h x + R_h (r⊙h) + b_h)
 *   h' = (1 − z)⊙n + z⊙h
 *
 * A sample is `steps × inSize` values (time-major); the output is the final hidden state
 * (`hidden` values, ONNX's `Y_h`). Parameters: `${name}.W` `[3H, I]`, `${name}.R` `[3H, H]` and
 * `${name}.b` `[3H]` (ONNX's input bias Wb; the recurrence bias Rb is exported as zeros).
 */
import type { Rng } from '../rng.js'
import { createParam, Scratch } from './types.js'
import type { Layer, Param } from './types.js'

/** Parameters of {@link createGru}. */
export type CreateGruParameters = {
  /** Prefix of the parameter names. */
  name: string
  steps: number
  inSize: number
  hidden: number
  /** Initializes W and R uniform in ±1/√hidden (PyTorch's rule), b zero. */
  rng: Rng
}

/** A GRU layer: its sizes, for the exporter. */
export type GruLayer = Layer & { readonly steps: number; readonly inSize: number; readonly hidden: number }

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v))

/**
 * Creates a GRU layer.
 * @param parameters {@link CreateGruParameters}
 * @returns the layer; `params` = [W `[3H, I]`, R `[3H, H]`, b `[3H]`]
 */
export function createGru({ name, steps: T, inSize: I, hidden: H, rng }: CreateGruParameters): GruLayer {
  const W = createParam(`${name}.W`, [3 * H, I])
  const R = createParam(`${name}.R`, [3 * H, H])
  const b = createParam(`${name}.b`, [3 * H])
  const bound = 1 / Math.sqrt(H)
  for (const p of [W, R]) for (let i = 0; i < p.value.length; i++) p.value[i] = (rng.next() * 2 - 1) * bound
  const params: Param[] = [W, R, b]
  // Per sample and step t: the state before the step, and the gates z, r, n.
  const hs = new Scratch()
  const zs = new Scratch()
  const rs = new Scratch()
  const ns = new Scratch()
  const out = new Scratch()
  const dxBuf = new Scratch()
  let input: Float32Array = new Float32Array(0)
  // Row j of gate g of M ([3H, n]) times v (length n, from offset o).
  const dot = (M: Float32Array, g: number, j: number, n: number, v: ArrayLike<number>, o: number) => {
    let s = 0
    const row = (g * H + j) * n
    for (let i = 0; i < n; i++) s += M[row + i]! * v[o + i]!
    return s
  }
  return {
    type: 'gru',
    steps: T,
    inSize: I,
    hidden: H,
    inShape: [T * I],
    outShape: [H],
    params,
    forward(x, batch) {
      input = x
      const hAll = hs.get(batch * T * H)
      const zAll = zs.get(batch * T * H)
      const rAll = rs.get(batch * T * H)
      const nAll = ns.get(batch * T * H)
      const y = out.get(batch * H)
      const rh = new Float64Array(H)
      for (let s = 0; s < batch; s++) {
        const h = new Float64Array(H)
        for (let t = 0; t < T; t++) {
          const k = (s * T + t) * H
          const xo = (s * T + t) * I
          for (let j = 0; j < H; j++) hAll[k + j] = h[j]!
          for (let j = 0; j < H; j++) {
            zAll[k + j] = sigmoid(dot(W.value, 0, j, I, x, xo) + dot(R.value, 0, j, H, h, 0) + b.value[j]!)
            rAll[k + j] = sigmoid(dot(W.value, 1, j, I, x, xo) + dot(R.value, 1, j, H, h, 0) + b.value[H + j]!)
          }
          for (let j = 0; j < H; j++) rh[j] = rAll[k + j]! * h[j]!
          for (let j = 0; j < H; j++) nAll[k + j] = Math.tanh(dot(W.value, 2, j, I, x, xo) + dot(R.value, 2, j, H, rh, 0) + b.value[2 * H + j]!)
          for (let j = 0; j < H; j++) h[j] = (1 - zAll[k + j]!) * nAll[k + j]! + zAll[k + j]! * h[j]!
        }
        y.set(h, s * H)
      }
      return y
    },
    backward(dy, batch, needInput) {
      const x = input
      const [hAll, zAll, rAll, nAll] = [hs.get(batch * T * H), zs.get(batch * T * H), rs.get(batch * T * H), ns.get(batch * T * H)]
      const dx = needInput ? dxBuf.get(batch * T * I) : new Float32Array(0)
      if (needInput) dx.fill(0)
      const dh = new Float64Array(H)
      const dPrev = new Float64Array(H)
      const da = [new Float64Array(H), new Float64Array(H), new Float64Array(H)]
      const dRh = new Float64Array(H)
      // Adds the gradients of gate g's pre-activation `a` (input x at xo, recurrent input v).
      const accumulate = (g: number, a: Float64Array, xo: number, v: ArrayLike<number>) => {
        for (let j = 0; j < H; j++) {
          const d = a[j]!
          if (d === 0) continue
          b.grad[g * H + j] = b.grad[g * H + j]! + d
          const wr = (g * H + j) * I
          for (let i = 0; i < I; i++) {
            W.grad[wr + i] = W.grad[wr + i]! + d * x[xo + i]!
            if (needInput) dx[xo + i] = dx[xo + i]! + d * W.value[wr + i]!
          }
          const rr = (g * H + j) * H
          for (let i = 0; i < H; i++) R.grad[rr + i] = R.grad[rr + i]! + d * v[i]!
        }
      }
      for (let s = 0; s < batch; s++) {
        for (let j = 0; j < H; j++) dh[j] = dy[s * H + j]!
        for (let t = T - 1; t >= 0; t--) {
          const k = (s * T + t) * H
          const xo = (s * T + t) * I
          const h = hAll.subarray(k, k + H)
          for (let j = 0; j < H; j++) {
            const [z, n] = [zAll[k + j]!, nAll[k + j]!]
            dPrev[j] = dh[j]! * z
            da[2]![j] = dh[j]! * (1 - z) * (1 - n * n)
            da[0]![j] = dh[j]! * (h[j]! - n) * z * (1 - z)
          }
          // n's recurrent input is r⊙h: its gradient reaches r and h.
          dRh.fill(0)
          for (let j = 0; j < H; j++) for (let i = 0; i < H; i++) dRh[i] = dRh[i]! + da[2]![j]! * R.value[(2 * H + j) * H + i]!
          const rh = new Float64Array(H)
          for (let i = 0; i < H; i++) {
            const r = rAll[k + i]!
            rh[i] = r * h[i]!
            dPrev[i] = dPrev[i]! + dRh[i]! * r
            da[1]![i] = dRh[i]! * h[i]! * r * (1 - r)
          }
          accumulate(2, da[2]!, xo, rh)
          for (const g of [0, 1]) {
            accumulate(g, da[g]!, xo, h)
            for (let j = 0; j < H; j++) for (let i = 0; i < H; i++) dPrev[i] = dPrev[i]! + da[g]![j]! * R.value[(g * H + j) * H + i]!
          }
          dh.set(dPrev)
        }
      }
      return dx
    },
  }
}
