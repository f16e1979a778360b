/**
 * Requantize (+ optional ReLU) in one bit decomposition — the workhorse of the circuit.
 *
 * Given x at scale 2^s and a shift k, computes q = floor((x + 2^(k−1)) / 2^k) (round half up; for
 * k = 0, q = x) and, with `relu`, y = max(0, q).
 *
 * Let t = x + 2^(k−1) with interval [tlo, thi]. Signed case (tlo < 0): decompose
 * u = t + 2^(B−1) into B bits, where 2^(B−1) > max(−tlo, thi) and B > k. Then
 *   low k bits      = the remainder (discarded, but range-checked by the decomposition)
 *   bit B−1         = [t ≥ 0]
 *   q               = Σ_{i≥k} 2^(i−k) b_i − 2^(B−1−k)
 *   relu(q)         = b_{B−1} · Σ_{k≤i<B−1} 2^(i−k) b_i         (1 multiplication constraint)
 * Cost: B + 1 constraints, + 1 with ReLU. Unsigned case (tlo ≥ 0): decompose t itself; ReLU is free.
 * Always-negative case with ReLU: the output is the constant 0 (no constraints).
 */
import type { CircuitBuilder } from '../builder.js'
import { type Lc, lcAddConst, lcConst, lcDot, lcWire } from '../lc.js'
import { bitLength, bitsOutput, toBits, toBitsTail } from './bits.js'

export type RequantizeParameters = {
  /** Right shift k ≥ 0 (the scale drops from 2^s to 2^(s−k)). */
  shift: number
  /** Clamp negatives to zero. */
  relu: boolean
  /** Name used in wire labels and errors. */
  label: string
}

/** See the module doc. Returns the output as a linear combination. */
export function requantize(b: CircuitBuilder, x: Lc, { shift: k, relu, label }: RequantizeParameters): Lc {
  const half = k > 0 ? 1n << BigInt(k - 1) : 0n
  // Witness-only mode reads t = x + half only for its interval and value, both x's shifted by half:
  // there t's Lc is built only if a constraint is (never, in that mode).
  const fast = b.pack !== undefined
  const t = fast ? undefined : lcAddConst(x, half)
  let tlo: bigint
  let thi: bigint
  if (t) [tlo, thi] = b.interval(t)
  else {
    const [xlo, xhi] = b.interval(x)
    tlo = xlo + half
    thi = xhi + half
  }
  if (relu && thi < 0n) return lcConst(0n)
  if (tlo >= 0n) {
    // Unsigned: relu is the identity. k = 0 needs no decomposition at all.
    if (k === 0) return x
    const n = Math.max(bitLength(thi), k)
    // Witness-only mode allocates the n bits but builds only the array of the top n − k (the output's).
    if (!t) return bitsOutput(b, toBitsTail(b, b.value(x) + half, n, k, label), 0, n - k, 0n)
    return bitsOutput(b, toBits(b, t, n, label), k, n, 0n)
  }
  const B = Math.max(bitLength(-tlo) + 1, bitLength(thi) + 1, k + 1)
  const offset = 1n << BigInt(B - 1)
  // bits[i] is bit i + from (from = k in witness-only mode, which keeps only the top B − k wires; else 0).
  const from = t ? 0 : k
  const bits = t ? toBits(b, lcAddConst(t, offset), B, label) : toBitsTail(b, b.value(x) + half + offset, B, k, label)
  const top = bits[B - 1 - from]!
  if (!relu) return bitsOutput(b, bits, k - from, B - from, -(offset >> BigInt(k)))
  // In witness-only mode q⁺ is one packed atom (its bits appear nowhere else).
  const qPos = bitsOutput(b, bits, k - from, B - 1 - from, 0n)
  const yHi = thi >> BigInt(k)
  const y = b.alloc(0n, yHi, () => b.values[top]! * b.value(qPos), `${label}.relu`)
  b.enforceLazy(() => [lcWire(top), qPos, lcWire(y)])
  return fast ? b.wireLc(y) : lcDot([1n], [lcWire(y)])
}

