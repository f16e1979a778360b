/**
 * The trading vault end to end on a real anvil: the committed signal model compiled with a hashed
 * input and a message signal, proofs from Node (`prove`) and from headless Chromium
 * (`proveInference`), the vault's rules. A valid signal trades once; a replay, another caller, a
 * nonce out of order, a tampered output and another model's proof are refused with named errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Address } from 'viem'
import { compile, exportWeb, prove, startAnvil, type AnvilInstance } from '@zkml/web/node'
import { createChainClients } from '@zkml/web/chain'
import { deploy, read, revertOf, type Clients } from '../shared/chain.js'
import { bindingMessage } from '../shared/message.js'
import { hasChromium } from '../shared/chromium.js'
import { readJson } from '../shared/files.js'
import { proveInChromium } from './browser.js'
import { trainSignalModel } from './train.js'
import { deployMarket, deployVault, nextMessage, openInputCommitment, trade, vaultContracts, vaultState, type Market, type Vault } from './vault.js'

const MODEL = join(import.meta.dirname, 'model')
const inputs = readJson<Record<'up' | 'down' | 'hold', { features: number[] }>>(join(MODEL, 'inputs.json'))

let dir: string
let anvil: AnvilInstance
let owner: Clients, alice: Clients, bob: Clients, carol: Clients
let market: Market
let vault: Vault
let other: string

const addr = (c: Clients): Address => c.walletClient.account!.address
/** The named error a promise rejects with. */
const refusal = async (p: Promise<unknown>) => {
  try {
    await p
  } catch (e) {
    return revertOf(e) ?? { name: `not a revert: ${(e as Error).message.split('\n')[0]}`, args: [] }
  }
  return { name: 'accepted', args: [] }
}
/** The nonce the trader's next proof must carry (tests share one vault, so each reads it first). */
const nonceOf = (c: Clients) => read<bigint>(owner, vault.address, vault.abi, 'nonces', [addr(c)])
/** A proof of `features` bound to `message`. */
const proveFor = (artifacts: string, features: number[], message: bigint) => prove({ dir: artifacts, input: features, message })

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zkml-vault-'))
  const options = { input: 'hashed', message: true, ortReference: false } as const
  await compile({ model: join(MODEL, 'signal.onnx'), calibration: join(MODEL, 'calibration.json'), out: join(dir, 'signal'), ...options })
  // Another model of the same shape (another training seed): its own circuit and key.
  await writeFile(join(dir, 'other.onnx'), trainSignalModel({ seed: 2, seriesSeed: 7 }).onnx)
  other = join(dir, 'other')
  await compile({ model: join(dir, 'other.onnx'), calibration: join(MODEL, 'calibration.json'), out: other, ...options })
  anvil = await startAnvil()
  ;[owner, alice, bob, carol] = [0, 1, 2, 3].map((i) => createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[i]!.privateKey })) as [Clients, Clients, Clients, Clients]
  market = await deployMarket(owner)
  vault = await deployVault({ owner, market, artifactsDir: join(dir, 'signal'), traders: [addr(alice), addr(bob)] })
}, 600_000)

