/**
 * End-to-end chain tests against a real anvil process: deploy the verifier + adapter for the fixture
 * circuit, submit valid and invalid proofs, compare on-chain and local verification, and check the
 * failure modes (RPC down, no funds, too little gas).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Address, type Hex, encodePacked, keccak256, parseEventLogs, toHex, zeroAddress } from 'viem'
import { generatePrivateKey } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ProofResult,
  type VerifierArtifacts,
  NO_SIGNAL,
  createChainClients,
  deployRegistry,
  deployVerifier,
  registryKey,
  submitProof,
  toCalldata,
  verifierKeyAbi,
  verifyGasLimit,
  verifyOnChain,
  vkeyHash,
  zkmlRegistryAbi,
  zkmlVerifiedAbi,
} from '../../src/chain/index.js'
import {
  InsufficientFundsError,
  RpcUnavailableError,
  VerifierCallRevertedError,
  VkeyHashMismatchError,
} from '../../src/errors/chain.js'
import { compileSolidity } from '../../src/node/compileSolidity.js'
import { type AnvilInstance, startAnvil } from '../../src/node/anvil.js'
import { type FixtureModel, compileVerifier, createFixtureModel, createPtau, sn, terminateCurve } from './fixture.js'

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n
const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n
const MODEL_A = keccak256(toHex('fixture model A'))
const MODEL_B = keccak256(toHex('fixture model B'))

let dir: string
let anvil: AnvilInstance
let clients: ReturnType<typeof createChainClients>
let modelA: FixtureModel
let modelB: FixtureModel
let bytecodeA: Hex
let adapterA: Address
let verifierA: Address
let adapterB: Address
let valid: ProofResult & { publicSignals: string[] }
let validB: ProofResult & { publicSignals: string[] }
let artifactsA: VerifierArtifacts
let artifactsB: VerifierArtifacts

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zkml-chain-test-'))
  const ptau = await createPtau(dir)
  modelA = await createFixtureModel({ dir, ptau, nPublic: 3, constant: 3n })
  modelB = await createFixtureModel({ dir, ptau, nPublic: 3, constant: 5n })
  bytecodeA = await compileVerifier(modelA.vkey)
  const bytecodeB = await compileVerifier(modelB.vkey)
  valid = await modelA.prove({ x: 6n, y: 7n, publicInputs: [10n, 20n] })
  validB = await modelB.prove({ x: 6n, y: 7n, publicInputs: [10n, 20n] })
  anvil = await startAnvil()
  clients = createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[0]!.privateKey })
  artifactsA = { modelHash: MODEL_A, vkeyHash: vkeyHash(modelA.vkey), nPublic: 3, verifier: { bytecode: bytecodeA } }
  artifactsB = { modelHash: MODEL_B, vkeyHash: vkeyHash(modelB.vkey), nPublic: 3, verifier: { bytecode: bytecodeB } }
  const a = await deployVerifier(clients, artifactsA)
  const b = await deployVerifier(clients, artifactsB)
  adapterA = a.address
  verifierA = a.verifierAddress
  adapterB = b.address
})

afterAll(async () => {
  await anvil?.stop()
  await terminateCurve()
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** `[a, b, c, signals]` for a contract call. */
const toCalldataArgs = (r: ProofResult) => {
  const [a, b, c, signals] = toCalldata(r.proof, r.publicSignals)
  return [a, b, c, signals] as const
}

/** All InferenceVerified events the adapter has emitted so far. */
async function verifiedEvents(address: Address) {
  return clients.publicClient.getContractEvents({ address, abi: zkmlVerifiedAbi, eventName: 'InferenceVerified', fromBlock: 0n })
}

/** Expects `promise` to reject with a VerifierCallRevertedError named `errorName`; returns the error. */
async function expectRevert(promise: Promise<unknown>, errorName: string) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(VerifierCallRevertedError)
  expect((err as VerifierCallRevertedError).errorName).toBe(errorName)
  return err as VerifierCallRevertedError
}

