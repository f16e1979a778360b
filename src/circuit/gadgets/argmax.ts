/**
 * ArgMax with ties broken towards the lowest index (ONNX's default).
 *
 * Witness: one-hot selectors s_i and the maximum m. Constraints:
 *   s_i (s_i − 1) = 0                       booleans
 *   Σ s_i = 1                               exactly one selected
 *   s_i · (m − x_i) = 0                     m equals the selected value
 *   m − x_i − [i < c] ≥ 0  (bit decomposition), where [i < c] = Σ_{j>i} s_j
 * The last line says m ≥ every x_i, strictly for indices before the chosen one, so c is the
 * lowest index of a maximum. Output: c = Σ i·s_i (a linear combination).
 */
import type { CircuitBuilder } from '../builder.js'
import { type Lc, lcConst, lcDot, lcSub, lcWire } from '../lc.js'
import { bitLength, toBits } from './bits.js'

/** Index of the maximum of `xs` (lowest index on ties). */
export function argmax(b: CircuitBuilder, xs: readonly Lc[], label: string): Lc {
  const n = xs.length
  if (n === 1) return lcConst(0n)
  let chosen = 0
  if (b.computeWitness) {
    const vals = xs.map((x) => b.value(x))
    vals.forEach((v, i) => {
      if (v > vals[chosen]!) chosen = i
    })
  }
  const ivs = xs.map((x) => b.interval(x))
  const lo = ivs.reduce((a, [l]) => (l < a ? l : a), ivs[0]![0])
  const hi = ivs.reduce((a, [, h]) => (h > a ? h : a), ivs[0]![1])
  const sel = xs.map((_, i) => b.alloc(0n, 1n, () => (i === chosen ? 1n : 0n), `${label}.sel${i}`))
  const m = b.alloc(lo, hi, () => b.value(xs[chosen]!), `${label}.max`)
  for (const s of sel) b.enforceLazy(() => [lcWire(s), lcDot([1n], [lcWire(s)], -1n), lcConst(0n)])
  b.enforceLazy(() => [lcDot(sel.map(() => 1n), sel.map((s) => lcWire(s)), -1n), lcConst(1n), lcConst(0n)])
  xs.forEach((x, i) => {
    b.enforceLazy(() => [lcWire(sel[i]!), lcSub(lcWire(m), x), lcConst(0n)])
    const later = sel.slice(i + 1).map((s) => lcWire(s))
    const d = lcDot([1n, -1n, ...later.map(() => -1n)], [lcWire(m), x, ...later])
    const [, dh] = b.interval(lcSub(lcWire(m), x))
    toBits(b, d, Math.max(1, bitLength(dh)), `${label}.gap${i}`)
  })
  return lcDot(
    sel.map((_, i) => BigInt(i)),
    sel.map((s) => lcWire(s)),
  )
}
