/**
 * viem clients for an RPC URL with fail-fast defaults (short timeout, one retry), so a node that is
 * down gives `RpcUnavailableError` within seconds instead of a hang.
 */
import { type Account, type Chain, type Hex, type PublicClient, type Transport, type WalletClient, createPublicClient, createWalletClient, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

export type CreateChainClientsParameters = {
  /** HTTP(S) JSON-RPC URL, e.g. the `rpcUrl` from `startAnvil`. */
  rpcUrl: string
  /** Private key of a local account to send from; omit for a read-only wallet client. */
  privateKey?: Hex | undefined
  /** viem chain, when known (e.g. `foundry`); the actions also work without one. */
  chain?: Chain | undefined
  /** Per-request timeout in ms. Default 5000. */
  timeoutMs?: number | undefined
  /** Retries per request. Default 1. */
  retryCount?: number | undefined
}
export type CreateChainClientsReturnType = {
  publicClient: PublicClient<Transport, Chain | undefined>
  walletClient: WalletClient<Transport, Chain | undefined, Account | undefined>
}

/**
 * Creates a public and a wallet client for one HTTP RPC URL. Any other viem clients (an injected
 * EIP-1193 wallet via `custom(window.ethereum)`, a WebSocket RPC) work with the chain actions too.
 *
 * @param parameters - {@link CreateChainClientsParameters}
 * @returns `{ publicClient, walletClient }`.
 * @example
 * import { createChainClients, submitProof } from '@zkml/web/chain'
 * const { publicClient, walletClient } = createChainClients({ rpcUrl, privateKey })
 */
export function createChainClients(parameters: CreateChainClientsParameters): CreateChainClientsReturnType {
  const { rpcUrl, privateKey, chain, timeoutMs = 5_000, retryCount = 1 } = parameters
  const transport = http(rpcUrl, { timeout: timeoutMs, retryCount, retryDelay: 100 })
  const publicClient = createPublicClient({ transport, chain, pollingInterval: 250 }) as PublicClient<Transport, Chain | undefined>
  const walletClient = createWalletClient({
    transport,
    chain,
    account: privateKey ? privateKeyToAccount(privateKey) : undefined,
  }) as WalletClient<Transport, Chain | undefined, Account | undefined>
  return { publicClient, walletClient }
}
