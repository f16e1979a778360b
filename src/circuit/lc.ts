/**
 * Linear combinations over wires, the currency of the circuit builder.
 *
 * An `Lc` maps wire index → signed bigint coefficient; wire 0 is the constant one, so
 * `new Map([[0, 5n]])` is the constant 5. Lcs are immutable by convention: every helper
 * returns a new map.
 *
 * In witness-only mode an Lc may be a `PackedLc` (`packedLc.ts`): the same linear combination in a
 * compact form, which these helpers merge and evaluate without expanding it.
 */
import type { LinearCombination } from './r1cs.js'
import { PackedLc, packContextOf, packedDot } from './packedLc.js'

export type Lc = LinearCombination

/** The constant `c` as a linear combination. */
export function lcConst(c: bigint): Lc {
  return c === 0n ? new Map() : new Map([[0, c]])
}

/** The single wire `w` (coefficient 1). */
export function lcWire(w: number, coeff = 1n): Lc {
  return new Map([[w, coeff]])
}

/** `Σ coeffs[i] · xs[i] + bias`, merging terms; zero coefficients are dropped. */
export function lcDot(coeffs: readonly bigint[], xs: readonly Lc[], bias = 0n): Lc {
  const ctx = packContextOf(xs)
  if (ctx) return packedDot(ctx, coeffs, xs, bias)
  const out: Lc = new Map()
  if (bias !== 0n) out.set(0, bias)
  for (let i = 0; i < xs.length; i++) {
    const k = coeffs[i]!
    if (k === 0n) continue
    for (const [w, c] of xs[i]!) {
      const v = (out.get(w) ?? 0n) + k * c
      if (v === 0n) out.delete(w)
      else out.set(w, v)
    }
  }
  return out
}

/** `a + b`. */
export function lcAdd(a: Lc, b: Lc): Lc {
  return lcDot([1n, 1n], [a, b])
}

/** `a - b`. */
export function lcSub(a: Lc, b: Lc): Lc {
  return lcDot([1n, -1n], [a, b])
}

/** `k · a`. */
export function lcScale(a: Lc, k: bigint): Lc {
  return lcDot([k], [a])
}

/** `a + c` for a constant c. */
export function lcAddConst(a: Lc, c: bigint): Lc {
  return lcDot([1n], [a], c)
}

/** Evaluates `a` at an assignment (signed integers, no modular reduction). */
export function lcEval(a: Lc, values: readonly bigint[]): bigint {
  if (a instanceof PackedLc && a.terms && values === a.ctx.values) return a.value()
  let s = 0n
  for (const [w, c] of a) s += c * (w === 0 ? 1n : values[w]!)
  return s
}

/** If `a` is a constant, returns it; otherwise undefined. */
export function lcConstantValue(a: Lc): bigint | undefined {
  if (a instanceof PackedLc && a.terms) return a.isConstant() ? (a.constantTerm() ?? 0n) : undefined
  if (a.size === 0) return 0n
  if (a.size === 1 && a.has(0)) return a.get(0)!
  return undefined
}
