/**
 * The Groth16 forgeries of the security review (findings 1 and 2), against every kind of key this
 * project writes: the dev setup (secret random δ), a ceremony key with one secret contribution, and
 * one with a contribution and a public beacon. Both attacks need only the public verification key:
 * - the γ = δ forgery A = α, B = β, C = −vk_x;
 * - the beacon forgery: δ recomputed from the public beacon (as `snarkjs zkey beacon` derives it),
 *   C = −vk_x / δ.
 * Positive controls show each attack does succeed against the keys it targets (a `zkey new` key
 * with γ = δ, a beacon-only key), so a pass here means something; those keys are refused by
 * `exportVerificationKey`, the verifier builder and the setup policy.
 * Uses a real snarkjs powers-of-tau (2^8: new → contribute → prepare phase 2) and a tiny circuit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as snarkjs from 'snarkjs'
import { buildBn128 } from 'ffjavascript'
// snarkjs's own beacon-to-randomness derivation (internal, untyped): the attacker's exact computation.
// @ts-expect-error snarkjs ships no types
import { rngFromBeaconParams } from '../../node_modules/snarkjs/src/misc.js'
import { chainCircuit } from '../../src/formats/testFixtures.js'
import { writeR1cs } from '../../src/formats/r1cs.js'
import { writeWtns } from '../../src/formats/wtns.js'
import { devSetup, devSetupRecord } from '../../src/setup/devSetup.js'
import { ceremonySetup } from '../../src/setup/ceremonySetup.js'
import { exportVerificationKey } from '../../src/setup/verificationKey.js'
import type { Groth16VerificationKey } from '../../src/prove/groth16.js'
import { assertTrustedSetup, classifySetup } from '../../src/setup/trust.js'
import { renderVerifierSource } from '../../src/chain/verifierSource.js'
import { readGroth16VerifierTemplate } from '../../src/node/verifierTemplate.js'
import { ForgeableVerificationKeyError, InsecureSetupError } from '../../src/errors/setup.js'
import type { SetupProvenance } from '../../src/compile/manifest.js'

type Mem = { type: 'mem'; data?: Uint8Array }
const mem = (data: Uint8Array): Mem => ({ type: 'mem', data })
const quiet = { info() {}, warn() {}, debug() {}, error() {} }
const BEACON = '0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20'
const BEACON_EXP = 10
/** Public signals the forger claims (3 signals: out, p1, p2), including "impossible" ones. */
const CLAIMS = [['0', '0', '0'], ['1000000', '7', '8'], ['123456789', '1', '2']]

// ffjavascript's curve, typed as far as used here.
type Point = unknown
type Group = { fromObject(o: bigint[] | bigint[][]): Point; toObject(p: Point): unknown; toAffine(p: Point): Point; add(a: Point, b: Point): Point; neg(p: Point): Point; timesScalar(p: Point, k: bigint): Point; timesFr(p: Point, k: unknown): Point; eq(a: Point, b: Point): boolean; g: Point }
type Curve = { G1: Group; G2: Group; Fr: { fromRng(rng: unknown): unknown; inv(x: unknown): unknown }; terminate(): Promise<void> }
let curve: Curve

type KeyKind = { name: string; vkey: Groth16VerificationKey; zkey: Uint8Array; setup: SetupProvenance }
const ours: KeyKind[] = []
let gammaEqualsDeltaKey: { zkey: Uint8Array; vkey: Groth16VerificationKey }
let beaconOnlyKey: { zkey: Uint8Array; vkey: Groth16VerificationKey }
const { r1cs, witness } = chainCircuit({ steps: 20, nPublic: 3 })

const big = (p: unknown): unknown => (Array.isArray(p) ? p.map(big) : BigInt(p as string))
const strings = (p: unknown): unknown => (Array.isArray(p) ? p.map(strings) : String(p))

