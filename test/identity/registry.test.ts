/**
 * End to end against real anvil and real snarkjs: dev setup of the identity circuit, verifier +
 * PoseidonT3 + IrisRegistry deployment, enrollment, proofs on the holder's side, verifyPersonhood,
 * and every refusal (replay, impostor, unknown root, tampered proof, wrong issuer).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Address } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createChainClients } from '../../src/chain/createChainClients.js'
import { VerifierCallRevertedError } from '../../src/errors/chain.js'
import { releaseSnarkjs, verifyGroth16 } from '../../src/prove/groth16.js'
import { type AnvilInstance, startAnvil } from '../../src/node/anvil.js'
import { buildVerifier } from '../../src/node/verifier.js'
import { type IdentityArtifacts, buildIdentityArtifacts, decodeIdentityArtifacts, encodeIdentityArtifacts } from '../../src/identity/artifacts.js'
import { IrisNoMatchError } from '../../src/identity/errors.js'
import { createIdentity, identityNullifier } from '../../src/identity/identity.js'
import { capture, irisStrip } from '../../src/identity/iris.js'
import { merkleProof, merkleRoot } from '../../src/identity/merkle.js'
import { type ProveIdentityReturnType, proveIdentity } from '../../src/identity/prove.js'
import { deployIrisRegistry } from '../../src/identity/registry/deployIrisRegistry.js'
import { enrollLeaf } from '../../src/identity/registry/enroll.js'
import { readRegistry } from '../../src/identity/registry/readLeaves.js'
import { verifyPersonhood } from '../../src/identity/registry/verifyPersonhood.js'

let artifacts: IdentityArtifacts
let anvil: AnvilInstance
let issuer: ReturnType<typeof createChainClients>
let holder: ReturnType<typeof createChainClients>
let registry: Address
const alice = irisStrip({ seed: 'alice' })
const aliceId = createIdentity({ capture: capture({ strip: alice, seed: 'alice-enroll' }) })
const others = ['bob', 'carol', 'dave', 'erin'].map((s) => createIdentity({ capture: capture({ strip: irisStrip({ seed: s }), seed: `${s}-enroll` }) }))
const enrolled: bigint[] = []
let first: ProveIdentityReturnType
const recipient = 0x70997970c51812dc3a010c7d01b50e0d17dc79c8n

/** Rejects with a VerifierCallRevertedError named `name`. */
async function expectRevert(promise: Promise<unknown>, name: string) {
  const err = await promise.then(() => undefined, (e: unknown) => e)
  expect(err).toBeInstanceOf(VerifierCallRevertedError)
  expect((err as VerifierCallRevertedError).errorName).toBe(name)
}

const prove = (scope: bigint, scan: Uint8Array, leaves = enrolled) =>
  proveIdentity({ artifacts, capture: scan, ...aliceId, merkleProof: merkleProof({ leaves, leaf: aliceId.leaf }), scope, message: recipient })

beforeAll(async () => {
  const built = await buildIdentityArtifacts({ onnx: readFileSync(join(import.meta.dirname, '..', '..', 'models', 'iriscode.onnx')) })
  artifacts = decodeIdentityArtifacts(encodeIdentityArtifacts(built)) // what the browser will load
  const verifier = JSON.parse(new TextDecoder().decode((await buildVerifier(built.vkey)).artifact)) as { bytecode: `0x${string}` }
  anvil = await startAnvil()
  issuer = createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[0]!.privateKey })
  holder = createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[1]!.privateKey })
  registry = (await deployIrisRegistry({ ...issuer, verifier: { bytecode: verifier.bytecode } })).address
})

afterAll(async () => {
  await anvil?.stop()
  await releaseSnarkjs()
})

