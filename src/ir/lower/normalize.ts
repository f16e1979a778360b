/**
 * Row normalisation with data-dependent mean and variance (LayerNormalization,
 * GroupNormalization, InstanceNormalization; the `Normalize` integer op). Per row of N integers
 * x_i (a contiguous block of `rowSize` elements):
 *
 *   Σ   = Σ x_i                               free
 *   D_i = N·x_i − Σ  (= N·(x_i − μ), exact)    free
 *   V   = Σ D_i²     (= N³·var, exact)         N multiplications
 *   Q   = floor(√((V + eps) · 2^rootShift))   one square root (monotone inverse) per row
 *   R   = round(recipNum / max(Q, recipMin))  one division per row; recipNum = √N·2^b
 *   z_i = round(D_i · R / 2^shift)            one bounded product per element (`mulRound`)
 *
 * so z_i = (x_i − μ)/√(var + ε) at the output scale, with eps = ε·N³·2^(2s). No division by N
 * and no rounding before the root: the mean and variance are exact integers. The product's bound
 * follows from D_i² ≤ V: |D_i| ≤ (Q + 1)/2^(rootShift/2), so |D_i·R| ≤ recipNum·(1 + 1/Q)/2^(rootShift/2)
 * + (Q + 1)/2^(rootShift/2 + 1), whatever the row (the compiler adds a margin).
 * The scale γ and offset β are a following `Affine` (free). With `stat: 'invStd'` the output is
 * R per row (= √N·2^b / Q = 2^(b−a−s) / (N·σ)), for LayerNormalization's InvStdDev output.
 */
import type { Domain, DTensor } from '../domain.js'
import type { QNode } from '../model.js'
import { max2, shiftLeft } from './compose.js'

type NormalizeNode = QNode & { op: 'Normalize' }

/** Normalises each row of `node.rowSize` consecutive elements of x (see the module doc). */
export function normalizeRows<T>(D: Domain<T>, x: DTensor<T>, node: NormalizeNode, label: string): DTensor<T> {
  const N = node.rowSize
  const ones = new Array<number>(N).fill(1)
  const rows = x.data.length / N
  const out: T[] = new Array(node.stat ? rows : x.data.length)
  for (let r = 0; r < rows; r++) {
    const row = `${label}[${r}]`
    const xs = x.data.slice(r * N, (r + 1) * N)
    const sum = D.dot(ones, xs, 0)
    const d = xs.map((v) => D.dot([N, -1], [v, sum], 0))
    const V = D.dot(ones, d.map((v, i) => D.mul(v, v, `${row}.sq${i}`)), node.eps)
    const Q = D.isqrt(shiftLeft(D, V, node.rootShift), `${row}.root`)
    const R = D.div(D.constant(node.recipNum), max2(D, Q, D.constant(node.recipMin), `${row}.min`), `${row}.recip`)
    if (node.stat) out[r] = R
    else d.forEach((v, i) => (out[r * N + i] = D.mulRound(v, R, node.shift, node.bound, `${row}.z${i}`)))
  }
  return { shape: node.stat ? [rows] : x.shape, data: out }
}