// Invalid variants of the valid proof of model A.
const tampered: Record<string, () => ProofResult> = {
  'A negated (on curve, wrong)': () => ({ ...valid, proof: { ...valid.proof, pi_a: [valid.proof.pi_a[0]!, (Q - BigInt(valid.proof.pi_a[1]!)).toString(), '1'] } }),
  'C replaced by A (on curve, wrong)': () => ({ ...valid, proof: { ...valid.proof, pi_c: valid.proof.pi_a } }),
  'A.x + 1 (off curve)': () => ({ ...valid, proof: { ...valid.proof, pi_a: [(BigInt(valid.proof.pi_a[0]!) + 1n).toString(), valid.proof.pi_a[1]!, '1'] } }),
  'B with c0/c1 not swapped': () => ({
    ...valid,
    proof: { ...valid.proof, pi_b: valid.proof.pi_b.map((c, i) => (i < 2 ? [c[1]!, c[0]!] : c)) },
  }),
  'output signal + 1': () => ({ ...valid, publicSignals: [(BigInt(valid.publicSignals[0]!) + 1n).toString(), ...valid.publicSignals.slice(1)] }),
  'public input changed': () => ({ ...valid, publicSignals: [valid.publicSignals[0]!, '11', valid.publicSignals[2]!] }),
  'proof of model B': () => validB,
}

describe('a valid proof', () => {
  it('is accepted by the adapter: event decoded, gas recorded', async () => {
    const before = (await verifiedEvents(adapterA)).length
    const { receipt, gasUsed, event } = await submitProof({ ...clients, address: adapterA }, valid)
    expect(receipt.status).toBe('success')
    expect(event).toEqual({
      modelHash: MODEL_A,
      vkeyHash: vkeyHash(modelA.vkey),
      sender: anvil.accounts[0]!.address,
      publicSignalsHash: keccak256(encodePacked(['uint256[]'], [valid.publicSignals.map(BigInt)])),
    })
    expect(gasUsed).toBe(receipt.gasUsed)
    expect(gasUsed).toBeGreaterThan(200_000n) // a pairing check happened
    expect(gasUsed).toBeLessThan(verifyGasLimit(3))
    expect((await verifiedEvents(adapterA)).length).toBe(before + 1)
  })

  it('is accepted through a client that carries a chain, and by eth_call on adapter and raw verifier', async () => {
    const withChain = createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[1]!.privateKey, chain: foundry })
    const { event } = await submitProof({ ...withChain, address: adapterA }, valid)
    expect(event.sender).toBe(anvil.accounts[1]!.address)
    expect(await verifyOnChain({ publicClient: clients.publicClient, address: adapterA }, valid)).toBe(true)
    expect(await verifyOnChain({ publicClient: clients.publicClient, address: verifierA, kind: 'verifier' }, valid)).toBe(true)
  })

  it('reads the adapter configuration back', async () => {
    const read = (functionName: 'verifier' | 'modelHash' | 'vkeyHash' | 'publicSignalCount' | 'weightsHashIndex' | 'weightsHash' | 'messageIndex') =>
      clients.publicClient.readContract({ address: adapterA, abi: zkmlVerifiedAbi, functionName })
    expect(await read('verifier')).toBe(verifierA)
    expect(await read('modelHash')).toBe(MODEL_A)
    expect(await read('vkeyHash')).toBe(vkeyHash(modelA.vkey))
    expect(await read('publicSignalCount')).toBe(3n)
    expect(await read('weightsHashIndex')).toBe(NO_SIGNAL)
    expect(await read('weightsHash')).toBe(0n)
    expect(await read('messageIndex')).toBe(NO_SIGNAL)
  })
})

describe('an invalid proof', () => {
  for (const [label, make] of Object.entries(tampered)) {
    it(`is rejected: ${label}`, async () => {
      const bad = make()
      const before = (await verifiedEvents(adapterA)).length
      // Raw verifier: false. Adapter: InvalidProof, in simulation and in a mined transaction.
      expect(await verifyOnChain({ publicClient: clients.publicClient, address: verifierA, kind: 'verifier' }, bad)).toBe(false)
      expect(await verifyOnChain({ publicClient: clients.publicClient, address: adapterA }, bad)).toBe(false)
      await expectRevert(submitProof({ ...clients, address: adapterA }, bad), 'InvalidProof')
      const mined = await expectRevert(submitProof({ ...clients, address: adapterA, simulate: false }, bad), 'InvalidProof')
      expect(mined.transactionHash).toMatch(/^0x[0-9a-f]{64}$/)
      const receipt = await clients.publicClient.getTransactionReceipt({ hash: mined.transactionHash as Hex })
      expect(receipt.status).toBe('reverted')
      expect(parseEventLogs({ abi: zkmlVerifiedAbi, logs: receipt.logs })).toHaveLength(0)
      expect((await verifiedEvents(adapterA)).length).toBe(before) // nothing recorded
    })
  }

  it('a proof of model A is rejected by model B’s adapter', async () => {
    await expectRevert(submitProof({ ...clients, address: adapterB }, valid), 'InvalidProof')
    expect(await verifyOnChain({ publicClient: clients.publicClient, address: adapterB }, validB)).toBe(true)
  })

  it('a public signal ≥ r (same value mod r) is rejected on chain', async () => {
    const alias = { ...valid, publicSignals: [(BigInt(valid.publicSignals[0]!) + R).toString(), ...valid.publicSignals.slice(1)] }
    expect(await verifyOnChain({ publicClient: clients.publicClient, address: verifierA, kind: 'verifier' }, alias)).toBe(false)
    await expectRevert(submitProof({ ...clients, address: adapterA }, alias), 'InvalidProof')
  })
})

