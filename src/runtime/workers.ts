/**
 * The default worker factories. The `new Worker(new URL('…', import.meta.url), { type: 'module' })`
 * pattern lets bundlers (vite, webpack 5, rollup plugins, esbuild with plugins) find, bundle and
 * emit the worker entry points; in the published package the URLs resolve from
 * `dist/src/runtime/` to `dist/workers/`.
 */
import type { WorkerFactory } from './workerHost.js'

/** Factories for the two workers; pass your own to `createProver({ workers })` to host them elsewhere. */
export type WorkerFactories = { inference: WorkerFactory; prover: WorkerFactory }

/** Starts the onnxruntime-web worker. */
export const createInferenceWorker: WorkerFactory = () =>
  new Worker(new URL('../../workers/inference.worker.js', import.meta.url), { type: 'module', name: 'zkml-inference' })

/** Starts the snarkjs prover worker. */
export const createProverWorker: WorkerFactory = () =>
  new Worker(new URL('../../workers/prover.worker.js', import.meta.url), { type: 'module', name: 'zkml-prover' })
