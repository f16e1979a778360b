/**
 * The demo's runtime configuration: `GET /config.json`, written by `scripts/start.ts` after it has
 * started the chain and deployed the registry. Everything in it is public (the two keys are anvil's
 * well-known dev keys, derived from the mnemonic `test test … junk`).
 */
import type { Address, Hex } from 'viem'

/** A funded dev account the page signs with (demo only: never put a real key in a page). */
export type DemoAccount = { address: Address; privateKey: Hex }

/** The shape of `/config.json`. */
export type DemoConfig = {
  /** JSON-RPC URL the page uses (absolute, or a path on the page's origin such as `/rpc`). */
  rpcUrl: string
  chainId: number
  /** The deployed `IrisRegistry`, its Groth16 verifier and PoseidonT3 library. */
  registry: Address
  verifier: Address
  poseidonT3: Address
  /** Block of the registry's deployment (where `Enrolled` events start). */
  deployBlock: string
  /** The registry's issuer, whose key the enrollment station holds: anvil dev account #0 in the demo. */
  issuer: DemoAccount
  /** Submits proofs and is the bound message (recipient): anvil dev account #1 in the demo. */
  holder: DemoAccount
  /** URL of the identity artifact set's manifest.json (same origin; the files are beside it). */
  artifacts: string
  /**
   * The server was started with `--allow-insecure-setup`: the page accepts the set's one-party
   * dev-setup keys too (the setup policy refuses them otherwise).
   */
  allowInsecureSetup: boolean
  /** `manifest.setup.kind` (`dev-insecure`: a setup whose secrets were known to one process). */
  setup: string
  /** τ (bits) and code length, for display. */
  threshold: number
  codeBits: number
}

/**
 * Fetches and checks `/config.json`.
 *
 * @returns {@link DemoConfig}, with `rpcUrl` made absolute.
 * @throws {Error} When the file is missing or incomplete (the page was not started by `npm start`).
 */
export async function loadConfig(): Promise<DemoConfig> {
  const res = await fetch('/config.json', { cache: 'no-store' })
  if (!res.ok) throw new Error(`/config.json: HTTP ${res.status} (start the demo with \`npm start\`)`)
  const config = (await res.json()) as DemoConfig
  for (const key of ['rpcUrl', 'registry', 'issuer', 'holder', 'artifacts'] as const)
    if (!config[key]) throw new Error(`/config.json has no ${key}`)
  return { ...config, rpcUrl: new URL(config.rpcUrl, location.href).href }
}
