import { FIELD_PRIME } from '../circuit/field.js'
import { afterAll, describe, expect, it } from 'vitest'
import * as snarkjs from 'snarkjs'
import { chainCircuit } from '../formats/testFixtures.js'
import { writeR1cs } from '../formats/r1cs.js'
import { writeWtns } from '../formats/wtns.js'
import { InvalidR1csError } from '../errors/formats.js'
import { devSetup } from './devSetup.js'
import { buildDevZkey, DEV_CONTRIBUTION_NAME } from './devZkey.js'
import { writeDevPtau } from './devPtau.js'
import { exportVerificationKey } from './verificationKey.js'
import { randomDevSecrets, randomScalar } from './secrets.js'
import { SetupError } from '../errors/setup.js'
import { ForgeableVerificationKeyError } from '../errors/setup.js'

const mem = (data: Uint8Array) => ({ type: 'mem', data })
const out = (): { type: 'mem'; data?: Uint8Array } => ({ type: 'mem' })
const quiet = { info() {}, warn() {}, debug() {}, error() {} }
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i])
const phase1 = { tau: 0x1234_5678_9abc_def0_1357_9bdfn, alpha: 987654321987654321n, beta: 555555555555555555n }
const secrets = { ...phase1, delta: 1n }
/** snarkjs prints each contribution hash as 4 lines of 4 big-endian words; joins them back into hex. */
const loggedHashes = (lines: string[]) =>
  lines.filter((l) => /contribution #\d+/i.test(l)).map((l) => l.split('\n').slice(1).join('').replace(/\s+/g, ''))

afterAll(async () => {
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate()
})

describe('writeDevPtau', () => {
  it('prepares phase 2 byte-for-byte like snarkjs preparePhase2 on the same raw powers', async () => {
    const unprepared = await writeDevPtau({ power: 5, secrets, unprepared: true })
    const prepared = await writeDevPtau({ power: 5, secrets })
    const theirs = out()
    await snarkjs.powersOfTau.preparePhase2(mem(unprepared), theirs)
    expect(same(prepared, theirs.data!)).toBe(true)
  })
})

describe('devSetup', () => {
  const { r1cs, witness } = chainCircuit({ steps: 40, nPublic: 4 }) // 41 + 4 rows → domain 2^6
  const r1csBytes = writeR1cs(r1cs)

  for (const ptauPower of [6, 7]) {
    it(`with δ = 1 is byte-identical to snarkjs zkey new on the dev ptau (ptau power ${ptauPower})`, async () => {
      const ptau = await writeDevPtau({ power: ptauPower, secrets: phase1 })
      const ours = await buildDevZkey({ r1cs, secrets, ptauPower })
      expect(ours.contribution).toBeNull()
      const theirs = out()
      await snarkjs.zKey.newZKey(mem(r1csBytes), mem(ptau), theirs)
      expect(same(ours.zkey, theirs.data!)).toBe(true)
      // γ = δ: refused by exportVerificationKey and by devSetup.
      await expect(exportVerificationKey(ours.zkey)).rejects.toThrow(ForgeableVerificationKeyError)
      await expect(devSetup({ r1cs, secrets, ptauPower })).rejects.toThrow(SetupError)
    })

    it(`with a secret δ passes snarkjs zkey verify as zkey new + one contribution (ptau power ${ptauPower})`, async () => {
      const ptau = await writeDevPtau({ power: ptauPower, secrets: phase1 })
      const ours = await devSetup({ r1cs, secrets: { ...phase1, delta: randomScalar() }, ptauPower })
      const logs: string[] = []
      const logger = { ...quiet, info: (m: string) => logs.push(m) }
      expect(await snarkjs.zKey.verifyFromR1cs(mem(r1csBytes), mem(ptau), mem(ours.zkey), logger)).toBe(true)
      expect(loggedHashes(logs)).toEqual([ours.provenance.contribution.hash])
      const init = out()
      await snarkjs.zKey.newZKey(mem(r1csBytes), mem(ptau), init)
      expect(await snarkjs.zKey.verifyFromInit(init, mem(ptau), mem(ours.zkey), quiet)).toBe(true)
      expect(ours.vkey).toEqual(await snarkjs.zKey.exportVerificationKey(mem(ours.zkey)))
      expect(ours.vkey.vk_delta_2).not.toEqual(ours.vkey.vk_gamma_2)
      expect(ours.provenance).toMatchObject({ setup: 'dev-insecure', domainPower: 6, ptauPower, randomness: 'caller-supplied', delta: 'secret' })
      expect(ours.provenance.contribution.name).toBe(DEV_CONTRIBUTION_NAME)
      // Only the header's δ, the C and H sections and the MPC record differ from zkey new.
      expect(ours.provenance.circuitHash).toBe(Buffer.from((await snarkjs.zKey.newZKey(mem(r1csBytes), mem(ptau), out(), quiet)) as Uint8Array).toString('hex'))
      // snarkjs can add a further contribution on top, and the chain still verifies.
      const next = out()
      await snarkjs.zKey.contribute(mem(ours.zkey), next, 'second', 'more entropy', quiet)
      logs.length = 0
      expect(await snarkjs.zKey.verifyFromR1cs(mem(r1csBytes), mem(ptau), mem(next.data!), logger)).toBe(true)
      expect(loggedHashes(logs)).toHaveLength(2)
      expect(loggedHashes(logs)).toContain(ours.provenance.contribution.hash)
    })
  }

  it('is rejected by zkey verify against a ptau from other secrets, or with a tampered δ record', async () => {
    const { zkey } = await devSetup({ r1cs, secrets: { ...phase1, delta: 7n } })
    const other = await writeDevPtau({ power: 6, secrets: { ...phase1, tau: phase1.tau + 1n } })
    expect(await snarkjs.zKey.verifyFromR1cs(mem(r1csBytes), mem(other), mem(zkey), quiet)).toBe(false)
    const ptau = await writeDevPtau({ power: 6, secrets: phase1 })
    expect(await snarkjs.zKey.verifyFromR1cs(mem(r1csBytes), mem(ptau), mem(zkey), quiet)).toBe(true)
    // Flip one byte of the recorded g1_sx (the proof of knowledge of δ): verification fails.
    const bad = zkey.slice()
    const mpcStart = bad.length - (64 + 4 + (3 * 64 + 128 + 64 + 4 + 4 + 2 + DEV_CONTRIBUTION_NAME.length))
    bad[mpcStart + 68 + 128 + 5] ^= 1
    expect(await snarkjs.zKey.verifyFromR1cs(mem(r1csBytes), mem(ptau), mem(bad), quiet).catch(() => false)).toBe(false)
  })

  it('proves and verifies; wrong witnesses and tampered public signals fail', async () => {
    const { zkey, vkey, provenance } = await devSetup({ r1cs })
    expect(provenance.randomness).toBe('crypto.getRandomValues')
    const w = witness(3n, -7n, [11n, 12n, -13n])
    const { proof, publicSignals } = await snarkjs.groth16.prove(mem(zkey), mem(writeWtns(w)))
    expect(publicSignals).toEqual(w.slice(1, 5).map((x) => ((x % FIELD_PRIME) + FIELD_PRIME) % FIELD_PRIME).map(String))
    expect(await snarkjs.groth16.verify(vkey, publicSignals, proof, quiet)).toBe(true)
    expect(vkey.vk_delta_2).not.toEqual(vkey.vk_gamma_2)

    const tampered = [...publicSignals]
    tampered[0] = (BigInt(tampered[0]) + 1n).toString()
    expect(await snarkjs.groth16.verify(vkey, tampered, proof, quiet)).toBe(false)

    // A witness violating constraints cannot give a verifying proof (snarkjs proves without checking,
    // so the proof must fail verification). Tamper an internal wire, then a private input.
    for (const wire of [r1cs.nWires - 2, 6]) {
      const bad = w.slice()
      bad[wire] += 1n
      const forged = await snarkjs.groth16.prove(mem(zkey), mem(writeWtns(bad)))
      expect(await snarkjs.groth16.verify(vkey, forged.publicSignals, forged.proof, quiet)).toBe(false)
    }

    // Another setup's verification key rejects this proof.
    const other = await devSetup({ r1cs })
    expect(await snarkjs.groth16.verify(other.vkey, publicSignals, proof, quiet)).toBe(false)
  })

  it('reports progress and draws fresh secrets every time', async () => {
    const stages = new Set<string>()
    const a = await devSetup({ r1cs, onProgress: (p) => stages.add(p.stage) })
    const b = await devSetup({ r1cs })
    expect([...stages]).toEqual(expect.arrayContaining(['qap', 'IC', 'H', 'H-hash', 'C-hash', 'C', 'A', 'B1', 'B2', 'contribution']))
    expect(a.vkey.vk_alpha_1).not.toEqual(b.vkey.vk_alpha_1)
    // The "circuit hash" of zkey new hashes the key points, so it differs between setups too.
    expect(a.provenance.circuitHash).not.toBe(b.provenance.circuitHash)
  })

  it('rejects out-of-range wires', async () => {
    const broken = { ...r1cs, constraints: [{ a: new Map([[r1cs.nWires, 1n]]), b: new Map(), c: new Map() }] }
    await expect(devSetup({ r1cs: broken })).rejects.toThrow(InvalidR1csError)
  })

  it('exports the same verification key as snarkjs for a key from random secrets', async () => {
    const { zkey } = await devSetup({ r1cs, secrets: randomDevSecrets() })
    expect(await exportVerificationKey(zkey)).toEqual(await snarkjs.zKey.exportVerificationKey(mem(zkey)))
  })
})
