/**
 * Seeded pseudo-random numbers for reproducible training (weight init and shuffling).
 *
 * SplitMix32-style generator: 32-bit state, `Math.imul` mixing, so the sequence is identical on
 * every JS engine. Not cryptographic.
 */

/** A seeded generator of uniform floats in [0, 1) with helpers for Gaussians and shuffles. */
export type Rng = {
  /** Uniform float in [0, 1). */
  next(): number
  /** Standard normal sample (Box–Muller). */
  normal(): number
  /** Uniform integer in [0, n). */
  int(n: number): number
  /** Shuffles `a` in place (Fisher–Yates). */
  shuffle(a: Uint32Array | Int32Array): void
}

/**
 * Creates a seeded generator.
 * @param parameters.seed any 32-bit integer; equal seeds give equal sequences
 * @returns the generator
 * @example
 * const rng = createRng({ seed: 1 }); const u = rng.next()
 */
export function createRng({ seed }: { seed: number }): Rng {
  let s = seed >>> 0
  const next = (): number => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    z ^= z >>> 16
    return (z >>> 0) / 4294967296
  }
  let spare: number | undefined
  return {
    next,
    normal() {
      if (spare !== undefined) {
        const v = spare
        spare = undefined
        return v
      }
      const u = 1 - next()
      const r = Math.sqrt(-2 * Math.log(u))
      const t = 2 * Math.PI * next()
      spare = r * Math.sin(t)
      return r * Math.cos(t)
    },
    int: (n) => Math.floor(next() * n),
    shuffle(a) {
      for (let i = a.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1))
        const t = a[i]!
        a[i] = a[j]!
        a[j] = t
      }
    },
  }
}
