/**
 * End to end in Node: an MNIST-size MLP (784-56-10, ReLU), a small CNN (Conv-ReLU-MaxPool-Gemm)
 * and a CNN with data movement on activations (Pad → Conv, Slice, Resize, Concat) compile, prove
 * and verify; a proof with a changed public output is rejected; snarkjs accepts our
 * .r1cs and .wtns files; public inputs are range-checked in the circuit; hashed modes are salted
 * and a revealed output is accepted only in canonical form, in range, opening the commitment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as snarkjs from 'snarkjs'
import { compile } from '../../src/node/compile.js'
import { prove, verify, info } from '../../src/node/prove.js'
import { loadArtifactDir } from '../../src/node/artifacts.js'
import { computeWitness } from '../../src/prove/witness.js'
import { writeWtns } from '../../src/formats/wtns.js'
import { releaseSnarkjs } from '../../src/prove/groth16.js'
import { inputCommitment, outputCommitment } from '../../src/circuit/commitments.js'
import { quantizeInputs } from '../../src/quantize/quantizeInput.js'
import { FIELD_PRIME } from '../../src/circuit/field.js'
import { InvalidProofError } from '../../src/errors/prove.js'
import { cnnOnnx, mlpOnnx, movementCnnOnnx, randomSamples } from '../fixtures/models.js'
import { parseOnnx } from '../../src/onnx/parse.js'
import { prepareGraph } from '../../src/onnx/prepare.js'
import { calibrateRanges } from '../../src/compile/calibrate.js'
import { quantizeGraph } from '../../src/quantize/quantize.js'

let dir: string
const silent = { info() {}, debug() {}, warn() {}, error() {} }

async function writeFixture(name: string, bytes: Uint8Array, size: number, count = 12) {
  const samples = randomSamples({ size, count, seed: 11 })
  await writeFile(join(dir, `${name}.onnx`), bytes)
  await writeFile(join(dir, `${name}.cal.json`), JSON.stringify({ input_data: [samples.flatMap((s) => Array.from(s.input!))] }))
  await writeFile(join(dir, `${name}.in.json`), JSON.stringify({ input_data: [Array.from(samples[3]!.input!)] }))
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zkml-e2e-'))
  await writeFixture('mlp', mlpOnnx({ sizes: [784, 56, 10] }), 784)
  await writeFixture('cnn', cnnOnnx(), 144)
  await writeFixture('movement', movementCnnOnnx(), 64)
})
afterAll(async () => {
  await releaseSnarkjs()
  await rm(dir, { recursive: true, force: true })
})

describe.each([
  ['mlp', 9000],
  ['cnn', 20000],
  ['movement', 16000],
])('%s', (name, maxConstraints) => {
  it('compiles, proves and verifies; a changed output is rejected', async () => {
    const out = join(dir, `${name}-art`)
    const manifest = await compile({ model: join(dir, `${name}.onnx`), calibration: join(dir, `${name}.cal.json`), out, verifier: false })
    expect(manifest.setup.kind).toBe('dev-insecure')
    expect(manifest.circuit.constraints).toBeLessThanOrEqual(maxConstraints)
    expect(manifest.fidelity.reference).toMatch(/onnxruntime-node/)
    expect((await info({ dir: out })).modelHash).toBe(manifest.modelHash)

    const proofPath = join(dir, `${name}.proof.json`)
    const res = await prove({ dir: out, input: join(dir, `${name}.in.json`), out: proofPath })
    expect(res.publicSignals).toHaveLength(10)
    const verdict = await verify({ dir: out, proof: proofPath, allowInsecureSetup: true })
    expect(verdict).toMatchObject({ valid: true, circuitOutput: res.circuitOutput })
    expect(verdict.valid && verdict.outputIntegers!.logits!.map(String)).toEqual(res.outputIntegers.logits)

    // Proven output ≈ the float model's output (within the fidelity report's bound).
    const { createOrtReference } = await import('../../src/node/ortReference.js')
    const ref = await createOrtReference({ model: new Uint8Array(await readFile(join(dir, `${name}.onnx`))), inputs: manifest.inputs })
    const input = JSON.parse(await readFile(join(dir, `${name}.in.json`), 'utf8')).input_data[0]
    const float = (await ref.run({ input: Float64Array.from(input) })).logits!
    await ref.release()
    const err = Math.max(...res.circuitOutput.logits!.map((v, i) => Math.abs(v - float[i]!)))
    expect(err).toBeLessThanOrEqual(Math.max(manifest.fidelity.maxAbsError * 2, 0.05))

    // A changed public output (and, separately, a changed claimed output) is rejected.
    const file = JSON.parse(await readFile(proofPath, 'utf8'))
    const forged = { ...file, publicSignals: [...file.publicSignals] }
    forged.publicSignals[2] = (BigInt(forged.publicSignals[2]) + 1n).toString()
    expect(await verify({ dir: out, proof: forged, allowInsecureSetup: true })).toEqual({ valid: false, reason: 'proof' })
    const lying = { ...file, circuitOutput: { logits: file.circuitOutput.logits.map((v: number, i: number) => (i === 0 ? v + 1 : v)) } }
    expect(await verify({ dir: out, proof: lying, allowInsecureSetup: true })).toEqual({ valid: false, reason: 'claimedOutput' })
    // Revealed integers beside public outputs are checked against them.
    const mismatch = { ...file, outputIntegers: { logits: file.outputIntegers.logits.map((v: string, i: number) => (i === 1 ? String(BigInt(v) - 1n) : v)) } }
    expect(await verify({ dir: out, proof: mismatch, allowInsecureSetup: true })).toEqual({ valid: false, reason: 'outputMismatch' })
  })
})

it('the movement CNN lowers Pad, Slice, Resize and Concat to IndexMap / SparseLinear (no constraints)', () => {
  const graph = prepareGraph({ graph: parseOnnx({ bytes: movementCnnOnnx() }) })
  expect(graph.nodes.map((n) => n.opType)).toEqual(['Pad', 'Conv', 'Relu', 'Slice', 'Resize', 'Concat', 'MaxPool', 'Flatten', 'Gemm'])
  const { ranges } = calibrateRanges({ graph, samples: randomSamples({ size: 64, count: 4 }) })
  const model = quantizeGraph({ graph, ranges, inputBits: 8, weightBits: 8, activationBits: 12 })
  // The bilinear Resize raises the scale by 4 bits; MaxPool requantizes the concatenation back to its
  // target, after pooling (poolFirst.ts: once per pooled value).
  expect(model.nodes.map((n) => n.op)).toEqual(['IndexMap', 'Conv', 'Requant', 'IndexMap', 'SparseLinear', 'IndexMap', 'MaxPool', 'Requant', 'Reshape', 'Linear'])
})

it('snarkjs accepts our .r1cs and .wtns files for the compiled MLP', async () => {
  const out = join(dir, 'mlp-art')
  const art = await loadArtifactDir(out)
  const r1cs = new Uint8Array(await readFile(join(out, 'circuit.r1cs')))
  const infoR1cs = await snarkjs.r1cs.info({ type: 'mem', data: r1cs }, silent)
  expect(infoR1cs.nConstraints).toBe(art.manifest.circuit.constraints)
  expect(infoR1cs.nOutputs + infoR1cs.nPubInputs).toBe(10)
  const input = JSON.parse(await readFile(join(dir, 'mlp.in.json'), 'utf8')).input_data[0]
  const w = computeWitness({ circuit: art.circuit, input })
  expect(await snarkjs.wtns.check({ type: 'mem', data: r1cs }, { type: 'mem', data: writeWtns(w.witness) }, silent)).toBe(true)
  const bad = [...w.witness]
  bad[500] = (bad[500]! + 1n) % 21888242871839275222246405745257275088548364400416034343698204186575808495617n
  expect(await snarkjs.wtns.check({ type: 'mem', data: r1cs }, { type: 'mem', data: writeWtns(bad) }, silent)).toBe(false)
})

it('public inputs are range-checked in the circuit: one decomposition each', async () => {
  const out = join(dir, 'mlp-public')
  const m = await compile({ model: join(dir, 'mlp.onnx'), calibration: join(dir, 'mlp.cal.json'), out, input: 'public', verifier: false, ortReference: false })
  const priv = await info({ dir: join(dir, 'mlp-art') })
  // Each 8-bit public input costs its 8 booleanity constraints (as a private one) + 1 recomposition.
  expect(m.circuit.constraints - priv.circuit.constraints).toBe(784)
  expect(m.publicSignals.count).toBe(10 + 784)
  const res = await prove({ dir: out, input: join(dir, 'mlp.in.json') })
  const verdict = await verify({ dir: out, proof: res, allowInsecureSetup: true })
  expect(verdict.valid && verdict.publicInputs!.input!.length).toBe(784)
  // A public input outside its 8-bit range: the proof does not hold for it (the circuit checks the range).
  const forged = { ...res, publicSignals: [...res.publicSignals] }
  forged.publicSignals[10] = '300'
  expect(await verify({ dir: out, proof: forged, allowInsecureSetup: true })).toEqual({ valid: false, reason: 'proof' })
})

it('hashed input and output: salted commitments, opened only by the salt and canonical, counted, in-range integers', async () => {
  const out = join(dir, 'mlp-hashed')
  const m = await compile({ model: join(dir, 'mlp.onnx'), calibration: join(dir, 'mlp.cal.json'), out, input: 'hashed', output: 'hashed', verifier: false, ortReference: false })
  expect(m.publicSignals.layout.map((e) => e.kind)).toEqual(['outputHash', 'inputHash'])
  const art = await loadArtifactDir(out, { zkey: false })
  const proofPath = join(dir, 'hashed.proof.json')
  const res = await prove({ dir: out, input: join(dir, 'mlp.in.json'), out: proofPath })
  expect(res.publicSignals).toHaveLength(2)
  expect(res.inputSalt).toMatch(/^[0-9]+$/)
  expect(res.outputSalt).toMatch(/^[0-9]+$/)
  // proof.json is what a verifier gets: it opens the output, never the input.
  const file = JSON.parse(await readFile(proofPath, 'utf8'))
  expect(file).not.toHaveProperty('inputSalt')
  expect(file.outputSalt).toBe(res.outputSalt)

  // The public hashes are the native salted commitments.
  const input = JSON.parse(await readFile(join(dir, 'mlp.in.json'), 'utf8')).input_data[0]
  const ints = quantizeInputs({ model: art.circuit.model, input })
  expect(BigInt(res.publicSignals[1]!)).toBe(inputCommitment({ model: art.circuit.model, inputs: ints, salt: BigInt(res.inputSalt!) }))
  const outs = { logits: res.outputIntegers.logits!.map(BigInt) }
  expect(BigInt(res.publicSignals[0]!)).toBe(outputCommitment({ model: art.circuit.model, outputs: outs, salt: BigInt(res.outputSalt!) }))
  // Hiding: the same input proved again gets fresh salts, so both hashes change; a given salt reproduces them.
  const again = await prove({ dir: out, input: join(dir, 'mlp.in.json') })
  expect(again.publicSignals[0]).not.toBe(res.publicSignals[0])
  expect(again.publicSignals[1]).not.toBe(res.publicSignals[1])
  const same = await prove({ dir: out, input: join(dir, 'mlp.in.json'), salts: { input: BigInt(res.inputSalt!), output: BigInt(res.outputSalt!) } })
  expect(same.publicSignals).toEqual(res.publicSignals)

  const verdict = await verify({ dir: out, proof: proofPath, allowInsecureSetup: true })
  expect(verdict).toMatchObject({ valid: true, outputIntegers: outs, circuitOutput: res.circuitOutput, outputHash: BigInt(res.publicSignals[0]!), inputHash: BigInt(res.publicSignals[1]!) })
  // Without the opening, the proof still verifies; the outputs stay unknown.
  const { outputIntegers: _o, circuitOutput: _c, outputSalt: _s, ...bare } = file
  const hidden = await verify({ dir: out, proof: bare, allowInsecureSetup: true })
  expect(hidden.valid).toBe(true)
  expect(hidden.valid && hidden.outputIntegers).toBeUndefined()

  const logits = file.outputIntegers.logits as string[]
  const withLogits = (f: (v: bigint, i: number) => string, extra: object = {}) => ({ ...file, outputIntegers: { logits: logits.map((v, i) => f(BigInt(v), i)) }, ...extra })
  // A changed integer does not open the commitment, with or without a claimed float output.
  expect(await verify({ dir: out, proof: withLogits((v, i) => String(i === 0 ? v + 1n : v)), allowInsecureSetup: true })).toMatchObject({ valid: false })
  const { circuitOutput: _c2, ...noClaim } = withLogits((v, i) => String(i === 0 ? 999999n : v))
  expect(await verify({ dir: out, proof: noClaim, allowInsecureSetup: true })).toMatchObject({ valid: false }) // checked even without a claim
  expect(await verify({ dir: out, proof: { ...noClaim, outputIntegers: { logits: logits.map((v, i) => (i === 0 ? String(BigInt(v) + 1n) : v)) } }, allowInsecureSetup: true })).toEqual({ valid: false, reason: 'outputCommitment' })
  const [lo, hi] = art.circuit.outputRanges.logits!.map(BigInt) as [bigint, bigint]
  for (const v of [hi + 1n, lo - 1n]) {
    expect(await verify({ dir: out, proof: { ...noClaim, outputIntegers: { logits: logits.map((x, i) => (i === 3 ? String(v) : x)) } }, allowInsecureSetup: true })).toEqual({ valid: false, reason: 'outputRange' })
  }
  // The alias v + p hashes like v: refused as outside the proven interval.
  const alias = withLogits((v, i) => String(i === 0 ? v + FIELD_PRIME : v), { circuitOutput: { logits: logits.map((v, i) => (i === 0 ? Number(BigInt(v) + FIELD_PRIME) : Number(v)) / 2 ** 12) } })
  expect(await verify({ dir: out, proof: alias, allowInsecureSetup: true })).toEqual({ valid: false, reason: 'outputRange' })
  // A wrong salt does not open it.
  expect(await verify({ dir: out, proof: { ...file, outputSalt: String((BigInt(file.outputSalt) + 1n) % FIELD_PRIME) }, allowInsecureSetup: true })).toEqual({ valid: false, reason: 'outputCommitment' })
  // Malformed reveals are errors: non-canonical integers, wrong counts, unknown names, no salt.
  for (const bad of ['007', '+5', ' 5', '5.0', '0x05', '-0', '1e3', '']) {
    const e = await verify({ dir: out, proof: withLogits((v, i) => (i === 2 ? bad : String(v))), allowInsecureSetup: true }).catch((x) => x)
    expect(e, bad).toBeInstanceOf(InvalidProofError)
    expect(e.field).toBe('outputIntegers.logits[2]')
  }
  for (const outputIntegers of [{ logits: logits.slice(1) }, { logits: [...logits, '0'] }, { logits, extra: ['1'] }, {}, { logits: 5 }]) {
    await expect(verify({ dir: out, proof: { ...file, outputIntegers }, allowInsecureSetup: true })).rejects.toBeInstanceOf(InvalidProofError)
  }
  const { outputSalt: _s2, ...noSalt } = file
  await expect(verify({ dir: out, proof: noSalt, allowInsecureSetup: true })).rejects.toBeInstanceOf(InvalidProofError)
  const { outputIntegers: _o3, outputSalt: _s3, ...claimOnly } = file
  await expect(verify({ dir: out, proof: claimOnly, allowInsecureSetup: true })).rejects.toBeInstanceOf(InvalidProofError)
})
