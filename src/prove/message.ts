/**
 * The message a proof is bound to (statements compiled with a message signal): a field element,
 * given as a bigint, a decimal string, or a 0x-hex string such as an address. An address `a` maps
 * to the integer `uint160(a)`, which is what a contract compares with `uint160(msg.sender)`.
 */
import { FIELD_PRIME } from '../circuit/field.js'
import { InvalidInputError } from '../errors/input.js'

/** A message value: a bigint, a canonical decimal string, or 0x-hex (e.g. an address). */
export type MessageInput = bigint | string

/**
 * Parses a message into a field element.
 * @param value - {@link MessageInput}
 * @returns The message as a bigint in [0, r).
 * @throws {InvalidInputError} When the value is not an integer in [0, r) in one of the accepted forms.
 * @example toMessage('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266') // uint160 of the address
 */
export function toMessage(value: MessageInput): bigint {
  let v: bigint | undefined
  if (typeof value === 'bigint') v = value
  else if (typeof value === 'string' && /^0x[0-9a-fA-F]{1,64}$/.test(value)) v = BigInt(value)
  else if (typeof value === 'string' && /^(0|[1-9][0-9]{0,76})$/.test(value)) v = BigInt(value)
  if (v === undefined || v < 0n || v >= FIELD_PRIME)
    throw new InvalidInputError('The message must be a field element: a bigint, decimal or 0x-hex string in [0, r).', { details: `got ${typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : String(value)}` })
  return v
}
