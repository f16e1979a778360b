/**
 * A standalone multi-scalar multiplication on the prover's engine (the prover itself runs its five
 * MSMs as one batch of window jobs; this is the same code path for one MSM, for the benches and
 * tests): signed digits split over the threads, then one job per window, then the Horner sum.
 */
import { createEngine, msmScratchBytes, SCRATCH, type Engine, type Job } from './engine.js'
import { FQ_BYTES, GLV_BITS, glvPays, glvWindowBits, windowBits, windowsFor } from './prover.js'

/** A loaded MSM problem: points and scalars copied once into the engine's memory. */
export type MsmInstance = {
  engine: Engine
  /** Runs the MSM; returns the affine result (Montgomery, the zkey layout). */
  run(): Promise<Uint8Array>
  dispose(): Promise<void>
}

/**
 * Loads `n` affine points (64 bytes for G1, 128 for G2; Montgomery, zeros for infinity) and `n`
 * 32-byte little-endian scalars below r. With `glv` (default: where {@link glvPays}) each scalar
 * is split as k1 + k2·λ and the MSM runs over P and φ(P) (φ's x coordinates in a table of n more
 * elements) with half as many windows; `c` overrides the window width, `batch` (benches) the
 * additions that share one inversion (at most the module's MSM_BATCH, 8192; default 8192 for G1,
 * 2048 for G2).
 */
export async function createMsm({ curve, points, scalars, threads, c, glv: glvOpt, batch }: { curve: 'g1' | 'g2'; points: Uint8Array; scalars: Uint8Array; threads: number; c?: number | undefined; glv?: boolean | undefined; batch?: number | undefined }): Promise<MsmInstance> {
  const raw = curve === 'g1' ? 64 : 128
  const aff = (raw / 32) * FQ_BYTES, jac = (aff * 3) / 2
  const n = scalars.length / 32
  if (points.length !== n * raw) throw new RangeError('points and scalars differ in count')
  const glv = glvOpt ?? glvPays(curve, n)
  const bits = c ?? (glv ? glvWindowBits(n) : windowBits(n))
  const K = glv ? Math.ceil(GLV_BITS / bits) : windowsFor(bits)
  const entries = glv ? 2 * n : n
  const scratch = await msmScratchBytes([{ curve, n: entries, c: bits }])
  const sizes = [n * aff, scalars.length, K * entries * 2, K * jac, jac, raw, points.length, glv ? n * (aff / 2) : 0].map((s) => Math.ceil(s / 64) * 64)
  const engine = await createEngine({ bytes: sizes.reduce((a, b) => a + b, 0), threads, scratchPerThread: scratch })
  if (batch !== undefined) (curve === 'g1' ? engine.exports.g1_msm_set_batch : engine.exports.g2_msm_set_batch)(batch)
  const [pP, pS, pD, pW, pR, pA, pRaw, pBx] = sizes.reduce<number[]>((acc, s, i) => [...acc, i ? acc[i - 1]! + sizes[i - 1]! : engine.base], [])
  engine.bytes().set(points, pRaw!)
  const coords = points.length / 32
  const conv: Job[] = []
  for (let i = 0; i < coords; i += Math.ceil(coords / (4 * engine.threads))) conv.push([['fq_batch_from_zkey', pP!, pRaw!, i, Math.min(coords, i + Math.ceil(coords / (4 * engine.threads)))]])
  await engine.run(conv)
  if (glv) {
    const step = Math.ceil(n / (4 * engine.threads))
    const table: Job[] = []
    for (let i = 0; i < n; i += step) table.push([[`${curve}_glv_table`, pBx!, pP!, i, Math.min(n, i + step)]])
    await engine.run(table)
  }
  engine.bytes().set(scalars, pS!)
  const parts = 4 * engine.threads
  const step = Math.ceil(n / parts)
  const digits: Job[] = []
  for (let i = 0; i < n; i += step) digits.push([[glv ? 'msm_digits_glv' : 'msm_digits', pS!, n, bits, K, pD!, i, Math.min(n, i + step)]])
  const windows: Job[] = Array.from({ length: K }, (_, w): Job => glv
    ? [[`${curve}_msm_window_glv`, pP!, pBx!, pD! + w * entries * 2, n, bits, SCRATCH, pW! + w * jac]]
    : [[`${curve}_msm_window`, pP!, pD! + w * n * 2, n, bits, SCRATCH, pW! + w * jac]])
  return {
    engine,
    async run() {
      await engine.run(digits)
      await engine.run(windows)
      const ex = engine.exports
      ;(curve === 'g1' ? ex.g1_msm_combine : ex.g2_msm_combine)(pW!, K, bits, pR!)
      ;(engine.exports as unknown as Record<string, (...a: number[]) => void>)[`${curve}_result_affine`]!(pA!, pR!)
      return engine.bytes().slice(pA!, pA! + raw)
    },
    dispose: () => engine.dispose(),
  }
}
