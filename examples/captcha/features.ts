/**
 * Pointer-movement features: what the captcha's classifier reads, computed in the page from the
 * recorded trajectory (and by the training script from synthetic ones: the same code). Every
 * feature is scaled and clipped into [0, 1], the model's calibrated input range.
 *
 *  0 straightness   chord length / path length (1 for a straight line)
 *  1 turning        mean |turning angle| between successive steps, / π
 *  2 wobble         share of successive turns (over 0.01 rad) that flip direction (tremor flips; a curve does not)
 *  3 deviation      largest distance from the chord / chord length, ×4
 *  4 stepSpread     coefficient of variation of the step lengths, /2 (evenly spaced samples: 0)
 *  5 speedSpread    coefficient of variation of the speeds, /2
 *  6 peakedness     mean speed in the middle third / mean speed overall, /3 (a minimum-jerk reach brakes: > 1)
 *  7 pauses         share of the duration spent in gaps over 80 ms without events
 *  8 duration       log10(duration in ms) / 4
 *  9 samples        log10(number of samples) / 3
 *
 * Steps shorter than 0.5 px are merged (a resting pointer's repeats carry no direction); time
 * differences below 0.25 ms count as 0.25 ms (bursts).
 */
import type { Trajectory } from './trajectories.js'

/** Feature names, in model input order. */
export const FEATURE_NAMES = ['straightness', 'turning', 'wobble', 'deviation', 'stepSpread', 'speedSpread', 'peakedness', 'pauses', 'duration', 'samples'] as const
/** Number of features (the model's input size). */
export const FEATURES = FEATURE_NAMES.length
/** Fewest samples a trajectory needs for its features to mean anything. */
export const MIN_SAMPLES = 8

const clip01 = (v: number) => (Number.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0)
const mean = (a: readonly number[]) => (a.length ? a.reduce((s, v) => s + v, 0) / a.length : 0)
const cv = (a: readonly number[]) => {
  const m = mean(a)
  if (m <= 0) return 0
  return Math.sqrt(mean(a.map((v) => (v - m) ** 2))) / m
}

/**
 * The features of a trajectory.
 * @throws RangeError with fewer than {@link MIN_SAMPLES} samples
 */
export function trajectoryFeatures(trajectory: Trajectory): Float32Array {
  if (trajectory.length < MIN_SAMPLES) throw new RangeError(`a trajectory needs at least ${MIN_SAMPLES} samples, got ${trajectory.length}`)
  // Merge sub-half-pixel steps into the next sample.
  const pts = [trajectory[0]!]
  for (const p of trajectory.slice(1)) {
    const last = pts.at(-1)!
    if (Math.hypot(p.x - last.x, p.y - last.y) >= 0.5) pts.push(p)
  }
  const first = trajectory[0]!
  const end = trajectory.at(-1)!
  const duration = Math.max(1, end.t - first.t)
  const steps: number[] = []
  const speeds: number[] = []
  const angles: number[] = []
  let pause = 0
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1]!
    const b = pts[i]!
    const d = Math.hypot(b.x - a.x, b.y - a.y)
    const dt = Math.max(0.25, b.t - a.t)
    steps.push(d)
    speeds.push(d / dt)
    angles.push(Math.atan2(b.y - a.y, b.x - a.x))
  }
  for (let i = 1; i < trajectory.length; i++) {
    const gap = trajectory[i]!.t - trajectory[i - 1]!.t
    if (gap > 80) pause += gap
  }
  const turns: number[] = []
  for (let i = 1; i < angles.length; i++) {
    let d = angles[i]! - angles[i - 1]!
    while (d > Math.PI) d -= 2 * Math.PI
    while (d < -Math.PI) d += 2 * Math.PI
    turns.push(d)
  }
  // A turn under 0.01 rad is no turn (collinear samples give ±1e-16 from rounding).
  let flips = 0
  for (let i = 1; i < turns.length; i++) if (Math.abs(turns[i]!) > 0.01 && Math.abs(turns[i - 1]!) > 0.01 && turns[i]! * turns[i - 1]! < 0) flips++
  const path = steps.reduce((s, v) => s + v, 0)
  const chord = Math.hypot(end.x - first.x, end.y - first.y)
  let deviation = 0
  if (chord > 0) {
    for (const p of pts) deviation = Math.max(deviation, Math.abs((end.x - first.x) * (first.y - p.y) - (first.x - p.x) * (end.y - first.y)) / chord)
  }
  const third = Math.floor(speeds.length / 3)
  const middle = mean(speeds.slice(third, speeds.length - third))
  return Float32Array.from([
    clip01(path > 0 ? chord / path : 1),
    clip01(mean(turns.map(Math.abs)) / Math.PI),
    clip01(turns.length > 1 ? flips / (turns.length - 1) : 0),
    clip01(chord > 0 ? (4 * deviation) / chord : 0),
    clip01(cv(steps) / 2),
    clip01(cv(speeds) / 2),
    clip01(mean(speeds) > 0 ? middle / mean(speeds) / 3 : 0),
    clip01(pause / duration),
    clip01(Math.log10(duration) / 4),
    clip01(Math.log10(trajectory.length) / 3),
  ])
}
