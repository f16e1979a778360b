/**
 * End to end in Node for the recurrent example model `models/seq_gru_shape.onnx` (one ONNX GRU
 * node, unrolled by the compiler): compile at the default bit widths (dev setup), prove a
 * held-out sample with the default prover, verify, and compare the circuit's accuracy on the
 * held-out split with the float model's. The circuit's accuracy is the integer executor's: the
 * executor and the circuit run the same Domain kernels, and the proof here checks that the
 * circuit's output equals the executor's on the proven sample.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compile } from '../../src/node/compile.js'
import { prove, verify } from '../../src/node/prove.js'
import { loadArtifactDir } from '../../src/node/artifacts.js'
import { releaseSnarkjs } from '../../src/prove/groth16.js'
import { quantizeInputs } from '../../src/quantize/quantizeInput.js'
import { runIntegers } from '../../src/quantize/execInt.js'
import { createOrtReference } from '../../src/node/ortReference.js'
import { readFile } from 'node:fs/promises'
import { SEQUENCE_SPLITS, SEQUENCE_STEPS, sequenceSamples } from '../../scripts/train/sequenceTask.js'
import { argmax } from '../../scripts/train/loss.js'

const MODEL = 'models/seq_gru_shape.onnx'
/** Held-out samples scored (the whole split). */
const SCORED = 1000
/** Circuit accuracy may trail the float model's by at most this (fraction of samples). */
const ACCURACY_BOUND = 0.02

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zkml-seq-'))
})
afterAll(async () => {
  await releaseSnarkjs()
  await rm(dir, { recursive: true, force: true })
})

describe('seq_gru_shape (GRU example model)', () => {
  it('compiles, proves and verifies; circuit accuracy on the held-out split is within 2 points of float', { timeout: 900_000 }, async () => {
    const out = join(dir, 'art')
    const manifest = await compile({ model: MODEL, calibration: 'models/calibration_seq_gru_shape.json', out, verifier: false })
    expect(manifest.setup.kind).toBe('dev-insecure')
    console.log(`seq_gru_shape: ${manifest.circuit.constraints} constraints`)

    const proofPath = join(dir, 'proof.json')
    const res = await prove({ dir: out, input: 'models/input_seq_gru_shape.json', out: proofPath })
    const verdict = await verify({ dir: out, proof: proofPath, allowInsecureSetup: true })
    expect(verdict).toMatchObject({ valid: true, circuitOutput: res.circuitOutput })

    // Held-out accuracy: float (onnxruntime-node) and circuit (the integer model of the artifacts).
    const { circuit } = await loadArtifactDir(out, { zkey: false })
    const test = sequenceSamples(SEQUENCE_SPLITS.test)
    const ref = await createOrtReference({ model: new Uint8Array(await readFile(MODEL)), inputs: manifest.inputs })
    let [float, proven] = [0, 0]
    try {
      for (let s = 0; s < SCORED; s++) {
        const x = test.inputs.subarray(s * SEQUENCE_STEPS, (s + 1) * SEQUENCE_STEPS)
        if (argmax((await ref.run({ input: Float64Array.from(x) })).logits!) === test.labels[s]) float++
        const ints = quantizeInputs({ model: circuit.model, input: { input: Array.from(x) }, clamp: true })
        if (argmax(runIntegers(circuit.model, ints).outputs['logits']!) === test.labels[s]) proven++
        // The proven sample is the split's first: its circuit output is the executor's.
        if (s === 0) expect(runIntegers(circuit.model, ints).integers['logits']!.map(String)).toEqual(res.outputIntegers.logits)
      }
    } finally {
      await ref.release()
    }
    console.log(`seq_gru_shape held-out[0:${SCORED}]: float ${((100 * float) / SCORED).toFixed(1)} %, circuit ${((100 * proven) / SCORED).toFixed(1)} %`)
    expect(float / SCORED).toBeGreaterThan(0.9)
    expect(proven / SCORED).toBeGreaterThanOrEqual(float / SCORED - ACCURACY_BOUND)
  })
})
