import { FIELD_PRIME } from '../circuit/field.js'
import { describe, expect, it } from 'vitest'
import { batchInvert, invMod, lagrangeAt, powMod, rootOfUnity } from './scalar.js'
import { InternalError } from '../errors/internal.js'

describe('scalar helpers', () => {
  it('roots of unity have exact order 2^k', () => {
    for (const k of [1, 5, 17, 28]) {
      const w = rootOfUnity(k)
      expect(powMod(w, 1n << BigInt(k))).toBe(1n)
      expect(powMod(w, 1n << BigInt(k - 1))).toBe(FIELD_PRIME - 1n)
    }
  })

  it('inverts singly and in batches', () => {
    const xs = [2n, FIELD_PRIME - 1n, 123456789n, FIELD_PRIME - 98765n]
    const inv = xs.slice()
    batchInvert(inv)
    xs.forEach((x, i) => {
      expect((x * inv[i]) % FIELD_PRIME).toBe(1n)
      expect(invMod(x)).toBe(inv[i])
    })
    expect(() => invMod(0n)).toThrow(InternalError)
  })

  it('Lagrange bases sum to 1, are δ_ij on the domain points and interpolate x', () => {
    const k = 4
    const x = 987654321987654321n
    const L = lagrangeAt({ k, x })
    expect(L.reduce((a, b) => a + b, 0n) % FIELD_PRIME).toBe(1n)
    const w = rootOfUnity(k)
    // Σ L_i(x) ω^i = x (interpolation of the identity polynomial).
    expect(L.reduce((acc, l, i) => (acc + l * powMod(w, BigInt(i))) % FIELD_PRIME, 0n)).toBe(x)
    // The strided form equals the full one.
    const odd = lagrangeAt({ k, x, start: 1, step: 2, count: 8 })
    expect(odd).toEqual(L.filter((_, i) => i % 2 === 1))
    expect(() => lagrangeAt({ k, x: powMod(w, 3n) })).toThrow(InternalError)
  })
})