describe('verifyOnChain', () => {
  it('agrees with snarkjs.groth16.verify on valid and invalid proofs', async () => {
    const other = await modelA.prove({ x: 123456789n, y: 987654321n, publicInputs: [0n, 42n] })
    const cases: [string, ProofResult][] = [
      ['valid', valid],
      ['valid, other inputs', other],
      ...Object.entries(tampered).map(([label, make]) => [label, make()] as [string, ProofResult]),
    ]
    for (const [label, result] of cases) {
      const local = await sn.groth16.verify(
        modelA.vkey,
        result.publicSignals.map(String),
        result.proof as Parameters<typeof sn.groth16.verify>[2],
      )
      const onChain = await verifyOnChain({ publicClient: clients.publicClient, address: adapterA }, result)
      expect({ label, onChain }).toEqual({ label, onChain: local })
    }
  })

  it('throws (not false) on a wrong public signal count', async () => {
    const short = { ...valid, publicSignals: valid.publicSignals.slice(0, 2) }
    const err = await expectRevert(verifyOnChain({ publicClient: clients.publicClient, address: adapterA }, short), 'WrongPublicSignalCount')
    expect(err.args).toEqual([3n, 2n])
    await expectRevert(submitProof({ ...clients, address: adapterA }, short), 'WrongPublicSignalCount')
  })

  it('never reports a valid proof as InvalidProof for lack of gas', async () => {
    const outcomes = new Set<string>()
    for (let gas = 180_000n; gas <= 280_000n; gas += 2_000n) {
      try {
        await verifyOnChain({ publicClient: clients.publicClient, address: adapterA, gas }, valid)
        outcomes.add('ok')
      } catch (err) {
        expect(err).toBeInstanceOf(VerifierCallRevertedError)
        expect((err as VerifierCallRevertedError).errorName).not.toBe('InvalidProof')
        outcomes.add(String((err as VerifierCallRevertedError).errorName))
      }
    }
    expect(outcomes).toContain('ok')
    expect(outcomes).toContain('InsufficientGasForVerification')
  })
})

describe('registry', () => {
  it('deploys once per (statement, verifier code) and reuses the deployment', async () => {
    const { address: registry } = await deployRegistry(clients)
    const first = await deployVerifier({ ...clients, registry }, artifactsA)
    expect(first.reused).toBe(false)
    expect(first.transactionHashes).toHaveLength(1)
    expect(first.vkeyHash).toBe(artifactsA.vkeyHash)
    expect(await clients.publicClient.readContract({ address: registry, abi: zkmlRegistryAbi, functionName: 'adapterOf', args: [registryKey(artifactsA)] })).toBe(first.address)
    const [log] = await clients.publicClient.getContractEvents({ address: registry, abi: zkmlRegistryAbi, eventName: 'VerifierDeployed', fromBlock: 0n })
    expect(log!.args).toMatchObject({ key: registryKey(artifactsA), modelHash: MODEL_A, vkeyHash: artifactsA.vkeyHash, adapter: first.address })
    const blockBefore = await clients.publicClient.getBlockNumber()
    const second = await deployVerifier({ ...clients, registry }, artifactsA)
    expect(second).toEqual({ ...first, reused: true, transactionHashes: [] })
    expect(await clients.publicClient.getBlockNumber()).toBe(blockBefore) // no transaction sent
    // Another label, or another pin, is another statement: another adapter.
    const otherModel = await deployVerifier({ ...clients, registry }, { ...artifactsA, modelHash: MODEL_B })
    expect(otherModel.address).not.toBe(first.address)
    const pinned = await deployVerifier({ ...clients, registry }, { ...artifactsA, weightsHash: { index: 2, value: toHex(20n, { size: 32 }) } })
    expect(pinned.address).not.toBe(first.address)
    const { event } = await submitProof({ ...clients, address: first.address, vkeyHash: artifactsA.vkeyHash }, valid)
    expect(event).toMatchObject({ modelHash: MODEL_A, vkeyHash: artifactsA.vkeyHash })
    expect(await verifyOnChain({ publicClient: clients.publicClient, address: first.verifierAddress, kind: 'verifier' }, valid)).toBe(true)
    expect(first.address).not.toBe(zeroAddress)
  })

  it('refuses a statement whose vkeyHash the verifier does not report', async () => {
    const { address: registry } = await deployRegistry(clients)
    // Model A's label and hash with model B's verifier code: the adapter's constructor refuses it.
    const err = await expectRevert(deployVerifier({ ...clients, registry }, { ...artifactsA, verifier: artifactsB.verifier }), 'VkeyHashMismatch')
    expect(err.args).toEqual([artifactsA.vkeyHash, artifactsB.vkeyHash])
  })
})

