/**
 * Synthetic pointer trajectories for the captcha: human-like and scripted, seeded. The training
 * script draws thousands of each; the browser test replays one of each through real pointer events.
 *
 * A trajectory goes from a start point to a target (the widget's ● and ★, `pad.ts`) as `{ x, y, t }`
 * samples (CSS pixels in the pad, milliseconds), as a page sees them in `pointermove` events.
 *
 * Human-like (after the motor-control literature's usual model): a main submovement with a
 * minimum-jerk speed profile (bell-shaped: accelerate, then brake) along a gently curved path that
 * lands off target, one or two corrective submovements, physiological tremor, irregular event
 * intervals, and often a hesitation (no events while the hand rests).
 *
 * Scripted: what automation produces: straight or smoothly curved paths at constant speed, evenly
 * spaced samples or bursts, optional fake jitter, teleport jumps; with the same timing noise the
 * browser adds (so timing alone does not give a bot away).
 */
import { createRng, type Rng } from '../../scripts/train/rng.js'
import { PAD } from './pad.js'

/** One pointer sample: position (CSS px) and time (ms). */
export type PointerSample = { x: number; y: number; t: number }
export type Trajectory = PointerSample[]
type Point = { x: number; y: number }

const minimumJerk = (s: number) => s * s * s * (10 - 15 * s + 6 * s * s)
const bezier = (a: Point, c: Point, b: Point, s: number): Point => ({
  x: (1 - s) * (1 - s) * a.x + 2 * (1 - s) * s * c.x + s * s * b.x,
  y: (1 - s) * (1 - s) * a.y + 2 * (1 - s) * s * c.y + s * s * b.y,
})
const uniform = (rng: Rng, lo: number, hi: number) => lo + (hi - lo) * rng.next()

/** Start and target with the small offsets of where a pointer enters and leaves the markers. */
function endpoints(rng: Rng): { from: Point; to: Point } {
  return {
    from: { x: PAD.start.x + uniform(rng, -8, 8), y: PAD.start.y + uniform(rng, -8, 8) },
    to: { x: PAD.target.x + uniform(rng, -8, 8), y: PAD.target.y + uniform(rng, -8, 8) },
  }
}

/** A control point `bend` × the distance off the chord's middle, on a random side. */
function bendPoint(rng: Rng, a: Point, b: Point, bend: number): Point {
  const dx = b.x - a.x
  const dy = b.y - a.y
  const side = rng.next() < 0.5 ? -1 : 1
  return { x: (a.x + b.x) / 2 - dy * bend * side, y: (a.y + b.y) / 2 + dx * bend * side }
}

/** Event intervals of a real pointer stream: 8–17 ms with jitter (60–125 Hz). */
const humanInterval = (rng: Rng) => uniform(rng, 7, 17) + Math.abs(rng.normal()) * 3

/**
 * One submovement: samples along a bezier path with a minimum-jerk (human) or linear (scripted)
 * speed profile, appended to `out` from time `t0`.
 * @returns the time of its last sample
 */
function submovement(out: Trajectory, a: Point, c: Point, b: Point, duration: number, t0: number, interval: () => number, profile: (s: number) => number, noise: () => Point): number {
  let t = t0
  for (;;) {
    t += interval()
    const s = Math.min(1, (t - t0) / duration)
    const p = bezier(a, c, b, profile(s))
    const n = noise()
    out.push({ x: p.x + n.x, y: p.y + n.y, t })
    if (s >= 1) return t
  }
}

/**
 * A human-like trajectory.
 * @param parameters.seed any 32-bit integer
 */
