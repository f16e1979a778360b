/**
 * snarkjs as the reference prover is capped at MAX_THREADS like ours: ffjavascript has no thread
 * count (single-threaded, or one sub-worker per core), so on a device with more than MAX_THREADS
 * cores the prover worker proves with snarkjs on a single-threaded curve, and up to MAX_THREADS
 * keeps ffjavascript's per-core curve. Node here: the core count the worker reads
 * (`navigator.hardwareConcurrency`) is stubbed; the curve snarkjs proved with is inspected.
 * The browser side (real sub-workers counted in Chromium) is test/browser/snarkjsThreads.spec.ts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { compileModel } from '../compile/compileModel.js'
import type { Manifest } from '../compile/manifest.js'
import { releaseSnarkjs, verifyGroth16 } from '../prove/groth16.js'
import { mlpOnnx, randomSamples } from '../../test/fixtures/models.js'
import { MAX_THREADS } from '../../wasm/prover.js'
import { proverWorkerApi, snarkjsThreading } from './worker/prover.js'

type CurveThreads = { tm: { singleThread: boolean; concurrency: number } }

describe("snarkjs's prover threads (prover: 'snarkjs')", () => {
  let set: { manifest: Manifest; files: Record<string, Uint8Array> }
  const input = { input: Array.from({ length: 6 }, (_, i) => (i % 3) / 4), clamp: true }
  beforeAll(async () => {
    set = await compileModel({ model: mlpOnnx({ sizes: [6, 4, 3] }), calibration: randomSamples({ size: 6, count: 4 }), setup: { kind: 'dev' } })
  })
  afterEach(async () => {
    vi.unstubAllGlobals()
    await releaseSnarkjs()
  })
  afterAll(releaseSnarkjs)

  it('one sub-worker per core up to MAX_THREADS cores, single-threaded above, ffjavascript default when unknown', () => {
    expect(MAX_THREADS).toBe(4)
    for (const cores of [1, 2, 3, 4]) expect(snarkjsThreading(cores)).toBe('per-core')
    for (const cores of [5, 8, 64]) expect(snarkjsThreading(cores)).toBe('single')
    expect(snarkjsThreading(undefined)).toBe('per-core')
  })

  for (const cores of [8, 2]) {
    it(`with ${cores} cores the worker proves with snarkjs on ${cores > MAX_THREADS ? 'a single-threaded curve' : "ffjavascript's per-core curve"}, and the proof verifies`, async () => {
      vi.stubGlobal('navigator', { hardwareConcurrency: cores })
      await proverWorkerApi.init({ circuit: set.files['circuit.json']!, zkey: set.files['circuit.zkey']!, prover: 'snarkjs' })
      const warmCurve = (globalThis as { curve_bn128?: CurveThreads | null }).curve_bn128
      const res = await proverWorkerApi.proveStatement(input)
      const curve = (globalThis as { curve_bn128?: CurveThreads | null }).curve_bn128
      // The curve built at warm-up is the one snarkjs proved with (not rebuilt per proof).
      expect(curve).toBe(warmCurve)
      expect(curve!.tm.singleThread).toBe(cores > MAX_THREADS)
      if (cores > MAX_THREADS) expect(curve!.tm.concurrency).toBe(1)
      const vkey = JSON.parse(new TextDecoder().decode(set.files['vkey.json']!))
      expect(await verifyGroth16({ vkey, proof: res.proof, publicSignals: res.publicSignals })).toBe(true)
    })
  }
})
