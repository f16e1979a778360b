/**
 * End to end against real anvil and real snarkjs: dev setup of the identity circuit, verifier +
 * PoseidonT3 + IrisRegistry deployment, enrollment, proofs on the holder's side, verifyPersonhood,
 * and every refusal: a proof submitted by another account (front-running), replay, impostor,
 * unknown root, a root beyond the history (by count and by age), tampered proof, wrong issuer; the
 * two-step issuer transfer; the identity set as a standard artifact set (manifest, sha256, setup
 * policy); the enrollment station's deduplication; and a station-enrolled identity proved through
 * the prover worker's generic statement API.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Address, BaseError, createTestClient, decodeErrorResult, encodeDeployData, http, isHex, zeroAddress } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createChainClients } from '../../src/chain/createChainClients.js'
import { VerifierCallRevertedError } from '../../src/errors/chain.js'
import { releaseSnarkjs, verifyGroth16 } from '../../src/prove/groth16.js'
import { type AnvilInstance, startAnvil } from '../../src/node/anvil.js'
import { buildVerifier } from '../../src/node/verifier.js'
import { type BuildIdentityArtifactsReturnType, type IdentityArtifacts, buildIdentityArtifacts, decodeIdentityArtifacts } from '../../src/identity/artifacts.js'
import { parseManifest } from '../../src/compile/checkManifest.js'
import { ArtifactHashMismatchError } from '../../src/errors/artifact.js'
import { DuplicateEnrollmentError } from '../../src/errors/enrollment.js'
import { InsecureSetupError } from '../../src/errors/runtime.js'
import { StatementMismatchError } from '../../src/errors/statement.js'
import { vkeyHash } from '../../src/chain/vkeyHash.js'
import { assertTrustedSetup } from '../../src/setup/trust.js'
import { IRIS_THRESHOLD } from '../../src/identity/config.js'
import { identityCommitment, identityLeaf, irisCode, randomFieldElement } from '../../src/identity/identity.js'
import { isNullifierUsed } from '../../src/identity/registry/isNullifierUsed.js'
import { createEnrollmentStation } from '../../src/identity/station.js'
import type { IdentityProofOutput } from '../../src/identity/witness.js'
import { loadArtifacts } from '../../src/runtime/loadArtifacts.js'
import { deserializeError } from '../../src/runtime/workerErrors.js'
import { proverWorkerApi } from '../../src/runtime/worker/prover.js'
import { sha256Hex } from '../../src/utils/hex.js'
import { InvalidIdentityInputError, IrisNoMatchError, RegistryOutOfSyncError } from '../../src/identity/errors.js'
import { irisRegistryAbi } from '../../src/identity/generated/irisRegistry.js'
import { createIdentity, identityNullifier } from '../../src/identity/identity.js'
import { capture, irisStrip } from '../../src/identity/iris.js'
import { merkleProof, merkleRoot } from '../../src/identity/merkle.js'
import { type ProveIdentityReturnType, proveIdentity } from '../../src/identity/prove.js'
import { acceptIssuer } from '../../src/identity/registry/acceptIssuer.js'
import { cancelIssuerTransfer } from '../../src/identity/registry/cancelIssuerTransfer.js'
import { DEFAULT_ROOT_VALIDITY, deployIrisRegistry, linkIrisRegistry } from '../../src/identity/registry/deployIrisRegistry.js'
import { enrollLeaf } from '../../src/identity/registry/enroll.js'
import { proposeIssuer } from '../../src/identity/registry/proposeIssuer.js'
import { readRegistry } from '../../src/identity/registry/readLeaves.js'
import { toPersonhoodCalldata, verifyPersonhood } from '../../src/identity/registry/verifyPersonhood.js'

type Clients = ReturnType<typeof createChainClients>
let artifacts: IdentityArtifacts
let built: BuildIdentityArtifactsReturnType
let anvil: AnvilInstance
let issuer: Clients
let holder: Clients
let attacker: Clients
let registry: Address
let deployed: Awaited<ReturnType<typeof deployIrisRegistry>>
const alice = irisStrip({ seed: 'alice' })
const aliceId = createIdentity({ capture: capture({ strip: alice, seed: 'alice-enroll' }) })
const others = ['bob', 'carol', 'dave', 'erin'].map((s) => createIdentity({ capture: capture({ strip: irisStrip({ seed: s }), seed: `${s}-enroll` }) }))
const enrolled: bigint[] = []
let first: ProveIdentityReturnType
/** The holder's address as a uint160: the message every honest proof binds. */
let holderMessage: bigint

