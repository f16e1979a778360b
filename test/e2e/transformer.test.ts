/**
 * The transformer example (`models/transformer_sorted.onnx`, see models/transformer_sorted.md):
 * compiles with a dev setup, proves with the default prover, verifies (a changed public output is
 * rejected), and the circuit's accuracy on the 1,000 held-out sequences stays within 1.5 points of
 * the float model's (onnxruntime-node), with the circuit's predictions agreeing on ≥ 97 % of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as ort from 'onnxruntime-node'
import { compile } from '../../src/node/compile.js'
import { prove, verify } from '../../src/node/prove.js'
import { loadArtifactDir } from '../../src/node/artifacts.js'
import { releaseSnarkjs } from '../../src/prove/groth16.js'
import { runIntegers } from '../../src/quantize/execInt.js'
import { quantizeInputs } from '../../src/quantize/quantizeInput.js'
import { heldOutData, TRANSFORMER_CONFIG, TRANSFORMER_MODEL } from '../../scripts/train/transformerTask.js'
import { REPO_ROOT } from '../conformance/cases.js'

const MODELS = join(REPO_ROOT, 'models')
const model = join(MODELS, `${TRANSFORMER_MODEL}.onnx`)
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zkml-transformer-'))
})
afterAll(async () => {
  await releaseSnarkjs()
  await rm(dir, { recursive: true, force: true })
})

/** Index of the largest value (the lowest on ties). */
function argmax(v: ArrayLike<number>): number {
  let best = 0
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i
  return best
}

describe(`${TRANSFORMER_MODEL} (1-layer transformer encoder)`, () => {
  it('compiles, proves and verifies; circuit accuracy on the held-out split is within 1.5 points of float', async () => {
    const out = join(dir, 'art')
    const manifest = await compile({ model, calibration: join(MODELS, `calibration_${TRANSFORMER_MODEL}.json`), out, verifier: false })
    expect(manifest.setup.kind).toBe('dev-insecure')
    expect(manifest.circuit.constraints).toBeLessThan(2 ** 17)

    const proofPath = join(dir, 'proof.json')
    const res = await prove({ dir: out, input: join(MODELS, `input_${TRANSFORMER_MODEL}.json`), out: proofPath })
    expect(await verify({ dir: out, proof: proofPath, allowInsecureSetup: true })).toMatchObject({ valid: true })
    const file = JSON.parse(await readFile(proofPath, 'utf8'))
    const forged = { ...file, publicSignals: [...file.publicSignals] }
    forged.publicSignals[0] = (BigInt(forged.publicSignals[0]) + 1n).toString()
    expect(await verify({ dir: out, proof: forged, allowInsecureSetup: true })).toEqual({ valid: false, reason: 'proof' })

    // Held-out accuracy: the proven integer model (the circuit's semantics) vs the float model in onnxruntime.
    const { circuit } = await loadArtifactDir(out, { zkey: false })
    const held = heldOutData()
    const size = TRANSFORMER_CONFIG.seq * TRANSFORMER_CONFIG.vocab
    const session = await ort.InferenceSession.create(new Uint8Array(await readFile(model)), { intraOpNumThreads: 1 })
    let floatCorrect = 0
    let circuitCorrect = 0
    let agree = 0
    let proofSampleAgrees = false
    try {
      for (let n = 0; n < held.count; n++) {
        const x = held.inputs.slice(n * size, (n + 1) * size)
        const float = argmax((await session.run({ input: new ort.Tensor('float32', x, [1, TRANSFORMER_CONFIG.seq, TRANSFORMER_CONFIG.vocab]) }))['logits']!.data as Float32Array)
        const proven = argmax(runIntegers(circuit.model, quantizeInputs({ model: circuit.model, input: { input: Array.from(x) }, clamp: false })).outputs['logits']!)
        if (float === held.labels[n]) floatCorrect++
        if (proven === held.labels[n]) circuitCorrect++
        if (proven === float) agree++
        // The proved sample is held-out sequence 0: the proof's output is the executor's.
        if (n === 0) proofSampleAgrees = argmax(res.circuitOutput['logits']!) === proven
      }
    } finally {
      await session.release()
    }
    expect(proofSampleAgrees).toBe(true)
    const [floatAcc, circuitAcc] = [floatCorrect / held.count, circuitCorrect / held.count]
    expect(floatAcc).toBeGreaterThan(0.95)
    expect(Math.abs(circuitAcc - floatAcc)).toBeLessThanOrEqual(0.015)
    expect(agree / held.count).toBeGreaterThanOrEqual(0.97)
  }, 600_000)
})
