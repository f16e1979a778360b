/**
 * Progress of long work, reported through an optional `onProgress` callback (never printed by the
 * library): `{ stage, done, total }` (STYLE §7). The compiler, the setups and the identity prover all
 * report this one shape; `done` counts up to `total` within a stage.
 *
 * The browser runtime's `ProveProgress` (`src/runtime/types.ts`: `{ stage, fraction, loaded?, total?,
 * file? }`) is the documented public event of `proveInference` / `createProver`, kept as it is for
 * compatibility; its worker reports the same type.
 */

/** One progress report: `done` of `total` units of `stage`. */
export type Progress<Stage extends string = string> = {
  stage: Stage
  done: number
  total: number
}
/** The callback that receives {@link Progress} reports. */
export type OnProgress<Stage extends string = string> = (p: Progress<Stage>) => void
