import { describe, expect, it } from 'vitest'
import { buildBn128 } from 'ffjavascript'
// snarkjs's own hash-to-G2 (not exported by its package entry): the reference we must reproduce.
// @ts-expect-error snarkjs ships no types
import { hashToG2 as snarkjsHashToG2 } from '../../node_modules/snarkjs/src/keypair.js'
import { createChaChaRng, seedFromHash } from './chacha.js'
import { hashToG2 } from './hashToG2.js'
import { createCurveEngine } from './wasmCurve.js'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

describe('createChaChaRng', () => {
  it('reproduces the ChaCha20 keystream (RFC 7539 A.1 vectors 1 and 2: zero key and nonce, counters 0 and 1)', () => {
    const rng = createChaChaRng(new Array(8).fill(0))
    const bytes = new Uint8Array(128)
    const view = new DataView(bytes.buffer)
    for (let i = 0; i < 32; i++) view.setUint32(4 * i, rng.nextU32(), true)
    expect(hex(bytes.subarray(0, 64))).toBe(
      '76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586',
    )
    expect(hex(bytes.subarray(64))).toBe(
      '9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f',
    )
  })

  it('draws 64-bit values high word first and booleans from the low bit', () => {
    const a = createChaChaRng([1, 2, 3, 4, 5, 6, 7, 8])
    const b = createChaChaRng([1, 2, 3, 4, 5, 6, 7, 8])
    const hi = BigInt(b.nextU32())
    expect(a.nextU64()).toBe((hi << 32n) | BigInt(b.nextU32()))
    expect(a.nextBool()).toBe((b.nextU32() & 1) === 1)
    expect(seedFromHash(new Uint8Array([0, 0, 0, 1, ...new Array(60).fill(0)]))[0]).toBe(1)
  })
})

describe('hashToG2', () => {
  it('maps transcripts to the same G2 points as snarkjs', async () => {
    const curve = await buildBn128(true)
    const engine = await createCurveEngine()
    for (let i = 0; i < 24; i++) {
      const hash = new Uint8Array(64)
      globalThis.crypto.getRandomValues(hash)
      const theirs = new Uint8Array(128)
      curve.G2.toRprLEM(theirs, 0, curve.G2.toAffine(snarkjsHashToG2(curve, hash)))
      expect(hex(hashToG2(engine, hash))).toBe(hex(theirs))
    }
    await curve.terminate()
  })
})
