/**
 * Ops composed from the Domain's primitives (no new circuit primitive):
 *   max(a, b) = the Domain's `max`         min(a, b) = a − relu(a − b)
 * NOTE: each is one bit decomposition of a − b (relu here is `requantize(·, 0, relu)`).
 */
import type { Domain } from '../domain.js'

const PLUS_MINUS = [1, -1]

/** max(a, b). */
export function max2<T>(D: Domain<T>, a: T, b: T, label: string): T {
  return D.max(a, b, label)
}

/** min(a, b). */
export function min2<T>(D: Domain<T>, a: T, b: T, label: string): T {
  return D.dot(PLUS_MINUS, [a, D.requantize(D.dot(PLUS_MINUS, [a, b], 0), 0, true, label)], 0)
}

/**
 * Maximum of a non-empty list, as a balanced tree of max2. In a circuit each max2 is one
 * decomposition of a − b (B + 2 constraints for B-bit values), so a window of n values costs
 * (n − 1)(B + 2): cheaper than n range checks `m − x_i ≥ 0` plus a product chain `Π (m − x_i) = 0`.
 */
export function maxOf<T>(D: Domain<T>, xs: readonly T[], label: string): T {
  let level = [...xs]
  for (let round = 0; level.length > 1; round++) {
    const next: T[] = []
    for (let i = 0; i + 1 < level.length; i += 2) next.push(max2(D, level[i]!, level[i + 1]!, `${label}.r${round}_${i >> 1}`))
    if (level.length % 2) next.push(level[level.length - 1]!)
    level = next
  }
  return level[0]!
}

/** Minimum of a non-empty list, as a balanced tree of min2. */
export function minOf<T>(D: Domain<T>, xs: readonly T[], label: string): T {
  let level = [...xs]
  for (let round = 0; level.length > 1; round++) {
    const next: T[] = []
    for (let i = 0; i + 1 < level.length; i += 2) next.push(min2(D, level[i]!, level[i + 1]!, `${label}.r${round}_${i >> 1}`))
    if (level.length % 2) next.push(level[level.length - 1]!)
    level = next
  }
  return level[0]!
}

/** x · 2^k for k ≥ 0 (a free rescale). */
export function shiftLeft<T>(D: Domain<T>, x: T, k: number): T {
  return k === 0 ? x : D.dot([2 ** k], [x], 0)
}
