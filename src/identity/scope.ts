/**
 * Scopes as people type them: an app id, an election id. A scope is a field element (the circuit
 * and `IrisRegistry` take it as one), written in decimal or 0x-hex.
 */
import { FIELD_PRIME } from '../circuit/field.js'
import { InvalidIdentityInputError } from './errors.js'

/**
 * Parses a scope typed by a person (or read from a URL). Unlike `BigInt(text)`, an empty string is
 * not 0, and `1e3`, `-1`, `0b1` or a value ≥ p are refused.
 *
 * @param text - Decimal digits (`42`) or 0x-hex (`0x2a`); surrounding spaces are ignored.
 * @returns The scope, a field element in [0, p).
 * @throws {InvalidIdentityInputError} With `field: 'scope'` and a reason a person can act on.
 * @example
 * import { parseScope } from '@zkml/web/identity'
 * parseScope('1') // 1n
 * parseScope('abc') // throws: Invalid scope: expected a whole number (decimal digits or 0x-hex), got "abc".
 */
export function parseScope(text: string): bigint {
  const t = String(text ?? '').trim()
  if (t === '') throw new InvalidIdentityInputError({ field: 'scope', reason: 'it is empty; enter a whole number such as 1' })
  if (!/^(?:[0-9]+|0x[0-9a-fA-F]+)$/.test(t))
    throw new InvalidIdentityInputError({ field: 'scope', reason: `expected a whole number (decimal digits or 0x-hex), got ${JSON.stringify(t.length > 24 ? `${t.slice(0, 24)}…` : t)}` })
  const value = BigInt(t)
  if (value >= FIELD_PRIME) throw new InvalidIdentityInputError({ field: 'scope', reason: 'it must be below the BN254 scalar field size p (about 2^254)' })
  return value
}