describe('vkeyHash', () => {
  it('the verifier computes the same vkeyHash as JS from vkey.json; adapter and events carry it', async () => {
    const onChain = await clients.publicClient.readContract({ address: verifierA, abi: verifierKeyAbi, functionName: 'vkeyHash' })
    expect(onChain).toBe(vkeyHash(modelA.vkey))
    expect(vkeyHash(modelB.vkey)).not.toBe(onChain)
    const events = await verifiedEvents(adapterA)
    expect(events.length).toBeGreaterThan(0)
    for (const e of events) expect(e.args.vkeyHash).toBe(onChain)
  })

  it('a deployment whose verifier carries another key is refused before the adapter is sent', async () => {
    const err = await deployVerifier(clients, { ...artifactsA, vkeyHash: artifactsB.vkeyHash }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(VkeyHashMismatchError)
    expect(err).toMatchObject({ expected: artifactsB.vkeyHash, actual: artifactsA.vkeyHash })
  })

  it('submitProof and verifyOnChain pinned to a vkeyHash refuse an adapter or verifier with another key', async () => {
    const pin = { vkeyHash: artifactsA.vkeyHash }
    expect(await verifyOnChain({ publicClient: clients.publicClient, address: adapterA, ...pin }, valid)).toBe(true)
    expect(await verifyOnChain({ publicClient: clients.publicClient, address: verifierA, kind: 'verifier', ...pin }, valid)).toBe(true)
    await expect(verifyOnChain({ publicClient: clients.publicClient, address: adapterB, ...pin }, validB)).rejects.toBeInstanceOf(VkeyHashMismatchError)
    const before = await clients.publicClient.getBlockNumber()
    await expect(submitProof({ ...clients, address: adapterB, ...pin }, validB)).rejects.toBeInstanceOf(VkeyHashMismatchError)
    expect(await clients.publicClient.getBlockNumber()).toBe(before) // nothing sent
  })
})

describe('statement pins', () => {
  it('a weightsHash pin rejects a valid proof for another value of that signal (WeightsHashMismatch)', async () => {
    // Signal 2 plays the hidden-weights commitment: the adapter expects 20.
    const pinned = await deployVerifier(clients, { ...artifactsA, weightsHash: { index: 2, value: toHex(20n, { size: 32 }) } })
    expect(await verifyOnChain({ publicClient: clients.publicClient, address: pinned.address }, valid)).toBe(true)
    const other = await modelA.prove({ x: 6n, y: 7n, publicInputs: [10n, 21n] })
    expect(await sn.groth16.verify(modelA.vkey, other.publicSignals, other.proof)).toBe(true) // the key alone accepts it
    expect(await verifyOnChain({ publicClient: clients.publicClient, address: verifierA, kind: 'verifier' }, other)).toBe(true)
    expect(await verifyOnChain({ publicClient: clients.publicClient, address: pinned.address }, other)).toBe(false)
    const err = await expectRevert(submitProof({ ...clients, address: pinned.address }, other), 'WeightsHashMismatch')
    expect(err.args).toEqual([20n, 21n])
  })

  it('an inheriting contract binds the message to msg.sender', async () => {
    const source = `// SPDX-License-Identifier: GPL-3.0-or-later
      pragma solidity ^0.8.24;
      import {ZkmlVerified} from "contracts/ZkmlVerified.sol";
      contract SenderBound is ZkmlVerified {
        event Claimed(address who);
        constructor(address v, Statement memory s) ZkmlVerified(v, s) {}
        function claim(uint256[2] calldata a, uint256[2][2] calldata b, uint256[2] calldata c, uint256[] calldata signals) external {
          _verifyProofWithMessage(a, b, c, signals, uint160(msg.sender));
          emit Claimed(msg.sender);
        }
      }`
    const { abi, bytecode } = await compileSolidity({ sources: { 'SenderBound.sol': source }, contract: 'SenderBound' })
    const [alice, bob] = [anvil.accounts[0]!.address, anvil.accounts[1]!.address]
    const statement = { modelHash: MODEL_A, vkeyHash: artifactsA.vkeyHash, publicSignalCount: 3n, weightsHashIndex: NO_SIGNAL, weightsHash: 0n, messageIndex: 1n }
    const hash = await clients.walletClient.deployContract({ abi, bytecode, args: [verifierA, statement], account: clients.walletClient.account!, chain: null })
    const address = (await clients.publicClient.waitForTransactionReceipt({ hash })).contractAddress!
    const forAlice = await modelA.prove({ x: 6n, y: 7n, publicInputs: [BigInt(alice), 20n] })
    expect(await clients.publicClient.readContract({ address, abi: zkmlVerifiedAbi, functionName: 'messageOf', args: [forAlice.publicSignals.map(BigInt)] })).toBe(BigInt(alice))
    const args = toCalldataArgs(forAlice)
    const bobClients = createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[1]!.privateKey })
    const stolen = await clients.publicClient
      .simulateContract({ address, abi, functionName: 'claim', args, account: bobClients.walletClient.account!, gas: 1_000_000n })
      .catch((e: unknown) => e)
    expect(String((stolen as Error).message)).toMatch(/MessageMismatch/)
    expect(String((stolen as Error).message)).toContain(BigInt(bob).toString())
    const ok = await clients.walletClient.writeContract({ address, abi, functionName: 'claim', args, account: clients.walletClient.account!, chain: null, gas: 1_000_000n })
    expect((await clients.publicClient.waitForTransactionReceipt({ hash: ok })).status).toBe('success')
    // An adapter without a message signal refuses messageOf.
    await expect(clients.publicClient.readContract({ address: adapterA, abi: zkmlVerifiedAbi, functionName: 'messageOf', args: [valid.publicSignals.map(BigInt)] })).rejects.toThrow(/NoMessageSignal/)
  })
})

