/**
 * max and min of two values, built from the requantize gadget (no new primitive):
 *   max(a, b) = b + relu(a − b)        min(a, b) = a − relu(a − b)
 * Each costs one decomposition of a − b (B + 2 constraints). A pooling window of n values
 * reduces pairwise: (n − 1)(B + 2), cheaper than n range checks plus a product chain.
 */
import type { CircuitBuilder } from '../builder.js'
import { type Lc, lcAdd, lcSub } from '../lc.js'
import { requantize } from './requantize.js'

/** `max(a, b)`. */
export function max2(b: CircuitBuilder, x: Lc, y: Lc, label: string): Lc {
  return lcAdd(y, requantize(b, lcSub(x, y), { shift: 0, relu: true, label }))
}

/** `min(a, b)`. */
export function min2(b: CircuitBuilder, x: Lc, y: Lc, label: string): Lc {
  return lcSub(x, requantize(b, lcSub(x, y), { shift: 0, relu: true, label }))
}

/** Maximum of a non-empty list, reduced as a balanced tree. */
export function maxOf(b: CircuitBuilder, xs: readonly Lc[], label: string): Lc {
  let level = [...xs]
  let round = 0
  while (level.length > 1) {
    const next: Lc[] = []
    for (let i = 0; i + 1 < level.length; i += 2) next.push(max2(b, level[i]!, level[i + 1]!, `${label}.max${round}_${i / 2}`))
    if (level.length % 2) next.push(level[level.length - 1]!)
    level = next
    round++
  }
  return level[0]!
}
