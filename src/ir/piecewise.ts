/**
 * Piecewise-polynomial tables: the integer form of every smooth element-wise function (Exp,
 * Tanh, Gelu, Softplus, …). A table is plain JSON data, computed once at compile time
 * (`src/quantize/fitFunction.ts`) and stored in the integer model, so the executor (in Node or a
 * browser) and the circuit read the same integers; no float arithmetic happens after compilation.
 *
 * Exact integer semantics of `evalPiecewise(table, x)` (x an integer):
 *
 *   q = floor(x / 2^shift)                                   (the function's argument)
 *   q < lo:                     P = below.mul · q + below.add (a constant or linear tail)
 *   q ≥ lo + segments · 2^m:    P = above.mul · q + above.add
 *   otherwise:                  s = floor((q − lo) / 2^m), r = q − lo − s · 2^m − 2^(m−1)
 *                               P = Σ_j coeffs[s][j] · r^j    (m = lowBits; r = 0 when m = 0)
 *   y = floor((P + 2^(F−1)) / 2^F)                           (F = fracBits; y = P when F = 0)
 *
 * y is the function's value at the output scale; P carries F extra fraction bits so that the
 * coefficients can be fine. Segments are selected by the top bits of q − lo and r is the centred
 * remainder, so in the circuit the coefficients are multilinear in the segment bits (see
 * `src/circuit/gadgets/piecewise.ts`).
 */

/** A tail: P = mul · q + add (mul = 0: a constant). */
export type PiecewiseTail = { mul: number; add: number }

/** A compiled piecewise-polynomial table (see the module doc for the exact semantics). */
export type PiecewiseTable = {
  /** The argument is q = floor(x / 2^shift). */
  shift: number
  /** First argument value of segment 0. */
  lo: number
  /** Each segment covers 2^lowBits consecutive arguments. */
  lowBits: number
  /** coeffs[s][j]: coefficient of r^j in segment s (every segment has the same degree). */
  coeffs: number[][]
  /** Fraction bits of P removed by the final rounding. */
  fracBits: number
  /** P for q below the first segment. */
  below: PiecewiseTail
  /** P for q past the last segment. */
  above: PiecewiseTail
}

/** floor(a / 2^k) for integers a (exact below 2^53). */
export function floorShift(a: number, k: number): number {
  return k === 0 ? a : Math.floor(a / 2 ** k)
}

/** The polynomial of segment s as coefficients of r (tail segments included: s < 0 or s ≥ segments). */
export function segmentPoly(t: PiecewiseTable, s: number): number[] {
  if (s >= 0 && s < t.coeffs.length) return t.coeffs[s]!
  const tail = s < 0 ? t.below : t.above
  const degree = t.coeffs[0]!.length - 1
  const centre = t.lo + s * 2 ** t.lowBits + (t.lowBits > 0 ? 2 ** (t.lowBits - 1) : 0)
  const out = new Array<number>(degree + 1).fill(0)
  // mul · q + add with q = centre + r (r = 0 when lowBits = 0).
  out[0] = tail.mul * centre + tail.add
  if (degree >= 1 && t.lowBits > 0) out[1] = tail.mul
  return out
}

/** P (before the final rounding) at argument q: the table's polynomial or tail. */
export function evalPiecewiseArgument(t: PiecewiseTable, q: number): number {
  const m = t.lowBits
  if (q < t.lo) return t.below.mul * q + t.below.add
  const s = Math.floor((q - t.lo) / 2 ** m)
  if (s >= t.coeffs.length) return t.above.mul * q + t.above.add
  const r = q - t.lo - s * 2 ** m - (m > 0 ? 2 ** (m - 1) : 0)
  const c = t.coeffs[s]!
  let acc = c[c.length - 1]!
  for (let j = c.length - 2; j >= 0; j--) acc = acc * r + c[j]!
  return acc
}

/** The rounding of P by `fracBits` (requantize semantics: round half up). */
export function roundFraction(p: number, fracBits: number): number {
  return fracBits === 0 ? p : Math.floor((p + 2 ** (fracBits - 1)) / 2 ** fracBits)
}

/**
 * The table's output for the input integer x (see the module doc). The caller checks that the
 * result is exact (a safe integer); tables from the fitter keep P below 2^52 over their domain.
 */
export function evalPiecewise(t: PiecewiseTable, x: number): number {
  return roundFraction(evalPiecewiseArgument(t, floorShift(x, t.shift)), t.fracBits)
}