export function humanTrajectory({ seed }: { seed: number }): Trajectory {
  const rng = createRng({ seed })
  const { from, to } = endpoints(rng)
  const tremor = uniform(rng, 0.3, 1.2)
  const noise = () => ({ x: rng.normal() * tremor, y: rng.normal() * tremor })
  const interval = () => humanInterval(rng)
  const out: Trajectory = [{ x: from.x, y: from.y, t: 0 }]
  let t = rng.next() < 0.5 ? uniform(rng, 0, 250) : 0
  // Main submovement: lands 4–25 px off the target (over- or undershoot, off to the side).
  const miss = { x: to.x + uniform(rng, -25, 25), y: to.y + uniform(rng, -14, 14) }
  const dist = Math.hypot(miss.x - from.x, miss.y - from.y)
  t = submovement(out, from, bendPoint(rng, from, miss, uniform(rng, 0.04, 0.22)), miss, dist * uniform(rng, 1.3, 3.2), t, interval, minimumJerk, noise)
  // Hesitation before correcting (the pointer rests: no events).
  if (rng.next() < 0.7) t += uniform(rng, 120, 450)
  // One or two corrective submovements.
  let at = miss
  const corrections = rng.next() < 0.4 ? 2 : 1
  for (let k = 0; k < corrections; k++) {
    const aim = k + 1 === corrections ? to : { x: to.x + uniform(rng, -6, 6), y: to.y + uniform(rng, -6, 6) }
    const d = Math.hypot(aim.x - at.x, aim.y - at.y)
    t = submovement(out, at, bendPoint(rng, at, aim, uniform(rng, 0, 0.3)), aim, 120 + d * uniform(rng, 4, 9), t, interval, minimumJerk, noise)
    at = aim
    if (rng.next() < 0.3) t += uniform(rng, 100, 300)
  }
  return out
}

/** The kinds of scripted trajectory {@link scriptedTrajectory} draws from. */
export const SCRIPTED_KINDS = ['line', 'burst', 'curve', 'jitter', 'teleport', 'smooth'] as const
export type ScriptedKind = (typeof SCRIPTED_KINDS)[number]

/**
 * A scripted (automated) trajectory.
 * @param parameters.seed any 32-bit integer
 * @param parameters.kind default: drawn from the seed
 */
export function scriptedTrajectory({ seed, kind }: { seed: number; kind?: ScriptedKind | undefined }): Trajectory {
  const rng = createRng({ seed })
  const k = kind ?? SCRIPTED_KINDS[rng.int(SCRIPTED_KINDS.length)]!
  const { from, to } = endpoints(rng)
  const out: Trajectory = [{ x: from.x, y: from.y, t: 0 }]
  const still = () => ({ x: 0, y: 0 })
  const linear = (s: number) => s
  const straight = { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 }
  const dist = Math.hypot(to.x - from.x, to.y - from.y)
  // Automation ticks evenly, plus the dispatch jitter a browser adds and rare hiccups (GC, load).
  const tick = uniform(rng, 1, 16)
  const interval = () => tick + Math.abs(rng.normal()) * 2 + (rng.next() < 0.03 ? uniform(rng, 30, 200) : 0)
  switch (k) {
    case 'line':
      submovement(out, from, straight, to, dist * uniform(rng, 0.8, 4), 0, interval, linear, still)
      break
    case 'burst': // e.g. page.mouse.move(x, y, { steps: n }): n evenly spaced events within milliseconds
      submovement(out, from, straight, to, uniform(rng, 5, 80), 0, () => uniform(rng, 0.2, 2.5), linear, still)
      break
    case 'curve':
      submovement(out, from, bendPoint(rng, from, to, uniform(rng, 0.05, 0.3)), to, dist * uniform(rng, 0.8, 4), 0, interval, linear, still)
      break
    case 'jitter': {
      const amp = uniform(rng, 0.5, 3)
      submovement(out, from, straight, to, dist * uniform(rng, 0.8, 4), 0, interval, linear, () => ({ x: uniform(rng, -amp, amp), y: uniform(rng, -amp, amp) }))
      break
    }
    case 'teleport': {
      const hops = 8 + rng.int(8)
      for (let i = 1; i <= hops; i++) {
        const p = bezier(from, straight, to, i / hops)
        out.push({ x: p.x, y: p.y, t: out.at(-1)!.t + uniform(rng, 10, 400) })
      }
      break
    }
    case 'smooth': // eased straight line (an "ease-in-out" animation), no noise
      submovement(out, from, bendPoint(rng, from, to, uniform(rng, 0, 0.05)), to, dist * uniform(rng, 1, 3), 0, interval, (s) => 0.5 - 0.5 * Math.cos(Math.PI * s), still)
      break
  }
  return out
}