/** vk_x = IC0 + Σ s_i·IC_i. */
function vkX(vkey: Groth16VerificationKey, signals: string[]): Point {
  let acc = curve.G1.fromObject(big(vkey.IC[0]) as bigint[])
  signals.forEach((s, i) => (acc = curve.G1.add(acc, curve.G1.timesScalar(curve.G1.fromObject(big(vkey.IC[i + 1]) as bigint[]), BigInt(s)))))
  return acc
}
const proofOf = (vkey: Groth16VerificationKey, C: Point) => ({
  pi_a: vkey.vk_alpha_1,
  pi_b: vkey.vk_beta_2,
  pi_c: strings(curve.G1.toObject(curve.G1.toAffine(C))) as string[],
  protocol: 'groth16',
  curve: 'bn128',
})

/** The γ = δ forgery: A = α, B = β, C = −vk_x. */
async function trivialForgeryVerifies(vkey: Groth16VerificationKey, signals: string[]): Promise<boolean> {
  return snarkjs.groth16.verify(vkey, signals, proofOf(vkey, curve.G1.neg(vkX(vkey, signals))), quiet)
}

/** δ as `zkey beacon` derives it from the public beacon (Fr element, Montgomery form as ffjavascript keeps it). */
async function beaconDelta(): Promise<unknown> {
  const rng = await rngFromBeaconParams(new Uint8Array(Buffer.from(BEACON, 'hex')), BEACON_EXP)
  return curve.Fr.fromRng(rng)
}

/** The beacon forgery: recompute δ from the public beacon, C = −vk_x / δ. Returns whether δ matched and whether the proof verifies. */
async function beaconForgery(vkey: Groth16VerificationKey, signals: string[]): Promise<{ deltaMatches: boolean; verifies: boolean }> {
  const d = await beaconDelta()
  const deltaMatches = curve.G2.eq(curve.G2.timesFr(curve.G2.g, d), curve.G2.fromObject(big(vkey.vk_delta_2) as bigint[][]))
  const C = curve.G1.timesFr(curve.G1.neg(vkX(vkey, signals)), curve.Fr.inv(d))
  return { deltaMatches, verifies: await snarkjs.groth16.verify(vkey, signals, proofOf(vkey, C), quiet) }
}

beforeAll(async () => {
  curve = (await buildBn128(true)) as Curve
  const bn = await snarkjs.curves.getCurveFromName('bn128')
  const p0: Mem = { type: 'mem' }
  const p1: Mem = { type: 'mem' }
  const ptau: Mem = { type: 'mem' }
  await snarkjs.powersOfTau.newAccumulator(bn, 8, p0, quiet)
  await snarkjs.powersOfTau.contribute(p0, p1, 'phase 1', 'forgery test entropy', quiet)
  await snarkjs.powersOfTau.preparePhase2(p1, ptau, quiet)
  const ptauBytes = ptau.data!

  const dev = await devSetup({ r1cs })
  ours.push({ name: 'dev setup', vkey: dev.vkey, zkey: dev.zkey, setup: devSetupRecord(dev.provenance) })
  const ceremony = (p: Awaited<ReturnType<typeof ceremonySetup>>['provenance']): SetupProvenance => ({
    kind: 'ceremony', power: 8, ptauSha256: 'ab'.repeat(32), circuitHash: p.circuitHash, contributions: p.contributions, beacon: p.beacon,
  })
  const c1 = await ceremonySetup({ r1cs, ptau: ptauBytes, contributions: 1 })
  ours.push({ name: 'ceremony, 1 contribution', vkey: c1.vkey, zkey: c1.zkey, setup: ceremony(c1.provenance) })
  const cb = await ceremonySetup({ r1cs, ptau: ptauBytes, contributions: 1, beacon: { hash: BEACON, iterationsExp: BEACON_EXP } })
  ours.push({ name: 'ceremony, contribution + beacon', vkey: cb.vkey, zkey: cb.zkey, setup: ceremony(cb.provenance) })

  // Controls, made with snarkjs directly (what an older version or an attacker would deploy).
  const z0: Mem = { type: 'mem' }
  await snarkjs.zKey.newZKey(mem(writeR1cs(r1cs)), ptau, z0, quiet)
  gammaEqualsDeltaKey = { zkey: z0.data!, vkey: await snarkjs.zKey.exportVerificationKey(z0, quiet) }
  const zb: Mem = { type: 'mem' }
  await snarkjs.zKey.beacon(mem(z0.data!), zb, 'beacon only', BEACON, BEACON_EXP, quiet)
  beaconOnlyKey = { zkey: zb.data!, vkey: await snarkjs.zKey.exportVerificationKey(zb, quiet) }
}, 300_000)

