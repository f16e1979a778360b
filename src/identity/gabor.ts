/**
 * The Gabor filter bank of the iris code, as exact integers.
 *
 * Each filter is a 2-D Gabor function over a `kernelHeight × kernelWidth` window (x = column =
 * angle, y = row = radius, both centred):
 *   g(y, x) = exp(−x²/2σx² − y²/2σy²) · cos(2π(x·cos θ + y·sin θ)/λ − φ)
 * with φ = 0 (even, "real part") or π/2 (odd, "imaginary part"). The bank is scaled so that its
 * largest |g| is 127, rounded to integers, and each filter is then nudged to sum to exactly zero
 * (brightness-invariant). The ONNX model stores these integers divided by 2^{@link GABOR_SHIFT}, which
 * float32 represents exactly, so onnxruntime, the float executor and the circuit all compute the
 * same responses (integer response = float response · 2^GABOR_SHIFT) and the same code bits.
 */

/** Fixed-point shift of the ONNX weights: float weight = integer weight / 2^GABOR_SHIFT. */
export const GABOR_SHIFT = 7

/** One filter of the bank. */
export type GaborSpec = {
  /** Wavelength in pixels. */
  wavelength: number
  /** Orientation θ in radians (0: the wave runs along the angle). */
  orientation: number
  /** Even (cosine) or odd (sine) phase. */
  phase: 'even' | 'odd'
  /** Envelope widths in pixels. */
  sigmaX: number
  sigmaY: number
}

/** Parameters of {@link gaborBank}. */
export type GaborBankParameters = {
  specs: readonly GaborSpec[]
  kernelHeight: number
  kernelWidth: number
}

/**
 * Integer weights of the bank, `[filter][row][col]` flattened (see the module doc).
 *
 * @param parameters - {@link GaborBankParameters}
 * @returns Integers in [−127, 127]; each filter sums to zero.
 */
export function gaborBank({ specs, kernelHeight: KH, kernelWidth: KW }: GaborBankParameters): Int32Array {
  const per = KH * KW
  const f = new Float64Array(specs.length * per)
  specs.forEach((s, k) => {
    const phi = s.phase === 'odd' ? Math.PI / 2 : 0
    let mean = 0
    for (let i = 0; i < KH; i++)
      for (let j = 0; j < KW; j++) {
        const y = i - (KH - 1) / 2
        const x = j - (KW - 1) / 2
        const env = Math.exp(-(x * x) / (2 * s.sigmaX ** 2) - (y * y) / (2 * s.sigmaY ** 2))
        const v = env * Math.cos((2 * Math.PI * (x * Math.cos(s.orientation) + y * Math.sin(s.orientation))) / s.wavelength - phi)
        f[k * per + i * KW + j] = v
        mean += v
      }
    mean /= per
    for (let i = 0; i < per; i++) f[k * per + i]! -= mean
  })
  let max = 0
  for (const v of f) max = Math.max(max, Math.abs(v))
  const out = new Int32Array(f.length)
  for (let k = 0; k < specs.length; k++) {
    const scaled = Array.from({ length: per }, (_, i) => (f[k * per + i]! * 127) / max)
    const ints = scaled.map(Math.round)
    // Nudge the entries with the largest rounding error until the filter sums to zero.
    let sum = ints.reduce((a, v) => a + v, 0)
    const order = scaled.map((v, i) => i).sort((a, b) => (ints[b]! - scaled[b]!) * Math.sign(sum) - (ints[a]! - scaled[a]!) * Math.sign(sum))
    for (let n = 0; sum !== 0; n++) {
      const i = order[n % per]!
      const step = Math.sign(sum)
      if (Math.abs(ints[i]! - step) > 127) continue
      ints[i]! -= step
      sum -= step
    }
    out.set(ints, k * per)
  }
  return out
}