/** Rejects with a VerifierCallRevertedError named `name`; returns it. */
async function expectRevert(promise: Promise<unknown>, name: string): Promise<VerifierCallRevertedError> {
  const err = await promise.then(() => undefined, (e: unknown) => e)
  expect(err).toBeInstanceOf(VerifierCallRevertedError)
  expect((err as VerifierCallRevertedError).errorName).toBe(name)
  return err as VerifierCallRevertedError
}

const prove = (scope: bigint, scan: Uint8Array, leaves = enrolled, message = holderMessage) =>
  proveIdentity({ artifacts, capture: scan, ...aliceId, merkleProof: merkleProof({ leaves, leaf: aliceId.leaf }), scope, message })

/** `eth_call` of verifyPersonhood from the holder: resolves when it would be accepted now. */
const wouldVerify = (p: ProveIdentityReturnType) =>
  holder.publicClient.simulateContract({
    address: registry,
    abi: irisRegistryAbi,
    functionName: 'verifyPersonhood',
    args: toPersonhoodCalldata(p.proof, p.publicSignals),
    account: holder.walletClient.account!,
    gas: 1_000_000n,
  })

const read = <const F extends 'issuer' | 'pendingIssuer' | 'rootCount'>(address: Address, functionName: F) =>
  issuer.publicClient.readContract({ address, abi: irisRegistryAbi, functionName })
const isValidRoot = (root: bigint, address = registry) => issuer.publicClient.readContract({ address, abi: irisRegistryAbi, functionName: 'isValidRoot', args: [root] })
const nullifierUsed = (scope: bigint, nullifier: bigint) =>
  issuer.publicClient.readContract({ address: registry, abi: irisRegistryAbi, functionName: 'nullifierUsed', args: [scope, nullifier] })

/** A second registry on the same verifier and PoseidonT3 (for tests that change its issuer or root window). */
const deployAnother = async (parameters: { rootValidity?: bigint }) =>
  (await deployIrisRegistry({ ...issuer, verifier: deployed.verifierAddress, poseidonT3: deployed.poseidonT3, ...parameters })).address

beforeAll(async () => {
  built = await buildIdentityArtifacts({ onnx: readFileSync(join(import.meta.dirname, '..', '..', 'models', 'iriscode.onnx')) })
  artifacts = decodeIdentityArtifacts({ manifest: JSON.stringify(built.manifest), files: built.files }) // checked as the browser loads them
  const verifier = JSON.parse(new TextDecoder().decode((await buildVerifier(built.vkey)).artifact)) as { bytecode: `0x${string}` }
  anvil = await startAnvil()
  issuer = createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[0]!.privateKey })
  holder = createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[1]!.privateKey })
  attacker = createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[2]!.privateKey })
  holderMessage = BigInt(anvil.accounts[1]!.address)
  deployed = await deployIrisRegistry({ ...issuer, verifier: { bytecode: verifier.bytecode } })
  registry = deployed.address
})

afterAll(async () => {
  await anvil?.stop()
  await releaseSnarkjs()
})

