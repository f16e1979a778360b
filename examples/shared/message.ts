/**
 * The examples bind each proof to an account and a counter through the circuit's single `message`
 * signal: `message = (counter << 160) | uint160(account)`. The contract rebuilds the same value from
 * `msg.sender` and its own counter (the vault's nonce, the gate's epoch) and compares.
 *
 * The packing is injective (an address is 160 bits, the counter sits above it) and stays below the
 * BN254 scalar field's r ≈ 2^253.6 for any counter below 2^93, so it is one field element: the
 * circuit needs nothing but the message signal it already has.
 */
import type { Address } from 'viem'

/** Counters must stay below 2^93 so the message is a field element. */
export const MAX_COUNTER = (1n << 93n) - 1n

/**
 * The message binding a proof to `account` and `counter`.
 * @throws RangeError when the counter is negative or ≥ 2^93
 * @example bindingMessage({ account: '0xf39F…2266', counter: 0n }) // uint160 of the address
 */
export function bindingMessage({ account, counter }: { account: Address; counter: bigint }): bigint {
  if (counter < 0n || counter > MAX_COUNTER) throw new RangeError(`counter ${counter} is outside [0, 2^93)`)
  return (counter << 160n) | BigInt(account)
}

/** Splits a message back into its account and counter. */
export function splitMessage(message: bigint): { account: Address; counter: bigint } {
  return { account: `0x${(message & ((1n << 160n) - 1n)).toString(16).padStart(40, '0')}` as Address, counter: message >> 160n }
}
