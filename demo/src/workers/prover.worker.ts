/**
 * The demo's prover worker: the runtime's prover worker API (any statement's witness + snarkjs
 * Groth16; here the identity statement), with the demo's network recorder installed first so the
 * panel sees the worker's own requests. The capture, template, salt and secret arrive by
 * `postMessage` and leave only as the proof and its public signals.
 */
import '../netlog/worker.js'
import { exposeProverWorker } from '@zkml/web'

exposeProverWorker()