afterAll(async () => {
  await anvil?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('ProvenSignalVault', () => {
  it('binds each proof to its trader and nonce: (nonce << 160) | trader', async () => {
    expect(await nextMessage(owner, vault, addr(alice))).toBe(bindingMessage({ account: addr(alice), counter: await nonceOf(alice) }))
  })

  it('trades once on a valid signal; the replay is refused (SignalReplayed)', async () => {
    const before = await vaultState(owner, vault, market)
    const nonce = await nonceOf(alice)
    const proof = await proveFor(join(dir, 'signal'), inputs.up.features, await nextMessage(alice, vault, addr(alice)))
    expect(proof.circuitOutput['signal']).toEqual([1])
    const t = await trade(alice, vault, proof)
    expect(t).toMatchObject({ signal: 'up', nonce, tokenIn: market.quote, amountIn: before.quote / 10n })
    const after = await vaultState(owner, vault, market)
    expect(after.quote).toBe(before.quote - t.amountIn)
    expect(after.base).toBe(before.base + t.amountOut)
    expect(after.price).toBeGreaterThan(before.price)
    // The same proof again, by its own trader: the nonce is spent.
    expect(await refusal(trade(alice, vault, proof))).toEqual({ name: 'SignalReplayed', args: [nonce, nonce + 1n] })
    expect(await vaultState(owner, vault, market)).toEqual(after)
  })

  it('refuses a proof submitted by anyone but its trader (front-running), and non-traders', async () => {
    const proof = await proveFor(join(dir, 'signal'), inputs.down.features, await nextMessage(alice, vault, addr(alice)))
    expect(await refusal(trade(bob, vault, proof))).toEqual({ name: 'SignalForAnotherTrader', args: [addr(alice), addr(bob)] })
    expect(await refusal(trade(carol, vault, proof))).toEqual({ name: 'NotTrader', args: [addr(carol)] })
    // Its trader can still use it.
    expect((await trade(alice, vault, proof)).signal).toBe('down')
  })

  it('refuses a nonce out of order (NonceMismatch)', async () => {
    const nonce = await nonceOf(alice)
    const proof = await proveFor(join(dir, 'signal'), inputs.hold.features, bindingMessage({ account: addr(alice), counter: nonce + 5n }))
    expect(await refusal(trade(alice, vault, proof))).toEqual({ name: 'NonceMismatch', args: [nonce, nonce + 5n] })
  })

  it('refuses a tampered output (InvalidProof) and accepts the untampered proof', async () => {
    const proof = await proveFor(join(dir, 'signal'), inputs.down.features, await nextMessage(bob, vault, addr(bob)))
    expect(proof.publicSignals[0]).toBe('2')
    for (const forged of ['1', '0']) {
      const tampered = { ...proof, publicSignals: [forged, ...proof.publicSignals.slice(1)] }
      expect(await refusal(trade(bob, vault, tampered))).toEqual({ name: 'InvalidProof', args: [] })
    }
    const t = await trade(bob, vault, proof)
    expect(t).toMatchObject({ signal: 'down', tokenIn: market.base })
  })

  it("refuses another model's proof (InvalidProof) and a vault pinned to another key (WrongModel)", async () => {
    const proof = await proveFor(other, inputs.up.features, await nextMessage(alice, vault, addr(alice)))
    expect(await refusal(trade(alice, vault, proof))).toEqual({ name: 'InvalidProof', args: [] })
    // Deploying a vault for the other model's verifier while pinning this model's key fails.
    const otherVault = deployVault({ owner, market, artifactsDir: other, expectedVkeyHash: vault.vkeyHash, traders: [] })
    const r = await refusal(otherVault)
    expect(r.name).toBe('WrongModel')
    expect(r.args[0]).toBe(vault.vkeyHash)
  })

  it("keeps the input private but committed: the logged inputHash opens only with the trader's features and salt", async () => {
    const proof = await proveFor(join(dir, 'signal'), inputs.up.features, await nextMessage(alice, vault, addr(alice)))
    const t = await trade(alice, vault, proof)
    const salt = BigInt(proof.inputSalt!)
    expect(openInputCommitment({ manifest: vault.manifest, features: inputs.up.features, salt })).toBe(t.inputHash)
    expect(openInputCommitment({ manifest: vault.manifest, features: inputs.down.features, salt })).not.toBe(t.inputHash)
    expect(openInputCommitment({ manifest: vault.manifest, features: inputs.up.features, salt: salt + 1n })).not.toBe(t.inputHash)
    // Nothing about the features is in the transaction's public signals but the commitment.
    expect(proof.publicSignals).toHaveLength(3)
  })

  it.skipIf(!hasChromium())('trades on a signal proved in headless Chromium (proveInference), bound the same way', async () => {
    const web = join(dir, 'web')
    await exportWeb({ dir: join(dir, 'signal'), out: web })
    const nonce = await nonceOf(bob)
    const message = await nextMessage(bob, vault, addr(bob))
    const { proofs } = await proveInChromium({ webDir: web, jobs: [{ features: inputs.up.features, message }] })
    const result = proofs[0]!.result
    expect(result.circuitOutput['signal']).toEqual([1])
    expect(result.message).toBe(message.toString())
    // Front-running the browser's proof fails too; its trader trades.
    expect(await refusal(trade(alice, vault, result))).toMatchObject({ name: 'SignalForAnotherTrader' })
    expect(await trade(bob, vault, result)).toMatchObject({ signal: 'up', nonce })
  }, 300_000)

  it('pins its model: the vault reports the artifacts’ vkeyHash and refuses a statement without a message', async () => {
    expect(await read(owner, vault.address, vault.abi, 'vkeyHash')).toBe(vault.vkeyHash)
    const c = await vaultContracts()
    const statement = { modelHash: vault.manifest.modelHash, vkeyHash: vault.vkeyHash, publicSignalCount: 3n, weightsHashIndex: (1n << 256n) - 1n, weightsHash: 0n, messageIndex: (1n << 256n) - 1n }
    const r = await refusal(deploy(owner, c.ProvenSignalVault!, [vault.verifier, statement, vault.vkeyHash, 0n, 1n, market.pool, 1000n]))
    expect(r).toEqual({ name: 'InvalidLayout', args: [] })
  })
})
