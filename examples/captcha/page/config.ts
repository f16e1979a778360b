/** What `serve.ts` tells the page (`/config.json`). */
import type { Abi, Address, Hex } from 'viem'

export type CaptchaConfig = {
  /** JSON-RPC endpoint (same origin, forwarded to anvil). */
  rpcUrl: string
  chainId: number
  gate: Address
  gateAbi: Abi
  token: Address
  tokenAbi: Abi
  /**
   * Demo shortcut: the page signs with one of anvil's well-known dev keys. A real dApp uses the
   * user's wallet (`custom(window.ethereum)`) or a relayer.
   */
  account: { address: Address; privateKey: Hex }
  /** The exported artifacts' manifest. */
  manifestUrl: string
  /** The artifacts come from the one-party dev setup (the page must opt in to use them). */
  devSetup: boolean
  /** The least score (logit of P(human)) the gate accepts, as a float, and the P(human) it stands for. */
  minScore: number
  minHumanProbability: number
  /** Tokens per claim (whole tokens) and their symbol. */
  drip: string
  symbol: string
}
