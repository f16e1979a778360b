/**
 * Float64 special functions the operator kernels need and `Math` lacks: erf (Erf, Gelu) and the
 * numerically stable forms of the logistic function and softplus.
 */

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI)

/**
 * The error function, to about 1e-15: the Maclaurin series for |x| ≤ 2.5, the continued fraction
 * of erfc beyond (evaluated backwards, 80 terms).
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN
  const a = Math.abs(x)
  if (a <= 2.5) {
    // erf(x) = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1))
    let term = x
    let sum = x
    const x2 = x * x
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n
      const add = term / (2 * n + 1)
      sum += add
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break
    }
    return TWO_OVER_SQRT_PI * sum
  }
  if (a > 6) return Math.sign(x)
  // erfc(a) = e^(−a²)/√π · 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + 2/(a + …)))))
  let f = a
  for (let n = 80; n >= 1; n--) f = a + n / 2 / f
  const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / f
  return Math.sign(x) * (1 - erfc)
}

/** The logistic function 1 / (1 + e^−x), without overflow. */
export function logistic(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))
}

/** softplus(x) = ln(1 + e^x), without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))
}
