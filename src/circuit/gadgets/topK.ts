/**
 * Top-k: the k largest of n values, sorted (largest first, ties: lower index first, as ONNX TopK),
 * with one-hot selectors. One witness-checked selection instead of a sorting network.
 *
 * Witness: selectors s_{j,i} (row j picks the j-th largest) and the values y_j. Let
 *   c_j = Σ_i i·s_{j,i} (its index),  K_j = n·y_j − c_j (a key: distinct for distinct indices,
 *   larger key = earlier in the output),  t_i = Σ_j s_{j,i},  below_i = Σ_{m>i} s_{k−1,m} = [i < c_{k−1}].
 * Constraints:
 *   s_{j,i}(s_{j,i} − 1) = 0               k·n   booleans
 *   Σ_i s_{j,i} = 1                        k     one index per row
 *   s_{j,i} · (y_j − x_i) = 0              k·n   y_j equals the selected value
 *   K_j − K_{j+1} − 1 ≥ 0                  k − 1 bit decompositions: strictly decreasing keys
 *   y_{k−1} − x_i − below_i + M·t_i ≥ 0    n     bit decompositions (omitted when k = n)
 * with M = hi − lo + 1 over the inputs' interval [lo, hi].
 * SOUNDNESS: strictly decreasing keys make the k selected indices distinct (equal indices give
 * equal keys), so t_i ∈ {0, 1}. For an unselected i (t_i = 0) the last line says x_i < y_{k−1}, or
 * x_i = y_{k−1} with i > c_{k−1}: its key is below K_{k−1}. So the selected keys are exactly the k
 * largest, in decreasing order: values, indices and selectors are unique. For a selected i the line
 * holds whatever the values (M covers the widest gap). Every decomposition is sized from the
 * intervals, far below p.
 * Cost per call: 2kn + k + (k − 1)(B_K + 1) + n(B_g + 1) constraints, B_K ≈ B + log2 n + 1 and
 * B_g ≈ B + 2 for B-bit inputs; k = 1 costs about what the argmax gadget costs (≈ n(B + 5)).
 * A bubble/selection network of compare-swaps needs (B + 3) per compare-swap and k·n − k(k+1)/2 of
 * them (≈ k·n·(B + 3)): this gadget is cheaper for every k ≥ 2 once B > 4.
 */
import type { CircuitBuilder } from '../builder.js'
import { type Lc, lcConst, lcDot, lcWire } from '../lc.js'
import { bitLength, toBits } from './bits.js'
import { InternalError } from '../../errors/internal.js'

/** What {@link topK} returns: the k values (largest first) and each one's one-hot selector row. */
export type TopKReturnType = { values: Lc[]; selectors: Lc[][] }

/**
 * The k largest of `xs`, sorted, ties to the lower index (see the module doc).
 * @param b - The circuit builder.
 * @param xs - n ≥ 1 linear combinations whose intervals the caller's constraints enforce.
 * @param k - How many to select, 1 ≤ k ≤ n.
 * @param label - Name used in wire labels.
 * @example
 * const { values, selectors } = topK(b, logits, 3, 'top3') // indices: Σ i·selectors[j][i]
 */
export function topK(b: CircuitBuilder, xs: readonly Lc[], k: number, label: string): TopKReturnType {
  const n = xs.length
  if (!(k >= 1 && k <= n)) throw new InternalError({ invariant: `topK with k = ${k} of ${n}` })
  if (n === 1) return { values: [xs[0]!], selectors: [[lcConst(1n)]] }
  let chosen: number[] = []
  if (b.computeWitness) {
    const vals = xs.map((x) => b.value(x))
    chosen = vals
      .map((_, i) => i)
      .sort((p, q) => (vals[p]! > vals[q]! ? -1 : vals[p]! < vals[q]! ? 1 : p - q))
      .slice(0, k)
  }
  const ivs = xs.map((x) => b.interval(x))
  const lo = ivs.reduce((a, [l]) => (l < a ? l : a), ivs[0]![0])
  const hi = ivs.reduce((a, [, h]) => (h > a ? h : a), ivs[0]![1])
  const N = BigInt(n)
  const sel: Lc[][] = []
  const ys: Lc[] = []
  const keys: Lc[] = []
  for (let j = 0; j < k; j++) {
    const row = xs.map((_, i) => lcWire(b.alloc(0n, 1n, () => (chosen[j] === i ? 1n : 0n), `${label}.sel${j}_${i}`)))
    for (const s of row) b.enforceLazy(() => [s, lcDot([1n], [s], -1n), lcConst(0n)])
    b.enforceLazy(() => [lcDot(row.map(() => 1n), row, -1n), lcConst(1n), lcConst(0n)])
    const y = lcWire(b.alloc(lo, hi, () => b.value(xs[chosen[j]!]!), `${label}.value${j}`))
    xs.forEach((x, i) => b.enforceLazy(() => [row[i]!, lcDot([1n, -1n], [y, x]), lcConst(0n)]))
    sel.push(row)
    ys.push(y)
    keys.push(lcDot([N, ...row.map((_, i) => -BigInt(i))], [y, ...row]))
  }
  // Strictly decreasing keys: n·(y_j − y_{j+1}) − (c_j − c_{j+1}) − 1 ≤ n·(hi − lo) + n − 2.
  const orderBits = Math.max(1, bitLength(N * (hi - lo) + N - 2n))
  for (let j = 0; j + 1 < k; j++) toBits(b, lcDot([1n, -1n], [keys[j]!, keys[j + 1]!], -1n), orderBits, `${label}.order${j}`)
  if (k < n) {
    const M = hi - lo + 1n
    const last = sel[k - 1]!
    const gapBits = Math.max(1, bitLength(hi - lo + M))
    xs.forEach((x, i) => {
      const taken = sel.map((row) => row[i]!)
      const below = last.slice(i + 1)
      const gap = lcDot([1n, -1n, ...below.map(() => -1n), ...taken.map(() => M)], [ys[k - 1]!, x, ...below, ...taken])
      toBits(b, gap, gapBits, `${label}.gap${i}`)
    })
  }
  return { values: ys, selectors: sel }
}