describe('IrisRegistry', () => {
  it('enrolls leaves; the TypeScript LeanIMT root equals the contract root after every enrollment', async () => {
    for (const leaf of [others[0]!.leaf, others[1]!.leaf, aliceId.leaf, others[2]!.leaf]) {
      const { root, index } = await enrollLeaf({ ...issuer, address: registry, leaf })
      enrolled.push(leaf)
      expect(index).toBe(BigInt(enrolled.length - 1))
      expect(root).toBe(merkleRoot({ leaves: enrolled }))
    }
    const read = await readRegistry({ publicClient: issuer.publicClient, address: registry })
    expect(read.leaves).toEqual(enrolled)
    expect(read.root).toBe(merkleRoot({ leaves: enrolled }))
  })

  it('refuses enrollment by a non-issuer and a repeated leaf', async () => {
    await expectRevert(enrollLeaf({ ...holder, address: registry, leaf: others[3]!.leaf }), 'NotIssuer')
    await expectRevert(enrollLeaf({ ...issuer, address: registry, leaf: aliceId.leaf }), 'LeafAlreadyExists')
  })

  it('accepts a fresh capture of an enrolled identity: Verified event, nullifier spent', async () => {
    first = await prove(1n, capture({ strip: alice, seed: 'alice-scan-1', shift: 1 }))
    expect(first.publicSignals).toEqual([merkleRoot({ leaves: enrolled }), identityNullifier({ scope: 1n, secret: aliceId.secret }), 1n, recipient].map(String))
    expect(await verifyGroth16({ vkey: artifacts.vkey as never, proof: first.proof, publicSignals: first.publicSignals })).toBe(true)
    const { gasUsed, event } = await verifyPersonhood({ ...holder, address: registry, proof: first.proof, publicSignals: first.publicSignals })
    expect(event).toEqual({ scope: 1n, nullifier: first.nullifier, message: recipient, root: first.root })
    console.log(`verifyPersonhood gas: ${gasUsed} (distance ${first.distance}, rotation ${first.shift}; witness ${first.timings.witnessMs.toFixed(0)} ms, prove ${first.timings.proveMs.toFixed(0)} ms)`)
    expect(gasUsed).toBeLessThan(300_000n)
    expect(await holder.publicClient.readContract({ address: registry, abi: (await import('../../src/identity/generated/irisRegistry.js')).irisRegistryAbi, functionName: 'nullifierUsed', args: [1n, first.nullifier] })).toBe(true)
  })

  it('refuses a replay in the same scope (NullifierUsed)', async () => {
    await expectRevert(verifyPersonhood({ ...holder, address: registry, proof: first.proof, publicSignals: first.publicSignals }), 'NullifierUsed')
  })

  it('refuses an unknown root, a tampered proof and a changed message', async () => {
    const [root, nullifier, , message] = first.publicSignals as [string, string, string, string]
    const other = (scope: string, r = root, m = message) => [r, nullifier, scope, m]
    await expectRevert(verifyPersonhood({ ...holder, address: registry, proof: first.proof, publicSignals: other('1', (BigInt(root) + 1n).toString()) }), 'UnknownRoot')
    // Scope 7 has no spent nullifier: the proof itself is what fails.
    await expectRevert(verifyPersonhood({ ...holder, address: registry, proof: first.proof, publicSignals: other('7') }), 'InvalidProof')
    await expectRevert(verifyPersonhood({ ...holder, address: registry, proof: first.proof, publicSignals: [root, nullifier, '1', '5'] }), 'NullifierUsed')
    const tampered = { ...first.proof, pi_c: first.proof.pi_a }
    const fresh = await prove(2n, capture({ strip: alice, seed: 'alice-scan-2', shift: -1, occlusion: 0.15 }))
    await expectRevert(verifyPersonhood({ ...holder, address: registry, proof: tampered, publicSignals: fresh.publicSignals }), 'InvalidProof')
    await expectRevert(
      verifyPersonhood({ ...holder, address: registry, proof: fresh.proof, publicSignals: [...fresh.publicSignals.slice(0, 3), '1234'] }),
      'InvalidProof',
    )
    // The untampered proof in scope 2 still goes through.
    const { event } = await verifyPersonhood({ ...holder, address: registry, proof: fresh.proof, publicSignals: fresh.publicSignals })
    expect(event.scope).toBe(2n)
  })

  it('keeps old roots valid (root history) after new enrollments', async () => {
    const oldLeaves = [...enrolled]
    await enrollLeaf({ ...issuer, address: registry, leaf: others[3]!.leaf })
    enrolled.push(others[3]!.leaf)
    const proof = await prove(3n, capture({ strip: alice, seed: 'alice-scan-3' }), oldLeaves)
    expect(proof.root).toBe(merkleRoot({ leaves: oldLeaves }))
    expect(proof.root).not.toBe(merkleRoot({ leaves: enrolled }))
    const { event } = await verifyPersonhood({ ...holder, address: registry, proof: proof.proof, publicSignals: proof.publicSignals })
    expect(event.root).toBe(proof.root)
  })

  it('an impostor capture yields no witness and no proof (typed error, nothing sent)', async () => {
    const impostor = capture({ strip: irisStrip({ seed: 'mallory' }), seed: 'mallory-scan' })
    const err = await prove(4n, impostor).then(() => undefined, (e: unknown) => e)
    expect(err).toBeInstanceOf(IrisNoMatchError)
    expect((err as IrisNoMatchError).distance).toBeGreaterThan((err as IrisNoMatchError).threshold)
    expect((err as IrisNoMatchError).shortMessage).toMatch(/No match/)
  })
})
