/** Client types shared by the registry actions (viem). */
import type { Account, Chain, PublicClient, Transport, WalletClient } from 'viem'

/** A wallet client with or without a hoisted account. */
export type AnyWalletClient = WalletClient<Transport, Chain | undefined, Account | undefined>
/** A public client on any chain. */
export type AnyPublicClient = PublicClient<Transport, Chain | undefined>
