/**
 * The account a wallet client sends from (internal): its hoisted account, else the wallet's first address.
 */
import type { Account, Address, Chain, Transport, WalletClient } from 'viem'
import { AccountNotFoundError } from '../errors/chain.js'

/**
 * Returns the wallet client's account (local or JSON-RPC) or its first address.
 * @throws {AccountNotFoundError} When the wallet has neither.
 */
export async function resolveAccount(
  walletClient: WalletClient<Transport, Chain | undefined, Account | undefined>,
): Promise<Account | Address> {
  if (walletClient.account) return walletClient.account
  const [address] = await walletClient.getAddresses()
  if (!address) throw new AccountNotFoundError()
  return address
}

/** The address of an account or address. */
export const accountAddress = (account: Account | Address): Address => (typeof account === 'string' ? account : account.address)