describe('IrisRegistry', () => {
  it('enrolls leaves; the TypeScript LeanIMT root equals the contract root after every enrollment', async () => {
    expect(await issuer.publicClient.readContract({ address: registry, abi: irisRegistryAbi, functionName: 'rootValidity' })).toBe(DEFAULT_ROOT_VALIDITY)
    for (const leaf of [others[0]!.leaf, others[1]!.leaf, aliceId.leaf, others[2]!.leaf]) {
      const { root, index } = await enrollLeaf({ ...issuer, address: registry, leaf })
      enrolled.push(leaf)
      expect(index).toBe(BigInt(enrolled.length - 1))
      expect(root).toBe(merkleRoot({ leaves: enrolled }))
    }
    const snapshot = await readRegistry({ publicClient: issuer.publicClient, address: registry })
    expect(snapshot.leaves).toEqual(enrolled)
    expect(snapshot.root).toBe(merkleRoot({ leaves: enrolled }))
    expect(snapshot.blockNumber).toBe(await issuer.publicClient.getBlockNumber({ cacheTime: 0 }))
  })

  it('readRegistry refuses an incomplete event range (the leaves would not rebuild the root)', async () => {
    const latest = await issuer.publicClient.getBlockNumber({ cacheTime: 0 })
    const err = await readRegistry({ publicClient: issuer.publicClient, address: registry, fromBlock: latest }).then(() => undefined, (e: unknown) => e)
    expect(err).toBeInstanceOf(RegistryOutOfSyncError)
    expect((err as RegistryOutOfSyncError).size).toBe(4n)
    expect((err as RegistryOutOfSyncError).leafCount).toBe(1)
  })

  it('refuses enrollment by a non-issuer and a repeated leaf', async () => {
    await expectRevert(enrollLeaf({ ...holder, address: registry, leaf: others[3]!.leaf }), 'NotIssuer')
    await expectRevert(enrollLeaf({ ...issuer, address: registry, leaf: aliceId.leaf }), 'LeafAlreadyExists')
  })

  it('refuses the holder’s proof from any other account (front-running), on simulation and mined', async () => {
    first = await prove(1n, capture({ strip: alice, seed: 'alice-scan-1', shift: 1 }))
    expect(first.publicSignals).toEqual([merkleRoot({ leaves: enrolled }), identityNullifier({ scope: 1n, secret: aliceId.secret }), 1n, holderMessage].map(String))
    expect(await verifyGroth16({ vkey: artifacts.vkey as never, proof: first.proof, publicSignals: first.publicSignals })).toBe(true)
    // The attacker copies the holder's calldata from the mempool.
    const simulated = await expectRevert(verifyPersonhood({ ...attacker, address: registry, proof: first.proof, publicSignals: first.publicSignals }), 'MessageNotSender')
    expect(simulated.args).toEqual([holderMessage, anvil.accounts[2]!.address])
    expect(simulated.transactionHash).toBeUndefined()
    // Sent without simulation: mined, reverted, and decoded.
    const mined = await expectRevert(
      verifyPersonhood({ ...attacker, address: registry, proof: first.proof, publicSignals: first.publicSignals, simulate: false }),
      'MessageNotSender',
    )
    expect((await issuer.publicClient.getTransactionReceipt({ hash: mined.transactionHash as `0x${string}` })).status).toBe('reverted')
    // Rewriting the message to the attacker's own address breaks the proof (message is a public signal).
    const rewritten = [...first.publicSignals.slice(0, 3), BigInt(anvil.accounts[2]!.address).toString()]
    await expectRevert(verifyPersonhood({ ...attacker, address: registry, proof: first.proof, publicSignals: rewritten }), 'InvalidProof')
    expect(await nullifierUsed(1n, first.nullifier)).toBe(false)
  })

  it('accepts the honest proof from its own account: Verified event, nullifier spent once', async () => {
    const { gasUsed, event } = await verifyPersonhood({ ...holder, address: registry, proof: first.proof, publicSignals: first.publicSignals })
    expect(event).toEqual({ scope: 1n, nullifier: first.nullifier, message: holderMessage, root: first.root })
    console.log(`verifyPersonhood gas: ${gasUsed} (distance ${first.distance}, rotation ${first.shift}; witness ${first.timings.witnessMs.toFixed(0)} ms, prove ${first.timings.proveMs.toFixed(0)} ms)`)
    expect(gasUsed).toBeLessThan(300_000n)
    expect(await nullifierUsed(1n, first.nullifier)).toBe(true)
    await expectRevert(verifyPersonhood({ ...holder, address: registry, proof: first.proof, publicSignals: first.publicSignals }), 'NullifierUsed')
  })

  it('refuses an unknown root, a tampered proof and another scope', async () => {
    const [root, nullifier, , message] = first.publicSignals as [string, string, string, string]
    const other = (scope: string, r = root) => [r, nullifier, scope, message]
    await expectRevert(verifyPersonhood({ ...holder, address: registry, proof: first.proof, publicSignals: other('1', (BigInt(root) + 1n).toString()) }), 'UnknownRoot')
    await expectRevert(verifyPersonhood({ ...holder, address: registry, proof: first.proof, publicSignals: other('1', '0') }), 'UnknownRoot')
    // Scope 7 has no spent nullifier: the proof itself is what fails.
    await expectRevert(verifyPersonhood({ ...holder, address: registry, proof: first.proof, publicSignals: other('7') }), 'InvalidProof')
    const tampered = { ...first.proof, pi_c: first.proof.pi_a }
    const fresh = await prove(2n, capture({ strip: alice, seed: 'alice-scan-2', shift: -1, occlusion: 0.15 }))
    await expectRevert(verifyPersonhood({ ...holder, address: registry, proof: tampered, publicSignals: fresh.publicSignals }), 'InvalidProof')
    // The untampered proof in scope 2 still goes through.
    const { event } = await verifyPersonhood({ ...holder, address: registry, proof: fresh.proof, publicSignals: fresh.publicSignals })
    expect(event.scope).toBe(2n)
  })

  it('accepts a recently replaced root (root history) after a new enrollment', async () => {
    const oldLeaves = [...enrolled]
    await enrollLeaf({ ...issuer, address: registry, leaf: others[3]!.leaf })
    enrolled.push(others[3]!.leaf)
    const proof = await prove(3n, capture({ strip: alice, seed: 'alice-scan-3' }), oldLeaves)
    expect(proof.root).toBe(merkleRoot({ leaves: oldLeaves }))
    expect(proof.root).not.toBe(merkleRoot({ leaves: enrolled }))
    const { event } = await verifyPersonhood({ ...holder, address: registry, proof: proof.proof, publicSignals: proof.publicSignals })
    expect(event.root).toBe(proof.root)
  })

  it('refuses a root once ROOT_HISTORY_SIZE newer roots exist (RootExpired), and accepts it until then', async () => {
    const historySize = await issuer.publicClient.readContract({ address: registry, abi: irisRegistryAbi, functionName: 'ROOT_HISTORY_SIZE' })
    expect(historySize).toBe(32n)
    const stale = await prove(5n, capture({ strip: alice, seed: 'alice-scan-5' }))
    expect(stale.root).toBe(await issuer.publicClient.readContract({ address: registry, abi: irisRegistryAbi, functionName: 'root' }))
    await wouldVerify(stale)
    // 31 more roots: the proof's root is the oldest one still in the history.
    for (let k = 0n; k < historySize - 1n; k++) {
      await enrollLeaf({ ...issuer, address: registry, leaf: 10_000n + k })
      enrolled.push(10_000n + k)
    }
    expect(await isValidRoot(stale.root)).toBe(true)
    await wouldVerify(stale)
    // One more and it has left the history.
    await enrollLeaf({ ...issuer, address: registry, leaf: 20_000n })
    enrolled.push(20_000n)
    expect(await isValidRoot(stale.root)).toBe(false)
    await expectRevert(verifyPersonhood({ ...holder, address: registry, proof: stale.proof, publicSignals: stale.publicSignals }), 'RootExpired')
    expect(await nullifierUsed(5n, stale.nullifier)).toBe(false)
    // The holder reads the registry again and proves against the current root: accepted.
    const { leaves } = await readRegistry({ publicClient: holder.publicClient, address: registry })
    expect(leaves).toEqual(enrolled)
    const again = await prove(5n, capture({ strip: alice, seed: 'alice-scan-5b' }), leaves)
    expect((await verifyPersonhood({ ...holder, address: registry, proof: again.proof, publicSignals: again.publicSignals })).event.nullifier).toBe(stale.nullifier)
  })

  it('refuses a replaced root once rootValidity seconds have passed; the current root stays valid', async () => {
    const proof = await prove(6n, capture({ strip: alice, seed: 'alice-scan-6' }))
    await enrollLeaf({ ...issuer, address: registry, leaf: 30_000n })
    enrolled.push(30_000n)
    await wouldVerify(proof) // replaced a moment ago: still in the window
    const testClient = createTestClient({ mode: 'anvil', transport: http(anvil.rpcUrl) })
    await testClient.increaseTime({ seconds: Number(DEFAULT_ROOT_VALIDITY) })
    await testClient.mine({ blocks: 1 })
    await expectRevert(verifyPersonhood({ ...holder, address: registry, proof: proof.proof, publicSignals: proof.publicSignals }), 'RootExpired')
    expect(await isValidRoot(merkleRoot({ leaves: enrolled }))).toBe(true)
  })

  it('with rootValidity 0 accepts only the current root', async () => {
    const strict = await deployAnother({ rootValidity: 0n })
    const { root: r1 } = await enrollLeaf({ ...issuer, address: strict, leaf: 1n })
    expect(await isValidRoot(r1, strict)).toBe(true)
    const { root: r2 } = await enrollLeaf({ ...issuer, address: strict, leaf: 2n })
    expect([await isValidRoot(r1, strict), await isValidRoot(r2, strict), await isValidRoot(0n, strict)]).toEqual([false, true, false])
    expect(await read(strict, 'rootCount')).toBe(2n)
  })

  it('an impostor capture yields no witness and no proof (typed error, nothing sent)', async () => {
    const impostor = capture({ strip: irisStrip({ seed: 'mallory' }), seed: 'mallory-scan' })
    const err = await prove(4n, impostor).then(() => undefined, (e: unknown) => e)
    expect(err).toBeInstanceOf(IrisNoMatchError)
    expect((err as IrisNoMatchError).distance).toBeGreaterThan((err as IrisNoMatchError).threshold)
    expect((err as IrisNoMatchError).shortMessage).toMatch(/No match/)
  })
})

