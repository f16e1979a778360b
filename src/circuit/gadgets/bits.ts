/**
 * Bit decomposition: the one range-check primitive.
 *
 * `toBits(b, x, n)` allocates n boolean wires b_i and enforces
 *   b_i · (b_i − 1) = 0          (n constraints)
 *   (Σ 2^i b_i) · 1 = x          (1 constraint)
 * so x ∈ [0, 2^n). Since 2^n < p (n ≤ 250 is asserted), the decomposition is unique.
 */
import type { CircuitBuilder, ConstraintTerms } from '../builder.js'
import { type Lc, lcAddConst, lcConst, lcDot, lcWire } from '../lc.js'
import { packedBitSum, packedWire } from '../packedLc.js'
import { QuantizationOverflowError } from '../../errors/quantize.js'
import { WitnessGenerationError } from '../../errors/prove.js'

/** Largest decomposition the gadgets allow; keeps every checked value far below p ≈ 2^253.6. */
export const MAX_BITS = 250

/** Bit length of a non-negative bigint (0 for 0). */
export function bitLength(x: bigint): number {
  if (x <= 0n) return 0
  // Below 2^32 from the double (no string); larger values by their binary digits.
  return x < 0x100000000n ? 32 - Math.clz32(Number(x)) : x.toString(2).length
}

/**
 * Decomposes `x` into `n` little-endian bit wires (see module doc). Returns the bit wires.
 * In witness mode, a value outside [0, 2^n) throws `WitnessGenerationError` naming `label`.
 */
export function toBits(b: CircuitBuilder, x: Lc, n: number, label: string): number[] {
  return toBitsOf(b, () => x, () => b.value(x), n, label)
}

/**
 * {@link toBits} for an operand given as thunks: `value` (its value, called in witness mode) and
 * `lc` (its linear combination, called only when the recomposition constraint is built). Lets a
 * gadget skip building an operand that witness-only mode never reads (see `max2`).
 */
export function toBitsOf(b: CircuitBuilder, lc: () => Lc, value: () => bigint, n: number, label: string): number[] {
  if (n > MAX_BITS) throw new QuantizationOverflowError({ where: label, bits: n, limit: MAX_BITS })
  let v = 0n
  if (b.computeWitness) {
    v = value()
    if (v < 0n || v >= 1n << BigInt(n)) {
      throw new WitnessGenerationError({ wire: label, reason: `value ${v} is outside [0, 2^${n})` })
    }
  }
  const bits = b.allocBits(n, v, label)
  b.enforceLazyEach(bits, booleanity)
  // NOTE: x goes in C. snarkjs's proving key stores only the A and B matrices (C·w is recovered
  // as (A·w)(B·w)), so a long x here costs setup time but nothing at prove time.
  b.enforceLazy(() => [lcDot(bits.map((_, i) => 1n << BigInt(i)), bits.map((w) => lcWire(w))), lcConst(1n), lc()])
  return bits
}

/**
 * {@link toBitsOf} in witness-only mode for a gadget that reads only bits `from`..n−1 (its packed
 * output): `value` given (no closures), the n + 1 constraints counted (never built in that mode),
 * and only the top wires returned (`CircuitBuilder.allocBitsTail`). The same wires, values,
 * constraint count and errors as `toBitsOf` followed by `slice(from)`.
 */
export function toBitsTail(b: CircuitBuilder, value: bigint, n: number, from: number, label: string): number[] {
  if (n > MAX_BITS) throw new QuantizationOverflowError({ where: label, bits: n, limit: MAX_BITS })
  if (value < 0n || value >= 1n << BigInt(n)) {
    throw new WitnessGenerationError({ wire: label, reason: `value ${value} is outside [0, 2^${n})` })
  }
  const tail = b.allocBitsTail(n, value, label, from)
  b.countConstraints(n + 1)
  return tail
}

/** The booleanity constraint `w · (w − 1) = 0`. */
function booleanity(w: number): ConstraintTerms {
  return [lcWire(w), lcDot([1n], [lcWire(w)], -1n), lcConst(0n)]
}

/** `Σ_{i in [from, to)} 2^(i−from) · bits[i]` as a linear combination. */
export function bitsToLc(bits: readonly number[], from = 0, to = bits.length): Lc {
  const out: Lc = new Map()
  for (let i = from; i < to; i++) out.set(bits[i]!, 1n << BigInt(i - from))
  return out
}

/** 2^i for i ≤ MAX_BITS (shared coefficient rows of packed bit sums). */
const POW2: readonly bigint[] = Array.from({ length: MAX_BITS + 1 }, (_, i) => 1n << BigInt(i))

/**
 * A gadget's output `Σ_{i in [from, to)} 2^(i−from) · bits[i] + constant` over bits the gadget just
 * allocated: packed into one atom in witness-only mode (see `packedLc.ts`; the bits must not be
 * exposed otherwise, or packing falls back to the plain form), else exactly
 * `lcAddConst(bitsToLc(bits, from, to), constant)` (or `bitsToLc` alone when the constant is 0).
 */
export function bitsOutput(b: CircuitBuilder, bits: readonly number[], from: number, to: number, constant: bigint): Lc {
  if (b.pack) {
    // One bit is no atom (atoms have two wires or more): the raw wire, packed (the same Lc).
    if (to - from === 1) return packedWire(b.pack, bits[from]!, constant)
    // The whole array is the atom's wires as it is (bit arrays are never written after allocation).
    const packed = packedBitSum(b.pack, from === 0 && to === bits.length ? bits : bits.slice(from, to), POW2, constant)
    if (packed) return packed
  }
  return constant === 0n ? bitsToLc(bits, from, to) : lcAddConst(bitsToLc(bits, from, to), constant)
}

/**
 * Allocates an n-bit integer input directly as its bits (n booleanity constraints, no
 * recomposition wire): returns `Σ 2^i b_i + offset`, i.e. a value in [offset, offset + 2^n).
 * This is how private inputs are range-checked: an 8-bit pixel costs exactly 8 constraints.
 */
export function allocBitsInput(b: CircuitBuilder, value: () => bigint, n: number, offset: bigint, label: string): Lc {
  let v = 0n
  if (b.computeWitness) {
    v = value() - offset
    if (v < 0n || v >= 1n << BigInt(n)) {
      throw new WitnessGenerationError({ wire: label, reason: `value ${v + offset} is outside [${offset}, ${offset + (1n << BigInt(n)) - 1n}]` })
    }
  }
  const bits = b.allocBits(n, v, label)
  b.enforceLazyEach(bits, booleanity)
  if (b.pack) return bitsOutput(b, bits, 0, n, offset)
  const out = bitsToLc(bits)
  if (offset !== 0n) out.set(0, offset)
  return out
}
