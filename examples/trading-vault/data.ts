/**
 * The trading example's data: a synthetic price series (seeded, so every run sees the same one),
 * the model's features (the last `LAGS` returns) and its labels (the direction of the next
 * `HORIZON` returns).
 *
 * The series switches between three hidden regimes (rising, falling, flat; a Markov chain that
 * stays put with probability 0.985 per step) and adds Gaussian noise with a little momentum:
 *
 *     r_t = drift(regime_t) + 0.1·r_{t−1} + σ·ε_t,   σ = 1 %,   price_t = price_{t−1}·e^{r_t}
 *
 * Features are the last `LAGS` returns in units of σ, clipped to ±`CLIP` and divided by `CLIP`
 * (so every feature lies in [−1, 1], the model's calibrated input range). Labels: 1 (up) when the
 * next `HORIZON` returns add up to more than `THRESHOLD`·σ, 2 (down) below −`THRESHOLD`·σ, else
 * 0 (hold). Class indices are what the model's ArgMax proves and what the vault reads.
 */
import { createRng } from '../../scripts/train/rng.js'

/** The lagged-return windows the model reads (steps back from now): the last four returns, then longer sums. */
export const WINDOWS = [1, 2, 3, 4, 8, 16, 32, 64] as const
/** Inputs of the model (one per window) and the history it needs. */
export const LAGS = WINDOWS.length
const HISTORY = WINDOWS[WINDOWS.length - 1]
/** Returns ahead the label looks at. */
export const HORIZON = 8
/** Label threshold in units of σ. */
export const THRESHOLD = 2
/** Feature clip in units of σ. */
export const CLIP = 4
/** One step's return volatility. */
export const SIGMA = 0.01
/** The model's classes, by index (the proven output). */
export const SIGNALS = ['hold', 'up', 'down'] as const
export type SignalName = (typeof SIGNALS)[number]

const DRIFT = [0.5 * SIGMA, -0.5 * SIGMA, 0] as const
const STAY = 0.99

/** Parameters of {@link priceSeries}. */
export type PriceSeriesParameters = { steps: number; seed: number; start?: number | undefined }

/**
 * A synthetic price series and its per-step log returns.
 * @returns `{ prices, returns }`, `returns[t] = ln(prices[t + 1] / prices[t])`
 */
export function priceSeries({ steps, seed, start = 2000 }: PriceSeriesParameters): { prices: Float64Array; returns: Float64Array } {
  const rng = createRng({ seed })
  const returns = new Float64Array(steps)
  const prices = new Float64Array(steps + 1)
  prices[0] = start
  let regime = 2
  let prev = 0
  for (let t = 0; t < steps; t++) {
    if (rng.next() > STAY) regime = rng.int(3)
    const r = DRIFT[regime as 0 | 1 | 2] + 0.1 * prev + SIGMA * rng.normal()
    returns[t] = r
    prices[t + 1] = prices[t]! * Math.exp(r)
    prev = r
  }
  return { prices, returns }
}

/**
 * The model's input at step `t` (it sees returns before `t` only): the sum of the returns over each
 * window of {@link WINDOWS} ending at `t`, in units of its standard deviation σ·√w, clipped and scaled.
 */
export function features(returns: ArrayLike<number>, t: number): Float32Array {
  const x = new Float32Array(WINDOWS.length)
  WINDOWS.forEach((w, k) => {
    let sum = 0
    for (let j = t - w; j < t; j++) sum += returns[j]!
    const z = sum / (SIGMA * Math.sqrt(w))
    x[k] = Math.max(-CLIP, Math.min(CLIP, z)) / CLIP
  })
  return x
}

/** The label at step `t`: the direction of returns[t .. t + HORIZON − 1]. */
export function label(returns: ArrayLike<number>, t: number): number {
  let sum = 0
  for (let k = 0; k < HORIZON; k++) sum += returns[t + k]!
  const z = sum / SIGMA
  return z > THRESHOLD ? 1 : z < -THRESHOLD ? 2 : 0
}

/** A labelled data set: `count × LAGS` features, `count` labels, and the step each window ends at. */
export type DataSet = { x: Float32Array; y: Uint8Array; steps: Uint32Array; count: number }

/**
 * Every window of `returns` with a full history and a full horizon in [from, to).
 * @returns the data set
 */
export function dataSet(returns: ArrayLike<number>, from: number, to: number): DataSet {
  const first = Math.max(from, HISTORY)
  const last = Math.min(to, returns.length - HORIZON + 1)
  const count = Math.max(0, last - first)
  const x = new Float32Array(count * LAGS)
  const y = new Uint8Array(count)
  const steps = new Uint32Array(count)
  for (let i = 0; i < count; i++) {
    const t = first + i
    x.set(features(returns, t), i * LAGS)
    y[i] = label(returns, t)
    steps[i] = t
  }
  return { x, y, steps, count }
}
