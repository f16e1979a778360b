/**
 * snarkjs's threads are capped where it only verifies. The prover worker's warm-up: with our wasm prover (the default) snarkjs
 * only verifies, so its global BN254 curve is built without sub-workers (ffjavascript would start
 * one per core), and verification still works on it; with `prover: 'snarkjs'` it gets its own
 * multi-threaded curve back. Run in Node: the worker module's API is plain functions.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { proverWorkerApi } from '../../src/runtime/worker/prover.js'
import { proveGroth16, releaseSnarkjs, verifyGroth16 } from '../../src/prove/groth16.js'
import { releaseWasmProver } from '../../src/prove/wasmProver.js'
import { createWasmProver } from '../../wasm/prover.js'
import { createFixtureModel, createPtau, fixtureCircuit } from '../chain/fixture.js'

type Tm = { concurrency: number; workers?: unknown[] }
const globalCurve = () => (globalThis as { curve_bn128?: { tm: Tm } | null }).curve_bn128

let dir: string | undefined
afterAll(async () => {
  await releaseWasmProver()
  await releaseSnarkjs()
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('prover worker warm-up', () => {
  it('builds a single-threaded snarkjs curve for the wasm prover that verifies its proofs, and a threaded one for snarkjs', { timeout: 300_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'zkml-curve-threads-'))
    const ptau = await createPtau(dir)
    const model = await createFixtureModel({ dir, ptau, nPublic: 2, constant: 5n })
    await releaseSnarkjs()

    await proverWorkerApi.warmUp({ prover: 'wasm' })
    const single = globalCurve()!
    expect(single.tm.concurrency).toBe(1)
    expect(single.tm.workers).toBeUndefined()

    const zkey = new Uint8Array(await readFile(join(dir, 'model_5_2.zkey')))
    const witness = fixtureCircuit({ nPublic: 2, constant: 5n }).witness({ x: 3n, y: 4n, publicInputs: [1n, 2n] })
    const prover = await createWasmProver({ zkey, threads: 1 })
    try {
      const { proof, publicSignals } = await prover.prove(witness)
      expect(await verifyGroth16({ vkey: model.vkey as never, proof, publicSignals })).toBe(true)
      const wrong = [...publicSignals]
      wrong[0] = (BigInt(wrong[0]!) + 1n).toString()
      expect(await verifyGroth16({ vkey: model.vkey as never, proof, publicSignals: wrong })).toBe(false)
    } finally {
      await prover.dispose()
    }
    // snarkjs verified on that curve rather than building its own.
    expect(globalCurve()).toBe(single)

    await proverWorkerApi.warmUp({ prover: 'snarkjs' })
    const threaded = globalCurve()!
    expect(threaded).not.toBe(single)
    expect(Array.isArray(threaded.tm.workers)).toBe(true)

    // In Node too: verifying with no curve built installs a single-threaded one; proving with snarkjs replaces it.
    await releaseSnarkjs()
    const { proof, publicSignals } = await proveGroth16({ zkey, witness })
    expect(await verifyGroth16({ vkey: model.vkey as never, proof, publicSignals })).toBe(true)
    expect(globalCurve()!.tm.concurrency).toBe(1)
    const ref = await proveGroth16({ zkey, witness, prover: 'snarkjs' })
    expect(Array.isArray(globalCurve()!.tm.workers)).toBe(true)
    expect(await verifyGroth16({ vkey: model.vkey as never, proof: ref.proof, publicSignals: ref.publicSignals })).toBe(true)
  })
})
