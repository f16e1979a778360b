/**
 * Hidden weights are bound by every verifier, not only by the key. With `--weights private` the
 * constraints depend on tensor shapes and bit widths only, so swapping two rows (and their biases)
 * of the last layer keeps the circuit and the key: the Groth16 proof of the swapped model verifies
 * under the artifacts' key. `zkml verify`, the browser's verify code (the prover worker's function)
 * and the `ZkmlVerified` adapter on anvil must all reject it, because its `weightsHash` is not the
 * published commitment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { compile } from '../../src/node/compile.js'
import { prove, verify } from '../../src/node/prove.js'
import { loadArtifactDir, type LoadArtifactDirReturnType } from '../../src/node/artifacts.js'
import { releaseSnarkjs, verifyGroth16 } from '../../src/prove/groth16.js'
import { proveSwapped, swapLastLayerRows } from '../helpers/swapWeights.js'
import { weightsCommitment, weightTensorBits } from '../../src/circuit/privateWeights.js'
import { verifyInWorker } from '../../src/runtime/worker/prover.js'
import { startAnvil, type AnvilInstance } from '../../src/node/anvil.js'
import { createChainClients, deployVerifier, submitProof, verifierArtifacts, verifyOnChain } from '../../src/chain/index.js'
import { VerifierCallRevertedError } from '../../src/errors/chain.js'
import type { ProofFile } from '../../src/prove/prove.js'
import { utf8 } from '../../src/utils/hex.js'
import { mlpOnnx, randomSamples } from '../fixtures/models.js'

const root = join(import.meta.dirname, '../..')
let dir: string
let out: string
let art: LoadArtifactDirReturnType
let input: number[]
let honest: ProofFile
let evil: ProofFile
let anvil: AnvilInstance | undefined

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zkml-swap-'))
  out = join(dir, 'art')
  const samples = randomSamples({ size: 16, count: 8, seed: 5 })
  await writeFile(join(dir, 'm.onnx'), mlpOnnx({ sizes: [16, 8, 4], seed: 4 }))
  await writeFile(join(dir, 'cal.json'), JSON.stringify({ input_data: [samples.flatMap((x) => Array.from(x.input!))] }))
  await compile({ model: join(dir, 'm.onnx'), calibration: join(dir, 'cal.json'), out, weights: 'private', ortReference: false })
  art = await loadArtifactDir(out)
  input = Array.from(samples[1]!.input!)
  honest = await prove({ dir: out, input })

  const evilCircuit = swapLastLayerRows(art.circuit, 0, 1)
  evil = await proveSwapped({ circuit: art.circuit, zkey: art.zkey!, input, rows: [0, 1] })
  const last = art.circuit.model.nodes.filter((n) => n.op === 'Linear').at(-1)!
  if (last.op !== 'Linear') throw new Error('unreachable')
  // Same widths, hence the same constraint system and key; other weights, hence another commitment.
  expect(weightTensorBits(evilCircuit.model.constants[last.weight]!)).toBe(weightTensorBits(art.circuit.model.constants[last.weight]!))
  expect(weightsCommitment({ model: evilCircuit.model })).not.toBe(BigInt(art.manifest.weights!.commitment))
  // The swap moved the logits: the evil proof claims another output.
  expect(evil.outputIntegers.logits![0]).toBe(honest.outputIntegers.logits![1])
  expect(evil.outputIntegers.logits![1]).toBe(honest.outputIntegers.logits![0])
  expect(evil.outputIntegers.logits).not.toEqual(honest.outputIntegers.logits)
}, 300_000)

afterAll(async () => {
  await anvil?.stop()
  await releaseSnarkjs()
  await rm(dir, { recursive: true, force: true })
})

describe('a proof for swapped hidden weights (same widths, same key)', () => {
  it('holds under the key alone: the key does not bind hidden weights', async () => {
    expect(await verifyGroth16({ vkey: art.vkey, proof: evil.proof, publicSignals: evil.publicSignals })).toBe(true)
  })

  it('is rejected by zkml verify (library and CLI)', async () => {
    expect(await verify({ dir: out, proof: honest, allowInsecureSetup: true })).toMatchObject({ valid: true })
    expect(await verify({ dir: out, proof: evil, allowInsecureSetup: true })).toEqual({ valid: false, reason: 'weightsHash' })
    await writeFile(join(dir, 'evil.json'), JSON.stringify(evil))
    const cli = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'verify', out, join(dir, 'evil.json'), '--allow-insecure-setup'], { cwd: root }).catch((e) => e)
    expect(cli.code).toBe(1)
    expect(cli.stdout.trim()).toBe('INVALID (weightsHash)')
  })

  it('is rejected by the browser verify code (the prover worker’s verify, given the served bytes)', async () => {
    const files = { circuit: new Uint8Array(await readFile(join(out, 'circuit.json'))), vkey: new Uint8Array(await readFile(join(out, 'vkey.json'))) }
    expect(await verifyInWorker({ ...files, proofFile: honest })).toMatchObject({ valid: true })
    expect(await verifyInWorker({ ...files, proofFile: evil })).toEqual({ valid: false, reason: 'weightsHash' })
    // A circuit.json that expects the evil commitment would accept it: the check is the artifact's weightsHash.
    const tampered = { ...JSON.parse(new TextDecoder().decode(files.circuit)), weightsHash: `0x${BigInt(evil.publicSignals.at(-1)!).toString(16).padStart(64, '0')}` }
    expect(await verifyInWorker({ circuit: utf8(JSON.stringify(tampered)), vkey: files.vkey, proofFile: evil })).toMatchObject({ valid: true })
  })

  it('is rejected by the ZkmlVerified adapter on anvil (WeightsHashMismatch); the raw verifier accepts it', async () => {
    anvil = await startAnvil()
    const clients = createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[0]!.privateKey })
    const verifier = JSON.parse(await readFile(join(out, 'verifier.json'), 'utf8')) as { bytecode: `0x${string}` }
    const artifacts = verifierArtifacts({ manifest: art.manifest, verifier })
    expect(artifacts.weightsHash).toEqual({ index: art.manifest.publicSignals.count - 1, value: art.manifest.weights!.commitment })
    const dep = await deployVerifier({ ...clients, allowInsecureSetup: true }, artifacts)
    const { event } = await submitProof({ ...clients, address: dep.address, vkeyHash: art.manifest.vkeyHash }, honest)
    expect(event.vkeyHash).toBe(art.manifest.vkeyHash)
    expect(await verifyOnChain({ publicClient: clients.publicClient, address: dep.verifierAddress, kind: 'verifier' }, evil)).toBe(true)
    expect(await verifyOnChain({ publicClient: clients.publicClient, address: dep.address }, evil)).toBe(false)
    const err = await submitProof({ ...clients, address: dep.address }, evil).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(VerifierCallRevertedError)
    expect((err as VerifierCallRevertedError).errorName).toBe('WeightsHashMismatch')
    expect((err as VerifierCallRevertedError).args).toEqual([BigInt(art.manifest.weights!.commitment), BigInt(evil.publicSignals.at(-1)!)])
  })
})
