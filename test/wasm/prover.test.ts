/**
 * The wasm prover end to end: the bundled models compiled with the project's compile function,
 * the same witness proven by the wasm prover (1 and 2 threads) and by snarkjs, every proof verified
 * by snarkjs, by `zkml verify` (verify over the artifact directory) and by the Solidity verifier on
 * anvil; a key written by snarkjs itself (`zkey new`); tampered proofs and bad inputs rejected.
 *
 * CNN 6c5 and LeNet-5 take minutes to compile on 2 cores: set ZKML_TEST_LARGE_MODELS=1 to include
 * them (npm run bench proves and verifies them with both provers every run).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compile } from '../../src/node/compile.js'
import { loadArtifactDir } from '../../src/node/artifacts.js'
import { prove, verify } from '../../src/node/prove.js'
import { computeWitness } from '../../src/prove/witness.js'
import { proveGroth16, releaseSnarkjs, verifyGroth16, type Groth16Proof } from '../../src/prove/groth16.js'
import { ProverError } from '../../src/errors/prove.js'
import { releaseWasmProver } from '../../src/prove/wasmProver.js'
import { MAX_THREADS, createWasmProver } from '../../wasm/prover.js'
import { ArtifactHashMismatchError } from '../../src/errors/artifact.js'
import { WasmProverError } from '../../src/errors/wasmProver.js'
import { startAnvil, type AnvilInstance } from '../../src/node/anvil.js'
import { createChainClients, groth16VerifierAbi, toCalldata, verifyGasLimit } from '../../src/chain/index.js'
import { createFixtureModel, createPtau, fixtureCircuit } from '../chain/fixture.js'

const MODELS = ['mnist_mlp_196_25_10', 'mnist_mlp_196_24_14_10', 'mnist_mlp_784_56_10']
const LARGE = ['mnist_cnn_6c5', 'mnist_lenet5']
const models = process.env.ZKML_TEST_LARGE_MODELS ? [...MODELS, ...LARGE] : MODELS

let dir: string
let anvil: AnvilInstance | undefined

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zkml-wasm-prover-'))
})
afterAll(async () => {
  await anvil?.stop()
  await releaseWasmProver()
  await releaseSnarkjs()
  if (dir) await rm(dir, { recursive: true, force: true })
})

const inputFile = (name: string) => `models/input_${name.includes('196') ? 196 : 784}.json`

describe.each(models)('%s', (name) => {
  it('wasm (1 and 2 threads) and snarkjs prove the same witness; snarkjs, zkml verify and the Solidity verifier accept all; tampering is rejected', { timeout: 900_000 }, async () => {
    const out = join(dir, name)
    const size = name.includes('196') ? 196 : 784
    await compile({ model: `models/${name}.onnx`, calibration: `models/calibration_${size}.json`, out, ortReference: false })
    const art = await loadArtifactDir(out)
    const input = JSON.parse(await readFile(inputFile(name), 'utf8')).input_data[0] as number[]
    const { witness } = computeWitness({ circuit: art.circuit, input: { [art.circuit.model.inputs[0]!.name]: input } })

    const proofs: { proof: Groth16Proof; publicSignals: string[] }[] = []
    for (const threads of [1, 2]) {
      const prover = await createWasmProver({ zkey: art.zkey!, threads })
      try {
        proofs.push(await prover.prove(witness))
      } finally {
        await prover.dispose()
      }
    }
    const ref = await proveGroth16({ zkey: art.zkey!, witness, prover: 'snarkjs' })
    for (const p of [...proofs, ref]) {
      expect(p.publicSignals).toEqual(ref.publicSignals)
      expect(await verifyGroth16({ vkey: art.vkey, proof: p.proof, publicSignals: p.publicSignals })).toBe(true)
    }
    // Fresh randomness: two proofs of one witness differ.
    expect(proofs[0]!.proof.pi_a).not.toEqual(proofs[1]!.proof.pi_a)
    // A proof for other public signals does not verify.
    const forged = [...proofs[0]!.publicSignals]
    forged[0] = (BigInt(forged[0]!) + 1n).toString()
    expect(await verifyGroth16({ vkey: art.vkey, proof: proofs[0]!.proof, publicSignals: forged })).toBe(false)

    // zkml verify over the artifacts, on a proof file written by zkml prove (default prover: wasm).
    const proofPath = join(dir, `${name}.proof.json`)
    await prove({ dir: out, input: inputFile(name), out: proofPath })
    expect((await verify({ dir: out, proof: proofPath, allowInsecureSetup: true })).valid).toBe(true)
    const file = JSON.parse(await readFile(proofPath, 'utf8'))
    file.proof.pi_c[0] = file.proof.pi_a[0]
    await writeFile(proofPath, JSON.stringify(file))
    expect((await verify({ dir: out, proof: proofPath, allowInsecureSetup: true })).valid).toBe(false)

    // The Solidity verifier (compiled by compile) on anvil.
    anvil ??= await startAnvil()
    const clients = createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[0]!.privateKey })
    const code = (JSON.parse(await readFile(join(out, 'verifier.json'), 'utf8')) as { bytecode: `0x${string}` }).bytecode
    const nPublic = art.vkey.nPublic
    const hash = await clients.walletClient.deployContract({ abi: groth16VerifierAbi(nPublic), bytecode: code, account: clients.walletClient.account!, chain: clients.walletClient.chain })
    const receipt = await clients.publicClient.waitForTransactionReceipt({ hash })
    const address = receipt.contractAddress!
    const call = async (p: { proof: Groth16Proof; publicSignals: string[] }) =>
      (await clients.publicClient.simulateContract({ address, abi: groth16VerifierAbi(nPublic), functionName: 'verifyProof', args: toCalldata(p.proof, p.publicSignals) as never, gas: verifyGasLimit(nPublic) })).result
    expect(await call(proofs[0]!)).toBe(true)
    expect(await call(proofs[1]!)).toBe(true)
    expect(await call({ proof: proofs[0]!.proof, publicSignals: forged })).toBe(false)

    // prove streams the key from the file after checking its hash: a changed key is refused.
    const zkeyPath = join(out, 'circuit.zkey')
    const bytes = new Uint8Array(await readFile(zkeyPath))
    bytes[bytes.length - 1]! ^= 1
    await writeFile(zkeyPath, bytes)
    await expect(prove({ dir: out, input: inputFile(name) })).rejects.toBeInstanceOf(ArtifactHashMismatchError)
  })
})

describe('keys written by snarkjs', () => {
  it('proves with a zkey from snarkjs zkey new (its coefficient order) and snarkjs verifies', { timeout: 300_000 }, async () => {
    const ptau = await createPtau(dir)
    const model = await createFixtureModel({ dir, ptau, nPublic: 3, constant: 3n })
    const zkey = new Uint8Array(await readFile(join(dir, 'model_3_3.zkey')))
    const witness = fixtureCircuit({ nPublic: 3, constant: 3n }).witness({ x: 6n, y: 7n, publicInputs: [10n, 20n] })
    // Read through a ZkeyReader in small random-access reads (as from a file), with more threads than the cap.
    const reads: number[] = []
    const reader = { size: zkey.length, read: async (into: Uint8Array, at: number) => void (reads.push(at), into.set(zkey.subarray(at, at + into.length))) }
    const prover = await createWasmProver({ zkey: reader, threads: 64 })
    expect(prover.threads).toBeLessThanOrEqual(MAX_THREADS)
    expect(reads.length).toBeGreaterThan(5)
    try {
      const { proof, publicSignals } = await prover.prove(witness)
      expect(await verifyGroth16({ vkey: model.vkey as never, proof, publicSignals })).toBe(true)
      // A witness that does not satisfy the circuit gives a proof that does not verify.
      const bad = [...witness]
      bad[bad.length - 1] = bad[bad.length - 1]! + 1n
      const wrong = await prover.prove(bad)
      expect(await verifyGroth16({ vkey: model.vkey as never, proof: wrong.proof, publicSignals: wrong.publicSignals })).toBe(false)
    } finally {
      await prover.dispose()
    }
  })
})

describe('bad inputs', () => {
  it('rejects a malformed key, a non-Groth16 file and a witness of the wrong length with typed errors', async () => {
    await expect(createWasmProver({ zkey: new Uint8Array([1, 2, 3]) })).rejects.toBeInstanceOf(WasmProverError)
    const wtnsLike = new Uint8Array(64)
    wtnsLike.set([0x77, 0x74, 0x6e, 0x73])
    await expect(createWasmProver({ zkey: wtnsLike })).rejects.toThrow(/Not a .zkey/)
    const zkey = new Uint8Array(await readFile(join(dir, 'model_3_3.zkey')))
    // Truncate the H section.
    await expect(createWasmProver({ zkey: zkey.subarray(0, zkey.length - 100) })).rejects.toBeInstanceOf(WasmProverError)
    const prover = await createWasmProver({ zkey, threads: 1 })
    try {
      await expect(prover.prove([1n, 2n])).rejects.toThrow(/witness length/)
    } finally {
      await prover.dispose()
    }
    await expect(proveGroth16({ zkey, witness: [1n] })).rejects.toBeInstanceOf(ProverError)
  })
})
