import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as snarkjs from 'snarkjs'
import { chainCircuit } from '../formats/testFixtures.js'
import { writeR1cs } from '../formats/r1cs.js'
import { writeWtns } from '../formats/wtns.js'
import { ceremonySetup } from './ceremonySetup.js'
import { SetupError } from '../errors/setup.js'

const mem = (data: Uint8Array) => ({ type: 'mem', data })
const quiet = { info() {}, warn() {}, debug() {}, error() {} }

/** A real (snarkjs-made) ceremony ptau: new → one contribution → prepare phase 2. */
async function snarkjsPtau(power: number): Promise<Uint8Array> {
  const curve = await snarkjs.curves.getCurveFromName('bn128')
  const p0: { type: 'mem'; data?: Uint8Array } = { type: 'mem' }
  const p1: { type: 'mem'; data?: Uint8Array } = { type: 'mem' }
  const p2: { type: 'mem'; data?: Uint8Array } = { type: 'mem' }
  await snarkjs.powersOfTau.newAccumulator(curve, power, p0)
  await snarkjs.powersOfTau.contribute(p0, p1, 'test', 'some entropy')
  await snarkjs.powersOfTau.preparePhase2(p1, p2)
  return p2.data!
}

let ptau: Uint8Array
beforeAll(async () => {
  ptau = await snarkjsPtau(6)
})
afterAll(async () => {
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate()
})

describe('ceremonySetup', () => {
  const { r1cs, witness } = chainCircuit({ steps: 30, nPublic: 3 })

  it('builds keys with contributions and a beacon that zkey verify accepts, and proves', async () => {
    const stages: string[] = []
    const { zkey, vkey, provenance } = await ceremonySetup({
      r1cs,
      ptau,
      contributions: 2,
      beacon: '0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
      onProgress: (p) => stages.push(p.stage),
    })
    expect(provenance.contributions).toHaveLength(2)
    expect(provenance.beacon?.iterationsExp).toBe(10)
    expect(stages).toEqual(['zkey-new', 'contribute', 'contribute', 'beacon', 'done'])
    expect(await snarkjs.zKey.verifyFromR1cs(mem(writeR1cs(r1cs)), mem(ptau), mem(zkey), quiet)).toBe(true)
    const w = witness(4n, 5n, [6n, 7n])
    const { proof, publicSignals } = await snarkjs.groth16.prove(mem(zkey), mem(writeWtns(w)))
    expect(await snarkjs.groth16.verify(vkey, publicSignals, proof, quiet)).toBe(true)
    publicSignals[1] = '1'
    expect(await snarkjs.groth16.verify(vkey, publicSignals, proof, quiet)).toBe(false)
  })

  it('makes one secret contribution by default, and refuses none (γ = δ) or a beacon alone', async () => {
    const { zkey, vkey, provenance } = await ceremonySetup({ r1cs, ptau })
    expect(provenance.contributions).toHaveLength(1)
    expect(provenance.beacon).toBeNull()
    expect(vkey.vk_delta_2).not.toEqual(vkey.vk_gamma_2)
    expect(await snarkjs.zKey.verifyFromR1cs(mem(writeR1cs(r1cs)), mem(ptau), mem(zkey), quiet)).toBe(true)
    for (const contributions of [0, [] as { name?: string }[], -1, 1.5]) {
      await expect(ceremonySetup({ r1cs, ptau, contributions })).rejects.toThrow(SetupError)
      await expect(ceremonySetup({ r1cs, ptau, contributions, beacon: '0102' })).rejects.toThrow(SetupError)
    }
  })

  it('throws SetupError when the ptau is too small or the beacon is malformed', async () => {
    const big = chainCircuit({ steps: 70, nPublic: 1 }).r1cs // needs 2^7 > 2^6
    await expect(ceremonySetup({ r1cs: big, ptau })).rejects.toThrow(SetupError)
    await expect(ceremonySetup({ r1cs, ptau, beacon: 'zz' })).rejects.toThrow(SetupError)
  })
})
