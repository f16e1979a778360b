/**
 * Hidden weights end to end in Node: compile an ONNX MLP with `weights: 'private'`, prove, verify;
 * the manifest and circuit record the commitment; a proof for other weights, or with a forged
 * weightsHash public signal, is rejected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compile } from '../../src/node/compile.js'
import { prove, verify } from '../../src/node/prove.js'
import { loadArtifactDir } from '../../src/node/artifacts.js'
import { releaseSnarkjs, verifyGroth16 } from '../../src/prove/groth16.js'
import { verifyWithArtifacts } from '../../src/prove/prove.js'
import { decodePublicSignals } from '../../src/prove/publicSignals.js'
import { FIELD_PRIME } from '../../src/circuit/field.js'
import { weightsCommitment } from '../../src/circuit/privateWeights.js'
import { mlpOnnx, randomSamples } from '../fixtures/models.js'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zkml-weights-'))
  const samples = randomSamples({ size: 16, count: 8, seed: 3 })
  for (const seed of [1, 2]) await writeFile(join(dir, `mlp${seed}.onnx`), mlpOnnx({ sizes: [16, 8, 4], seed }))
  await writeFile(join(dir, 'cal.json'), JSON.stringify({ input_data: [samples.flatMap((s) => Array.from(s.input!))] }))
  await writeFile(join(dir, 'in.json'), JSON.stringify({ input_data: [Array.from(samples[2]!.input!)] }))
})
afterAll(async () => {
  await releaseSnarkjs()
  await rm(dir, { recursive: true, force: true })
})

describe('hidden weights (Groth16)', () => {
  it('proves and verifies; the commitment binds; forged commitments are rejected', async () => {
    const outs = [join(dir, 'art1'), join(dir, 'art2')]
    const [m1, m2] = [
      await compile({ model: join(dir, 'mlp1.onnx'), calibration: join(dir, 'cal.json'), out: outs[0]!, weights: 'private', verifier: false, ortReference: false }),
      await compile({ model: join(dir, 'mlp2.onnx'), calibration: join(dir, 'cal.json'), out: outs[1]!, weights: 'private', verifier: false, ortReference: false }),
    ]
    expect(m1.visibility.weights).toBe('private')
    expect(m1.weights).toMatchObject({ visibility: 'private', values: 16 * 8 + 8 + 8 * 4 + 4 })
    expect(m1.publicSignals.layout.at(-1)).toMatchObject({ kind: 'weightsHash', offset: 4, length: 1 })
    expect(m1.weights!.commitment).not.toBe(m2.weights!.commitment)
    const [a1, a2] = [await loadArtifactDir(outs[0]!), await loadArtifactDir(outs[1]!)]
    expect(a1.circuit.weightsHash).toBe(m1.weights!.commitment)
    expect(BigInt(m1.weights!.commitment)).toBe(weightsCommitment({ model: a1.circuit.model }))
    // Same architecture and bit widths → same constraint system; only the committed weights differ.
    expect(m2.circuit.constraints).toBe(m1.circuit.constraints)

    const p1 = await prove({ dir: outs[0]!, input: join(dir, 'in.json') })
    expect(p1.publicSignals).toHaveLength(5)
    expect(decodePublicSignals(a1.circuit, p1.publicSignals).weightsHash).toBe(BigInt(m1.weights!.commitment))
    expect(await verify({ dir: outs[0]!, proof: p1, allowInsecureSetup: true })).toMatchObject({ valid: true, weightsHash: BigInt(m1.weights!.commitment) })

    // A forged weightsHash signal fails the pairing check.
    const forged = [...p1.publicSignals]
    forged[4] = ((BigInt(forged[4]!) + 1n) % FIELD_PRIME).toString()
    expect(await verifyGroth16({ vkey: a1.vkey, proof: p1.proof, publicSignals: forged })).toBe(false)
    expect(await verify({ dir: outs[0]!, proof: { ...p1, publicSignals: forged }, allowInsecureSetup: true })).toEqual({ valid: false, reason: 'proof' })

    // A valid proof is rejected by an artifact that expects another commitment.
    const expectsOther = { ...a1.circuit, weightsHash: m2.weights!.commitment }
    expect(await verifyWithArtifacts({ circuit: expectsOther, vkey: a1.vkey, proofFile: p1 })).toEqual({ valid: false, reason: 'weightsHash' })
    expect(await verifyWithArtifacts({ circuit: a1.circuit, vkey: a1.vkey, proofFile: p1 })).toMatchObject({ valid: true })

    // The second model's proof carries its own commitment and does not verify under the first key.
    const p2 = await prove({ dir: outs[1]!, input: join(dir, 'in.json') })
    expect(decodePublicSignals(a2.circuit, p2.publicSignals).weightsHash).toBe(BigInt(m2.weights!.commitment))
    expect(await verify({ dir: outs[1]!, proof: p2, allowInsecureSetup: true })).toMatchObject({ valid: true })
    expect(await verifyGroth16({ vkey: a1.vkey, proof: p2.proof, publicSignals: p2.publicSignals })).toBe(false)
  }, 300_000)
})