afterAll(async () => {
  await curve?.terminate()
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate()
})

describe('keys this project writes', () => {
  it('are the three kinds, all trusted by the policy except the one-party dev key, and prove honestly', async () => {
    expect(ours.map((k) => [k.name, classifySetup(k.setup).trusted])).toEqual([
      ['dev setup', false],
      ['ceremony, 1 contribution', true],
      ['ceremony, contribution + beacon', true],
    ])
    for (const k of ours) {
      expect(k.vkey.vk_delta_2).not.toEqual(k.vkey.vk_gamma_2)
      const { proof, publicSignals } = await snarkjs.groth16.prove(mem(k.zkey), mem(writeWtns(witness(3n, 4n, [5n, 6n]))), quiet)
      expect(await snarkjs.groth16.verify(k.vkey, publicSignals, proof, quiet)).toBe(true)
    }
  })

  it('reject the γ = δ forgery (A = α, B = β, C = −vk_x) for any claimed signals', async () => {
    for (const k of ours) for (const claim of CLAIMS) expect([k.name, await trivialForgeryVerifies(k.vkey, claim)]).toEqual([k.name, false])
  })

  it('reject the beacon forgery (δ recomputed from the public beacon, C = −vk_x/δ)', async () => {
    for (const k of ours) {
      for (const claim of CLAIMS) {
        const r = await beaconForgery(k.vkey, claim)
        expect([k.name, r]).toEqual([k.name, { deltaMatches: false, verifies: false }])
      }
    }
  })
})

describe('positive controls: the attacks work where they should, and those keys are refused', () => {
  it('a zkey-new key (γ = δ) is forged by anyone, and refused by exportVerificationKey, the verifier builder and the policy', async () => {
    for (const claim of CLAIMS) expect(await trivialForgeryVerifies(gammaEqualsDeltaKey.vkey, claim)).toBe(true)
    await expect(exportVerificationKey(gammaEqualsDeltaKey.zkey)).rejects.toThrow(ForgeableVerificationKeyError)
    const template = await readGroth16VerifierTemplate()
    expect(() => renderVerifierSource({ vkey: gammaEqualsDeltaKey.vkey, template })).toThrow(ForgeableVerificationKeyError)
    expect(() => assertTrustedSetup({ setup: ours[1]!.setup, vkey: gammaEqualsDeltaKey.vkey, allowInsecureSetup: true, operation: 'verify' })).toThrow(ForgeableVerificationKeyError)
  })

  it('a beacon-only key is forged from the public beacon, and is classified insecure and refused', async () => {
    for (const claim of CLAIMS) expect(await beaconForgery(beaconOnlyKey.vkey, claim)).toEqual({ deltaMatches: true, verifies: true })
    const beaconOnly: SetupProvenance = { ...(ours[2]!.setup as Extract<SetupProvenance, { kind: 'ceremony' }>), contributions: [] }
    expect(classifySetup(beaconOnly)).toMatchObject({ trusted: false, reason: expect.stringMatching(/public beacon/) })
    expect(() => assertTrustedSetup({ setup: beaconOnly, vkey: beaconOnlyKey.vkey, operation: 'verify' })).toThrow(InsecureSetupError)
    expect(() => assertTrustedSetup({ setup: { ...beaconOnly, beacon: null }, operation: 'deploy' })).toThrow(InsecureSetupError)
  })
})
