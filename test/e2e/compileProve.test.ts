/**
 * End to end in Node: an MNIST-size MLP (784-56-10, ReLU), a small CNN (Conv-ReLU-MaxPool-Gemm)
 * and a CNN with data movement on activations (Pad → Conv, Slice, Resize, Concat) compile, prove
 * and verify; a proof with a changed public output is rejected; snarkjs accepts our
 * .r1cs and .wtns files.
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
    expect(await verify({ dir: out, proof: proofPath })).toBe(true)

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
    expect(await verify({ dir: out, proof: forged })).toBe(false)
    const lying = { ...file, circuitOutput: { logits: file.circuitOutput.logits.map((v: number, i: number) => (i === 0 ? v + 1 : v)) } }
    expect(await verify({ dir: out, proof: lying })).toBe(false)
  })
})

it('the movement CNN lowers Pad, Slice, Resize and Concat to IndexMap / SparseLinear (no constraints)', () => {
  const graph = prepareGraph({ graph: parseOnnx({ bytes: movementCnnOnnx() }) })
  expect(graph.nodes.map((n) => n.opType)).toEqual(['Pad', 'Conv', 'Relu', 'Slice', 'Resize', 'Concat', 'MaxPool', 'Flatten', 'Gemm'])
  const { ranges } = calibrateRanges({ graph, samples: randomSamples({ size: 64, count: 4 }) })
  const model = quantizeGraph({ graph, ranges, inputBits: 8, weightBits: 8, activationBits: 12 })
  // The bilinear Resize raises the scale by 4 bits; MaxPool requantizes the concatenation back to its target.
  expect(model.nodes.map((n) => n.op)).toEqual(['IndexMap', 'Conv', 'Requant', 'IndexMap', 'SparseLinear', 'IndexMap', 'Requant', 'MaxPool', 'Reshape', 'Linear'])
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

it('public inputs: the MLP costs at most 2,500 constraints', async () => {
  const out = join(dir, 'mlp-public')
  const m = await compile({ model: join(dir, 'mlp.onnx'), calibration: join(dir, 'mlp.cal.json'), out, input: 'public', verifier: false, ortReference: false })
  expect(m.circuit.constraints).toBeLessThanOrEqual(2500)
  expect(m.publicSignals.count).toBe(10 + 784)
  const res = await prove({ dir: out, input: join(dir, 'mlp.in.json') })
  expect(await verify({ dir: out, proof: res })).toBe(true)
  // A public input outside its 8-bit range is refused by the verifier even with a valid proof shape.
  const forged = { ...res, publicSignals: [...res.publicSignals] }
  forged.publicSignals[10] = '300'
  expect(await verify({ dir: out, proof: forged })).toBe(false)
})

it('hashed input and hashed output modes prove and verify', async () => {
  const out = join(dir, 'mlp-hashed')
  const m = await compile({ model: join(dir, 'mlp.onnx'), calibration: join(dir, 'mlp.cal.json'), out, input: 'hashed', output: 'hashed', verifier: false, ortReference: false })
  expect(m.publicSignals.layout.map((e) => e.kind)).toEqual(['outputHash', 'inputHash'])
  const res = await prove({ dir: out, input: join(dir, 'mlp.in.json') })
  expect(res.publicSignals).toHaveLength(2)
  expect(await verify({ dir: out, proof: res })).toBe(true)
  const lying = { ...res, outputIntegers: { logits: res.outputIntegers.logits!.map((v, i) => (i === 0 ? String(BigInt(v) + 1n) : v)) } }
  expect(await verify({ dir: out, proof: lying })).toBe(false)
})
