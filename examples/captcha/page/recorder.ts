/**
 * Records one pointer movement on the pad: from the moment the pointer is near the ● until a click
 * on the ★. The samples stay in this module's closure and go to the callback only; nothing here
 * sends or stores them.
 */
import { PAD } from '../pad.js'
import type { Trajectory } from '../trajectories.js'

/** The recorder's state. */
export type RecorderState = 'waiting' | 'recording' | 'done'

/** A recorder bound to a pad element. */
export type Recorder = { reset(): void; readonly state: RecorderState }

/**
 * Starts listening on `pad`.
 * @param onDone receives the finished trajectory (pad coordinates, ms)
 * @param onState is told every state change
 */
export function createRecorder(pad: HTMLElement, onDone: (t: Trajectory) => void, onState: (s: RecorderState) => void): Recorder {
  let state: RecorderState = 'waiting'
  let samples: Trajectory = []
  const set = (s: RecorderState) => {
    state = s
    pad.dataset.recording = String(s === 'recording')
    onState(s)
  }
  const local = (e: PointerEvent) => {
    const r = pad.getBoundingClientRect()
    return { x: e.clientX - r.left, y: e.clientY - r.top, t: e.timeStamp }
  }
  const near = (p: { x: number; y: number }, c: { x: number; y: number }, radius: number) => Math.hypot(p.x - c.x, p.y - c.y) <= radius

  pad.addEventListener('pointermove', (e) => {
    if (state === 'done') return
    // Every sample the browser merged into this event (pointer streams are coalesced per frame).
    const events = e.getCoalescedEvents?.() ?? []
    for (const ev of events.length ? events : [e]) {
      const p = local(ev)
      if (state === 'waiting' && near(p, PAD.start, PAD.startRadius)) set('recording')
      if (state === 'recording') samples.push(p)
    }
  })
  pad.addEventListener('pointerdown', (e) => {
    if (state !== 'recording') return
    const p = local(e)
    if (!near(p, PAD.target, PAD.targetRadius)) return
    samples.push(p)
    const done = samples
    samples = []
    set('done')
    onDone(done)
  })
  pad.addEventListener('pointerleave', () => {
    if (state !== 'recording') return
    samples = []
    set('waiting')
  })
  return {
    reset() {
      samples = []
      set('waiting')
    },
    get state() {
      return state
    },
  }
}
