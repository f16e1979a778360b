/**
 * HumanGate's rules on a real anvil, with proofs from Node (`prove`) of the committed classifier
 * on features of synthetic trajectories: a human-like proof claims once per epoch, for its own
 * address; a scripted one is refused (NotHuman); a copied proof (ProofForAnotherAddress), a proof
 * for another epoch (WrongEpoch), a tampered score and a proof under another key (InvalidProof) are
 * refused. The browser flow is examples/captcha/captcha.spec.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Address } from 'viem'
import { compile, prove, startAnvil, type AnvilInstance } from '@zkml/web/node'
import { createChainClients, toCalldata } from '@zkml/web/chain'
import { FIELD_PRIME } from '@zkml/web/compiler'
import { read, revertOf, send, type Clients } from '../shared/chain.js'
import { bindingMessage } from '../shared/message.js'
import { trajectoryFeatures } from './features.js'
import { deployGate, FAUCET, type Gate } from './gate.js'
import { humanTrajectory, scriptedTrajectory } from './trajectories.js'
import { MIN_SCORE, MODEL_DIR } from './train.js'

let dir: string
let anvil: AnvilInstance
let owner: Clients, alice: Clients, bob: Clients
let gate: Gate

const addr = (c: Clients): Address => c.walletClient.account!.address
const humanFeatures = Array.from(trajectoryFeatures(humanTrajectory({ seed: 77 })))
const botFeatures = Array.from(trajectoryFeatures(scriptedTrajectory({ seed: 77, kind: 'curve' })))

type ProofLike = { proof: Parameters<typeof toCalldata>[0]; publicSignals: readonly string[] }
const claim = (c: Clients, p: ProofLike) => send(c, { address: gate.address, abi: gate.abi, functionName: 'claim', args: toCalldata(p.proof, p.publicSignals) })
const refusal = async (p: Promise<unknown>) => {
  try {
    await p
  } catch (e) {
    return revertOf(e) ?? { name: `not a revert: ${(e as Error).message.split('\n')[0]}`, args: [] }
  }
  return { name: 'accepted', args: [] }
}
const epoch = () => read<bigint>(owner, gate.address, gate.abi, 'currentEpoch')
const balance = (c: Clients) => read<bigint>(owner, gate.token, gate.tokenAbi, 'balanceOf', [addr(c)])
/** A proof of `features` bound to `account` and `epochOf` (default: now). */
const proveFor = async (artifacts: string, features: number[], account: Address, epochOf?: bigint) => prove({ dir: artifacts, input: features, message: bindingMessage({ account, counter: epochOf ?? (await epoch()) }) })
/** Moves the chain's clock past the current epoch. */
async function nextEpoch(): Promise<void> {
  for (const [method, params] of [['evm_increaseTime', [86_400]], ['evm_mine', []]] as const)
    await fetch(anvil.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zkml-gate-'))
  await compile({ model: join(MODEL_DIR, 'human.onnx'), calibration: join(MODEL_DIR, 'calibration.json'), out: join(dir, 'human'), message: true, ortReference: false })
  anvil = await startAnvil()
  ;[owner, alice, bob] = [0, 1, 2].map((i) => createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[i]!.privateKey })) as [Clients, Clients, Clients]
  gate = await deployGate({ owner, artifactsDir: join(dir, 'human'), minScore: MIN_SCORE })
}, 600_000)

afterAll(async () => {
  await anvil?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('HumanGate', () => {
  it('pays a human score once per epoch, to the address the proof is bound to', async () => {
    const proof = await proveFor(join(dir, 'human'), humanFeatures, addr(alice))
    expect(proof.circuitOutput['score']![0]!).toBeGreaterThanOrEqual(MIN_SCORE)
    const before = await balance(alice)
    await claim(alice, proof)
    expect(await balance(alice)).toBe(before + FAUCET.drip * 10n ** 18n)
    expect(await refusal(claim(alice, proof))).toEqual({ name: 'AlreadyClaimed', args: [addr(alice), await epoch()] })
    // A fresh proof in the same epoch does not help either.
    expect(await refusal(claim(alice, await proveFor(join(dir, 'human'), humanFeatures, addr(alice))))).toMatchObject({ name: 'AlreadyClaimed' })
  })

  it('refuses a valid proof of a scripted movement (NotHuman), naming the proven score', async () => {
    const proof = await proveFor(join(dir, 'human'), botFeatures, addr(bob))
    const r = await refusal(claim(bob, proof))
    expect(r.name).toBe('NotHuman')
    const [score, min] = r.args as [bigint, bigint]
    expect(min).toBe(gate.minScoreInt)
    expect(score).toBeLessThan(min)
    // The score is the proof's public signal, decoded as a signed integer.
    const signal = BigInt(proof.publicSignals[0]!)
    expect(score).toBe(signal > FIELD_PRIME / 2n ? signal - FIELD_PRIME : signal)
  })

  it('refuses a proof copied by another address (front-running) and a proof for another epoch', async () => {
    const forBob = await proveFor(join(dir, 'human'), humanFeatures, addr(bob))
    expect(await refusal(claim(alice, forBob))).toEqual({ name: 'ProofForAnotherAddress', args: [addr(bob), addr(alice)] })
    const now = await epoch()
    const stale = await proveFor(join(dir, 'human'), humanFeatures, addr(bob), now - 1n)
    expect(await refusal(claim(bob, stale))).toEqual({ name: 'WrongEpoch', args: [now, now - 1n] })
  })

  it('refuses a tampered score and a proof under another key (InvalidProof)', async () => {
    const proof = await proveFor(join(dir, 'human'), botFeatures, addr(bob))
    const forged = { ...proof, publicSignals: [String(gate.minScoreInt + 1000n), ...proof.publicSignals.slice(1)] }
    expect(await refusal(claim(bob, forged))).toEqual({ name: 'InvalidProof', args: [] })
    // The same model compiled again has a new key (a new setup): its proofs do not verify here.
    await compile({ model: join(MODEL_DIR, 'human.onnx'), calibration: join(MODEL_DIR, 'calibration.json'), out: join(dir, 'rekeyed'), message: true, ortReference: false })
    const other = await proveFor(join(dir, 'rekeyed'), humanFeatures, addr(bob))
    expect(await refusal(claim(bob, other))).toEqual({ name: 'InvalidProof', args: [] })
  })

  it('opens again in the next epoch, for a proof bound to it', async () => {
    const stale = await proveFor(join(dir, 'human'), humanFeatures, addr(alice))
    await nextEpoch()
    expect(await refusal(claim(alice, stale))).toMatchObject({ name: 'WrongEpoch' })
    const before = await balance(alice)
    await claim(alice, await proveFor(join(dir, 'human'), humanFeatures, addr(alice)))
    expect(await balance(alice)).toBe(before + FAUCET.drip * 10n ** 18n)
  })
})