describe('IrisRegistry issuer transfer', () => {
  it('refuses the zero address at deployment (client check and the contract’s ZeroIssuer)', async () => {
    const err = await deployIrisRegistry({ ...issuer, verifier: deployed.verifierAddress, poseidonT3: deployed.poseidonT3, issuer: zeroAddress }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(InvalidIdentityInputError)
    expect((err as InvalidIdentityInputError).field).toBe('issuer')
    // The constructor itself refuses it too (eth_call of the creation code).
    const data = encodeDeployData({ abi: irisRegistryAbi, bytecode: linkIrisRegistry(deployed.poseidonT3), args: [deployed.verifierAddress, zeroAddress, 0n] })
    const err2 = await issuer.publicClient.call({ data, account: anvil.accounts[0]!.address }).then(() => undefined, (e: unknown) => e)
    expect(err2).toBeInstanceOf(BaseError)
    // The node's revert data rides on the RPC error inside viem's CallExecutionError.
    const reverted = (err2 as BaseError).walk((x) => isHex((x as { data?: unknown }).data)) as { data: `0x${string}` } | null
    expect(decodeErrorResult({ abi: irisRegistryAbi, data: reverted!.data }).errorName).toBe('ZeroIssuer')
  })

  it('moves the role in two steps (propose → accept) and rejects address(0)', async () => {
    const address = await deployAnother({})
    const [a0, a1, a2] = anvil.accounts as [AnvilInstance['accounts'][0], AnvilInstance['accounts'][0], AnvilInstance['accounts'][0]]
    const next = holder // account #1
    await expectRevert(proposeIssuer({ ...issuer, address, newIssuer: zeroAddress }), 'ZeroIssuer')
    await expectRevert(proposeIssuer({ ...next, address, newIssuer: a1.address }), 'NotIssuer')
    await expectRevert(acceptIssuer({ ...next, address }), 'NotPendingIssuer') // nothing proposed

    const proposed = await proposeIssuer({ ...issuer, address, newIssuer: a1.address })
    expect(proposed).toMatchObject({ issuer: a0.address, pendingIssuer: a1.address })
    // Proposing moves nothing: the old issuer still enrolls, the proposed one cannot yet.
    expect([await read(address, 'issuer'), await read(address, 'pendingIssuer')]).toEqual([a0.address, a1.address])
    await enrollLeaf({ ...issuer, address, leaf: 11n })
    await expectRevert(enrollLeaf({ ...next, address, leaf: 12n }), 'NotIssuer')
    await expectRevert(acceptIssuer({ ...attacker, address }), 'NotPendingIssuer')

    const accepted = await acceptIssuer({ ...next, address })
    expect(accepted).toMatchObject({ previousIssuer: a0.address, issuer: a1.address })
    expect([await read(address, 'issuer'), await read(address, 'pendingIssuer')]).toEqual([a1.address, zeroAddress])
    await expectRevert(enrollLeaf({ ...issuer, address, leaf: 12n }), 'NotIssuer')
    await enrollLeaf({ ...next, address, leaf: 12n })
    await expectRevert(acceptIssuer({ ...next, address }), 'NotPendingIssuer') // the proposal is used up

    // A proposal can be withdrawn; the withdrawn account can then not accept.
    await expectRevert(cancelIssuerTransfer({ ...next, address }), 'NoPendingIssuer')
    await proposeIssuer({ ...next, address, newIssuer: a2.address })
    expect((await cancelIssuerTransfer({ ...next, address })).cancelled).toBe(a2.address)
    await expectRevert(acceptIssuer({ ...attacker, address }), 'NotPendingIssuer')
    expect(await read(address, 'issuer')).toBe(a1.address)
  })
})

describe('the identity statement as an artifact set', () => {
  it('lists every file with its sha256 and size, names its statement, setup and vkeyHash; tampering and model loaders are refused', async () => {
    const { manifest, files } = built
    expect(Object.keys(manifest.files).sort()).toEqual(['circuit.json', 'circuit.zkey', 'model.onnx', 'vkey.json'])
    for (const [name, entry] of Object.entries(manifest.files)) expect({ sha256: sha256Hex(files[name]!), size: files[name]!.length }).toEqual(entry)
    expect(manifest).toMatchObject({ format: 'zkml-artifacts', version: 2, statement: 'identity', identity: { threshold: IRIS_THRESHOLD, codeBits: 512, merkleDepth: 16 } })
    expect(manifest.vkeyHash).toBe(vkeyHash(built.vkey as never))
    // The setup policy applies: a dev-setup key is refused unless the caller opts in.
    expect(() => assertTrustedSetup({ setup: manifest.setup, operation: 'prove' })).toThrow(InsecureSetupError)
    expect(assertTrustedSetup({ setup: manifest.setup, vkey: built.vkey as never, allowInsecureSetup: true, operation: 'prove' }).kind).toBe('dev-insecure')
    // The browser loader reads it (sha256 per file) as the identity statement, and only as that.
    const loaded = await loadArtifacts({ source: { manifest: JSON.stringify(manifest), files }, statement: 'identity' })
    // (Byte comparisons with Buffer.equals: a deep toEqual over a 19 MB array enumerates every index.)
    expect(Buffer.from(loaded.files.zkey!).equals(files['circuit.zkey']!)).toBe(true)
    await expect(loadArtifacts({ source: { manifest: JSON.stringify(manifest), files } })).rejects.toThrow(StatementMismatchError)
    expect(() => parseManifest(JSON.stringify(manifest))).toThrow(StatementMismatchError)
    // One flipped byte of the proving key: refused before use.
    const zkey = files['circuit.zkey']!.slice()
    zkey[zkey.length >> 1]! ^= 1
    expect(() => decodeIdentityArtifacts({ manifest, files: { ...files, 'circuit.zkey': zkey } })).toThrow(ArtifactHashMismatchError)
    await expect(loadArtifacts({ source: { manifest, files: { ...files, 'circuit.zkey': zkey } }, statement: 'identity' })).rejects.toThrow(ArtifactHashMismatchError)
  })
})

describe('the enrollment station (the orb) and the generic statement prover', () => {
  let address: Address
  let station: ReturnType<typeof createEnrollmentStation>
  const device = () => {
    const salt = randomFieldElement()
    const secret = randomFieldElement()
    return { salt, secret, commitment: identityCommitment({ secret }) }
  }
  const alice1 = device()
  let aliceTemplate: Uint8Array
  let aliceLeaf: bigint
  const size = () => issuer.publicClient.readContract({ address, abi: irisRegistryAbi, functionName: 'size' })

  it('refuses the same iris again (another capture, another secret) and accepts a different iris', async () => {
    address = await deployAnother({})
    station = createEnrollmentStation({ ...issuer, address })
    const scan1 = capture({ strip: alice, seed: 'station-alice-1' })
    const first = await station.enroll({ capture: scan1, salt: alice1.salt, commitment: alice1.commitment })
    // The station computed the leaf from its own capture's code and the device's salt and commitment.
    expect(first.template).toEqual(irisCode({ strip: scan1 }))
    expect(first.leaf).toBe(identityLeaf({ template: first.template, salt: alice1.salt, secret: alice1.secret }))
    expect(first.index).toBe(0n)
    aliceTemplate = first.template
    aliceLeaf = first.leaf

    const alice2 = device()
    const err = await station.enroll({ capture: capture({ strip: alice, seed: 'station-alice-2', noise: 9, occlusion: 0.12 }), salt: alice2.salt, commitment: alice2.commitment }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DuplicateEnrollmentError)
    expect(err).toMatchObject({ enrolledIndex: 0, threshold: IRIS_THRESHOLD })
    expect((err as DuplicateEnrollmentError).distance).toBeLessThanOrEqual(IRIS_THRESHOLD)
    expect(await size()).toBe(1n) // nothing was sent

    const bob = device()
    const second = await station.enroll({ capture: capture({ strip: irisStrip({ seed: 'bob' }), seed: 'station-bob' }), salt: bob.salt, commitment: bob.commitment })
    expect(second.index).toBe(1n)
    expect(await size()).toBe(2n)
    expect(station.enrolled().map((e) => e.leaf)).toEqual([first.leaf, second.leaf])
  })

  it('keeps refusing after a restart from its stored index; deduplicates only over that index; needs the issuer key', async () => {
    const tilted = irisCode({ strip: capture({ strip: alice, seed: 'station-alice-3', shift: 1 }) })
    const restarted = createEnrollmentStation({ ...issuer, address, enrolled: station.enrolled() })
    expect(restarted.findDuplicate(tilted)).toMatchObject({ enrolledIndex: 0 })
    // A station without this index (another station that does not share it) cannot see the duplicate.
    expect(createEnrollmentStation({ ...issuer, address }).findDuplicate(tilted)).toBeUndefined()
    const mallory = device()
    await expectRevert(createEnrollmentStation({ ...attacker, address }).enroll({ capture: capture({ strip: irisStrip({ seed: 'mallory' }), seed: 'm' }), ...mallory }), 'NotIssuer')
  })

  it('a station-enrolled identity proves through the prover worker API (statement "identity") and verifies on chain once', async () => {
    await proverWorkerApi.init({ circuit: built.files['circuit.json']!, zkey: built.files['circuit.zkey']!, statement: 'identity', warm: false })
    const { leaves } = await readRegistry({ publicClient: holder.publicClient, address })
    const scope = 5n
    const nullifier = identityNullifier({ scope, secret: alice1.secret })
    expect(await isNullifierUsed({ publicClient: holder.publicClient, address, scope, nullifier })).toBe(false)
    const input = { template: aliceTemplate, salt: alice1.salt, secret: alice1.secret, merkleProof: merkleProof({ leaves, leaf: aliceLeaf }), scope, message: holderMessage }
    const proved = await proverWorkerApi.proveStatement({ ...input, capture: capture({ strip: alice, seed: 'verify-1', shift: -1 }) })
    const output = proved.output as IdentityProofOutput
    expect(output.nullifier).toBe(nullifier)
    expect(proved.publicSignals).toEqual([merkleRoot({ leaves }), nullifier, scope, holderMessage].map(String))
    const { event } = await verifyPersonhood({ ...holder, address, proof: proved.proof, publicSignals: proved.publicSignals })
    expect(event.nullifier).toBe(nullifier)
    expect(await isNullifierUsed({ publicClient: holder.publicClient, address, scope, nullifier })).toBe(true)
    // The statement's typed errors cross the worker boundary as themselves.
    const impostor = deserializeError(await proverWorkerApi.proveStatement({ ...input, capture: capture({ strip: irisStrip({ seed: 'eve' }), seed: 'e' }) }).catch((e: unknown) => e))
    expect(impostor).toBeInstanceOf(IrisNoMatchError)
    expect((impostor as IrisNoMatchError).distance).toBeGreaterThan(IRIS_THRESHOLD)
  })
})
