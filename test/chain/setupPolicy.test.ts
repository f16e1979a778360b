/**
 * The setup policy on the chain side: generated verifiers carry the INSECURE_DEV marker for
 * untrusted setups, and deployVerifier refuses them (before any RPC) unless told otherwise.
 */
import { createServer } from 'node:net'
import { describe, expect, it, beforeAll } from 'vitest'
import { createChainClients } from '../../src/chain/createChainClients.js'
import { deployVerifier } from '../../src/chain/deployVerifier.js'
import { buildVerifier, type VerifierArtifact } from '../../src/node/verifier.js'
import { devSetup, devSetupRecord } from '../../src/setup/devSetup.js'
import { hasInsecureVerifierMarker } from '../../src/setup/trust.js'
import { chainCircuit } from '../../src/formats/testFixtures.js'
import { ForgeableVerificationKeyError, InsecureSetupError } from '../../src/errors/setup.js'
import { RpcUnavailableError } from '../../src/errors/chain.js'
import { vkeyHash } from '../../src/chain/vkeyHash.js'
import type { SetupProvenance } from '../../src/compile/manifest.js'
import type { Groth16VerificationKey } from '../../src/prove/groth16.js'

const ANVIL_KEY_0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const MODEL = `0x${'11'.repeat(32)}` as const
const decode = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b)) as VerifierArtifact

let vkey: Groth16VerificationKey
let setup: SetupProvenance
let marked: VerifierArtifact
let plain: VerifierArtifact
let down: ReturnType<typeof createChainClients>

beforeAll(async () => {
  const { r1cs } = chainCircuit({ steps: 10, nPublic: 2 })
  const res = await devSetup({ r1cs })
  vkey = res.vkey
  setup = devSetupRecord(res.provenance)
  marked = decode((await buildVerifier(vkey, { setup })).artifact)
  plain = decode((await buildVerifier(vkey)).artifact)
  // A loopback port with nothing listening: any RPC call fails with RpcUnavailableError.
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
  down = createChainClients({ rpcUrl: `http://127.0.0.1:${port}`, privateKey: ANVIL_KEY_0 })
}, 120_000)

describe('buildVerifier', () => {
  it('marks the bytecode INSECURE_DEV for a dev key, not without a provenance', () => {
    expect(hasInsecureVerifierMarker(marked.bytecode)).toBe(true)
    expect(marked.abi).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'ZKML_SETUP' })]))
    expect(hasInsecureVerifierMarker(plain.bytecode)).toBe(false)
  })

  it('refuses a key with δ = γ', async () => {
    await expect(buildVerifier({ ...vkey, vk_delta_2: vkey.vk_gamma_2 })).rejects.toThrow(ForgeableVerificationKeyError)
  })
})

describe('deployVerifier', () => {
  const artifacts = (bytecode: `0x${string}`, extra: object = {}) => ({ modelHash: MODEL, vkeyHash: vkeyHash(vkey as never), nPublic: 2, verifier: { bytecode }, ...extra })

  it('refuses a marked verifier or an untrusted setup before sending anything', async () => {
    await expect(deployVerifier(down, artifacts(marked.bytecode))).rejects.toThrow(InsecureSetupError)
    await expect(deployVerifier(down, artifacts(plain.bytecode, { setup }))).rejects.toThrow(InsecureSetupError)
    const err = await deployVerifier(down, artifacts(marked.bytecode, { setup })).catch((e: unknown) => e)
    expect(err).toMatchObject({ name: 'InsecureSetupError', operation: 'deploy', setupKind: 'dev-insecure' })
  })

  it('refuses a key with δ = γ even when insecure setups are allowed', async () => {
    await expect(
      deployVerifier({ ...down, allowInsecureSetup: true }, artifacts(plain.bytecode, { vkey: { ...vkey, vk_delta_2: vkey.vk_gamma_2 } })),
    ).rejects.toThrow(ForgeableVerificationKeyError)
  })

  it('goes ahead (here: to a dead RPC) when explicitly allowed, or when nothing marks the key untrusted', async () => {
    await expect(deployVerifier({ ...down, allowInsecureSetup: true }, artifacts(marked.bytecode, { setup, vkey }))).rejects.toThrow(RpcUnavailableError)
    await expect(deployVerifier(down, artifacts(plain.bytecode, { vkey }))).rejects.toThrow(RpcUnavailableError)
  })
})
