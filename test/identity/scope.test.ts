/**
 * `parseScope`: what the dApp's scope field accepts. `BigInt(text)` would read '' as 0 and throw an
 * untyped SyntaxError on 'abc'; a scope must be a field element written in decimal or 0x-hex.
 */
import { describe, expect, it } from 'vitest'
import { FIELD_PRIME } from '../../src/circuit/field.js'
import { InvalidIdentityInputError } from '../../src/identity/errors.js'
import { parseScope } from '../../src/identity/scope.js'

const refusal = (text: string) => {
  try {
    parseScope(text)
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidIdentityInputError)
    expect((e as InvalidIdentityInputError).field).toBe('scope')
    return (e as InvalidIdentityInputError).shortMessage
  }
  throw new Error(`parseScope(${JSON.stringify(text)}) did not throw`)
}

describe('parseScope', () => {
  it('reads decimal and 0x-hex field elements, ignoring surrounding spaces', () => {
    expect(parseScope('1')).toBe(1n)
    expect(parseScope(' 42 ')).toBe(42n)
    expect(parseScope('0')).toBe(0n)
    expect(parseScope('0x2A')).toBe(42n)
    expect(parseScope((FIELD_PRIME - 1n).toString())).toBe(FIELD_PRIME - 1n)
  })

  it('refuses empty, non-numeric, signed, exponent, binary and out-of-field input with a reason', () => {
    expect(refusal('')).toMatch(/Invalid scope: it is empty/)
    expect(refusal('   ')).toMatch(/it is empty/)
    expect(refusal('abc')).toBe('Invalid scope: expected a whole number (decimal digits or 0x-hex), got "abc".')
    for (const t of ['-1', '1e3', '0b101', '1.5', '0x', '12 3']) expect(refusal(t)).toMatch(/expected a whole number/)
    expect(refusal(FIELD_PRIME.toString())).toMatch(/below the BN254 scalar field size/)
    expect(refusal('9'.repeat(200))).toMatch(/below the BN254 scalar field size/)
  })
})
