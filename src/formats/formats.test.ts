import { FIELD_PRIME } from '../circuit/field.js'
import { afterAll, describe, expect, it } from 'vitest'
import * as snarkjs from 'snarkjs'
import { writeR1cs } from './r1cs.js'
import { writeWtns } from './wtns.js'
import { decodeBinFile, getSection, readFieldLE } from './binFile.js'
import { chainCircuit } from './testFixtures.js'
import { InvalidR1csError } from '../errors/formats.js'

const mem = (data: Uint8Array) => ({ type: 'mem', data })
const quiet = { info() {}, warn() {}, debug() {}, error() {} }

afterAll(async () => {
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate()
})

describe('writeR1cs', () => {
  it('is read back by snarkjs with the right header', async () => {
    const { r1cs } = chainCircuit({ steps: 5, nPublic: 3 })
    const info = await snarkjs.r1cs.info(mem(writeR1cs(r1cs)))
    expect(info.prime).toBe(FIELD_PRIME)
    expect(info.nVars).toBe(r1cs.nWires)
    expect(info.nOutputs).toBe(3)
    expect(info.nPubInputs).toBe(0)
    expect(info.nPrvInputs).toBe(2)
    expect(info.nLabels).toBe(r1cs.nWires)
    expect(info.nConstraints).toBe(r1cs.constraints.length)
    // A negative coefficient (−3 on the constant wire in step 2) is stored reduced mod p.
    const c1 = info.constraints[1][1] as Record<string, unknown>
    expect(info.curve.Fr.toObject(c1['0'])).toBe(FIELD_PRIME - 3n)
  })

  it('drops coefficients that reduce to zero and writes the identity label map', () => {
    const bytes = writeR1cs({
      nWires: 3,
      nPublic: 1,
      nPrivateInputs: 1,
      constraints: [{ a: new Map([[1, FIELD_PRIME], [2, 1n]]), b: new Map([[0, 1n]]), c: new Map([[1, -1n]]) }],
    })
    const f = decodeBinFile(bytes, 'r1cs')
    const body = getSection(f, 2)
    const v = new DataView(body.buffer, body.byteOffset, body.byteLength)
    expect(v.getUint32(0, true)).toBe(1) // only wire 2 survives in A
    expect(v.getUint32(4, true)).toBe(2)
    const map = getSection(f, 3)
    expect([...new BigUint64Array(map.slice().buffer)]).toEqual([0n, 1n, 2n])
    const cOff = 4 + 36 + 4 + 36
    expect(v.getUint32(cOff + 4, true)).toBe(1)
    expect(readFieldLE(v, cOff + 8)).toBe(FIELD_PRIME - 1n)
  })

  it('rejects out-of-range wires', () => {
    expect(() =>
      writeR1cs({ nWires: 2, nPublic: 1, nPrivateInputs: 0, constraints: [{ a: new Map([[2, 1n]]), b: new Map(), c: new Map() }] }),
    ).toThrow(InvalidR1csError)
  })
})

describe('writeWtns', () => {
  it('passes snarkjs wtns.check for a correct witness', async () => {
    const { r1cs, witness } = chainCircuit({ steps: 6, nPublic: 3 })
    const w = witness(7n, -11n, [4n, -9n])
    const ok = await snarkjs.wtns.check(mem(writeR1cs(r1cs)), mem(writeWtns(w)), quiet)
    expect(ok).toBe(true)
    const back = await snarkjs.wtns.exportJson(mem(writeWtns(w)))
    expect(back.map((x: bigint) => (x > FIELD_PRIME / 2n ? x - FIELD_PRIME : x))).toEqual(w)
  })

  it('fails snarkjs wtns.check when any wire is tampered', async () => {
    const { r1cs, witness } = chainCircuit({ steps: 4, nPublic: 2 })
    const r1csBytes = writeR1cs(r1cs)
    const good = witness(5n, 6n, [8n])
    for (let i = 1; i < good.length; i++) {
      const bad = good.slice()
      bad[i] += 1n
      expect(await snarkjs.wtns.check(mem(r1csBytes), mem(writeWtns(bad)), quiet)).toBe(false)
    }
  })
})
