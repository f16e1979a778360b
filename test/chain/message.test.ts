/**
 * Binding a proof to an action, end to end: a model compiled with a message signal, proved for a
 * recipient address, and a contract that inherits `ZkmlVerified` and requires
 * `message == uint160(msg.sender)`. The proof works for its recipient only; the plain adapter stays
 * stateless (it states a fact, replayable by anyone).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Abi, Address, Hex } from 'viem'
import { compile } from '../../src/node/compile.js'
import { prove, verify } from '../../src/node/prove.js'
import { readManifest } from '../../src/node/artifacts.js'
import { releaseSnarkjs } from '../../src/prove/groth16.js'
import { compileSolidity } from '../../src/node/compileSolidity.js'
import { startAnvil, type AnvilInstance } from '../../src/node/anvil.js'
import { adapterStatement, createChainClients, deployVerifier, submitProof, toCalldata, verifierArtifacts, zkmlVerifiedAbi } from '../../src/chain/index.js'
import type { ProofFile } from '../../src/prove/prove.js'
import { mlpOnnx, randomSamples } from '../fixtures/models.js'

let dir: string
let anvil: AnvilInstance
let clients: ReturnType<typeof createChainClients>
let bobClients: ReturnType<typeof createChainClients>
let alice: Address
let bob: Address
let adapter: Address
let vault: Address
let vaultAbi: Abi
let forAlice: ProofFile
let input: number[]

const VAULT = `// SPDX-License-Identifier: GPL-3.0-or-later
pragma solidity ^0.8.24;
import {ZkmlVerified} from "contracts/ZkmlVerified.sol";
/// Pays out once per caller, to the caller only: the proof must be bound to msg.sender.
contract SenderBoundVault is ZkmlVerified {
  error AlreadyClaimed();
  event Claimed(address who, bytes32 signalsHash);
  mapping(address => bool) public claimed;
  constructor(address v, Statement memory s, bytes32 expectedVkeyHash) ZkmlVerified(v, s) {
    require(s.vkeyHash == expectedVkeyHash, "wrong model");
  }
  function claim(uint256[2] calldata a, uint256[2][2] calldata b, uint256[2] calldata c, uint256[] calldata signals) external {
    if (claimed[msg.sender]) revert AlreadyClaimed();
    bytes32 h = _verifyProofWithMessage(a, b, c, signals, uint160(msg.sender));
    claimed[msg.sender] = true;
    emit Claimed(msg.sender, h);
  }
}`

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zkml-message-'))
  const s = randomSamples({ size: 16, count: 6, seed: 9 })
  await writeFile(join(dir, 'm.onnx'), mlpOnnx({ sizes: [16, 8, 3], seed: 6 }))
  await writeFile(join(dir, 'cal.json'), JSON.stringify({ input_data: [s.flatMap((x) => Array.from(x.input!))] }))
  await compile({ model: join(dir, 'm.onnx'), calibration: join(dir, 'cal.json'), out: join(dir, 'art'), message: true, ortReference: false })
  input = Array.from(s[2]!.input!)
  anvil = await startAnvil()
  clients = createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[0]!.privateKey })
  bobClients = createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[1]!.privateKey })
  alice = anvil.accounts[0]!.address
  bob = anvil.accounts[1]!.address

  const manifest = await readManifest(join(dir, 'art'))
  const verifier = JSON.parse(await readFile(join(dir, 'art', 'verifier.json'), 'utf8')) as { bytecode: Hex }
  const artifacts = verifierArtifacts({ manifest, verifier })
  expect(artifacts.messageIndex).toBe(3)
  const dep = await deployVerifier({ ...clients, allowInsecureSetup: true }, artifacts)
  adapter = dep.address
  const compiled = await compileSolidity({ sources: { 'SenderBoundVault.sol': VAULT }, contract: 'SenderBoundVault' })
  vaultAbi = compiled.abi
  const hash = await clients.walletClient.deployContract({ abi: vaultAbi, bytecode: compiled.bytecode, args: [dep.verifierAddress, adapterStatement(artifacts), manifest.vkeyHash], account: clients.walletClient.account!, chain: null })
  vault = (await clients.publicClient.waitForTransactionReceipt({ hash })).contractAddress!
  forAlice = await prove({ dir: join(dir, 'art'), input, message: alice })
}, 300_000)

afterAll(async () => {
  await anvil?.stop()
  await releaseSnarkjs()
  await rm(dir, { recursive: true, force: true })
})

const claim = (c: typeof clients, proof: ProofFile) =>
  c.publicClient
    .simulateContract({ address: vault, abi: vaultAbi, functionName: 'claim', args: [...toCalldata(proof.proof, proof.publicSignals)], account: c.walletClient.account!, gas: 1_000_000n })
    .then(async ({ request }) => c.publicClient.waitForTransactionReceipt({ hash: await c.walletClient.writeContract(request) }))

describe('a proof bound to a recipient', () => {
  it('carries the message as its last public signal; verify reports it', async () => {
    expect(forAlice.message).toBe(BigInt(alice).toString())
    expect(forAlice.publicSignals.at(-1)).toBe(BigInt(alice).toString())
    expect(await verify({ dir: join(dir, 'art'), proof: forAlice, allowInsecureSetup: true })).toMatchObject({ valid: true, message: BigInt(alice) })
    expect(await clients.publicClient.readContract({ address: adapter, abi: zkmlVerifiedAbi, functionName: 'messageOf', args: [forAlice.publicSignals.map(BigInt)] })).toBe(BigInt(alice))
  })

  it('is refused when someone else submits it (front-running), accepted from its recipient, once', async () => {
    await expect(claim(bobClients, forAlice)).rejects.toThrow(/MessageMismatch/)
    expect((await claim(clients, forAlice)).status).toBe('success')
    await expect(claim(clients, forAlice)).rejects.toThrow(/AlreadyClaimed/)
    // Bob proves for himself and claims.
    const forBob = await prove({ dir: join(dir, 'art'), input, message: bob })
    expect((await claim(bobClients, forBob)).status).toBe('success')
  })

  it('the plain adapter only states the fact: anyone may submit it, any number of times', async () => {
    for (const c of [clients, bobClients]) expect((await submitProof({ ...c, address: adapter }, forAlice)).receipt.status).toBe('success')
  })
})
