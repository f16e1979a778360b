/**
 * Integer square root: y = floor(√x) for x ≥ 0, by its monotone inverse.
 *
 * Witness y; constraints:
 *   y · y = s                       (1 multiplication)
 *   d = x − s ∈ [0, 2^n)            (bit decomposition)
 *   e = 2y − d ∈ [0, 2^n)           (bit decomposition), n = bits of 2·√(max x)
 * so y² ≤ x ≤ y² + 2y < (y + 1)². No range check on y is needed: 2y = d + e, and if d + e were
 * odd, y = (d + e)/2 mod p would give y² ≡ x − d with (d + e)² = 4(x − d) over the integers
 * (both sides are far below p), which forces d + e even. So y is the integer (d + e)/2 ≥ 0 and the
 * two inequalities pin it to floor(√x). A negative x has no witness (the prover fails).
 * Cost: 2n + 3 constraints.
 */
import type { CircuitBuilder } from '../builder.js'
import { type Lc, lcDot, lcWire } from '../lc.js'
import { bitLength, toBits } from './bits.js'
import { WitnessGenerationError } from '../../errors/prove.js'

/** floor(√n) for a bigint n ≥ 0 (Newton's method). */
export function bigIsqrt(n: bigint): bigint {
  if (n < 2n) return n
  let x = BigInt(Math.floor(Math.sqrt(Number(n))))
  // Correct the float estimate (exact for any size).
  while (x * x > n) x = (x + n / x) >> 1n
  while ((x + 1n) * (x + 1n) <= n) x++
  return x
}

/** floor(√x) (see the module doc); x must be ≥ 0 at prove time. */
export function isqrt(b: CircuitBuilder, x: Lc, label: string): Lc {
  const [, hi] = b.interval(x)
  const yMax = hi > 0n ? bigIsqrt(hi) : 0n
  const n = Math.max(1, bitLength(2n * yMax))
  let yv = 0n
  if (b.computeWitness) {
    const v = b.value(x)
    if (v < 0n) throw new WitnessGenerationError({ wire: label, reason: `square root of ${v} < 0` })
    yv = bigIsqrt(v)
  }
  const y = b.alloc(0n, yMax, () => yv, `${label}.y`)
  const s = b.alloc(0n, yMax * yMax, () => yv * yv, `${label}.sq`)
  b.enforceLazy(() => [lcWire(y), lcWire(y), lcWire(s)])
  const d = lcDot([1n, -1n], [x, lcWire(s)])
  toBits(b, d, n, `${label}.d`)
  toBits(b, lcDot([2n, -1n], [lcWire(y), d]), n, `${label}.e`)
  return lcWire(y)
}