describe('failures', () => {
  it('an RPC that is down gives RpcUnavailableError, not a hang', { timeout: 15_000 }, async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number }
        server.close(() => resolve(port))
      })
    })
    const down = createChainClients({ rpcUrl: `http://127.0.0.1:${port}`, privateKey: anvil.accounts[0]!.privateKey })
    await expect(verifyOnChain({ publicClient: down.publicClient, address: adapterA }, valid)).rejects.toBeInstanceOf(RpcUnavailableError)
    await expect(submitProof({ ...down, address: adapterA }, valid)).rejects.toBeInstanceOf(RpcUnavailableError)
    await expect(
      deployVerifier(down, artifactsA),
    ).rejects.toBeInstanceOf(RpcUnavailableError)
    const err = await deployRegistry(down).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RpcUnavailableError)
    expect((err as RpcUnavailableError).url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/?$`))
  })

  it('an unfunded account gives InsufficientFundsError', async () => {
    const poor = createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: generatePrivateKey() })
    const account = poor.walletClient.account!.address
    const err = await submitProof({ ...poor, address: adapterA }, valid).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InsufficientFundsError)
    expect((err as InsufficientFundsError).account).toBe(account)
    await expect(
      deployVerifier(poor, artifactsA),
    ).rejects.toBeInstanceOf(InsufficientFundsError)
  })

  it('too low an explicit gas limit is a named revert, not InvalidProof', async () => {
    await expectRevert(submitProof({ ...clients, address: adapterA, gas: 150_000n }, valid), 'InsufficientGasForVerification')
  })
})
