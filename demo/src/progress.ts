/**
 * The proof's progress bar: five stages in order (download → inference → witness → prove →
 * submit), each a share of the bar. snarkjs reports no progress inside its prover, so during
 * `prove` the bar eases towards the end of the stage using the last proof's duration.
 */
import { fmtMs } from './ui.js'

/** The stages, in order. */
export const STAGES = ['download', 'inference', 'witness', 'prove', 'submit'] as const
export type Stage = (typeof STAGES)[number]

const SHARE: Record<Stage, [number, number]> = {
  download: [0, 0.2],
  inference: [0.2, 0.25],
  witness: [0.25, 0.4],
  prove: [0.4, 0.92],
  submit: [0.92, 1],
}

/**
 * Binds the bar and the stage list.
 *
 * @param parameters.bar - The `<progress>` (its `data-stage` is the current stage, `data-stages` those reached).
 * @param parameters.list - The `<ol>` whose `<li data-stage>` get `active` / `done` classes and times.
 */
export function createProgress({ bar, list }: { bar: HTMLProgressElement; list: HTMLOListElement }) {
  let timer: ReturnType<typeof setInterval> | undefined
  let startedAt = 0
  let expectedProveMs = 6_000
  const reached: Stage[] = []
  const item = (s: Stage) => list.querySelector<HTMLLIElement>(`[data-stage="${s}"]`)!
  const stopTimer = () => {
    if (timer !== undefined) clearInterval(timer)
    timer = undefined
  }

  const set = (stage: Stage, fraction: number) => {
    const [a, b] = SHARE[stage]
    bar.value = Math.max(bar.value, a + (b - a) * Math.min(1, Math.max(0, fraction)))
    if (!reached.includes(stage)) {
      const previous = reached[reached.length - 1]
      if (previous) item(previous).classList.replace('active', 'done')
      reached.push(stage)
      bar.dataset.stages = reached.join(',')
      bar.dataset.stage = stage
      item(stage).classList.add('active')
      startedAt = performance.now()
      stopTimer()
      if (stage === 'prove')
        timer = setInterval(() => {
          const t = performance.now() - startedAt
          set('prove', 0.95 * (1 - Math.exp(-t / expectedProveMs)))
          item('prove').dataset.time = fmtMs(t)
        }, 100)
    }
  }

  return {
    /** Empties the bar for a new run. */
    reset() {
      stopTimer()
      reached.length = 0
      bar.value = 0
      delete bar.dataset.stage
      delete bar.dataset.stages
      for (const li of list.querySelectorAll('li')) {
        li.classList.remove('active', 'done', 'failed')
        delete li.dataset.time
      }
    },
    /** Moves to `stage` (marking earlier ones done) and sets its fraction. */
    stage: set,
    /** Records how long a stage took (shown beside it). */
    time(stage: Stage, ms: number) {
      item(stage).dataset.time = fmtMs(ms)
      if (stage === 'prove') expectedProveMs = Math.max(1_000, ms / 3)
    },
    /** Marks the run finished: all done, or the current stage failed. */
    finish(ok: boolean) {
      stopTimer()
      const current = reached[reached.length - 1]
      if (current) item(current).classList.replace('active', ok ? 'done' : 'failed')
      if (ok) bar.value = 1
      bar.dataset.outcome = ok ? 'done' : 'failed'
    },
  }
}
