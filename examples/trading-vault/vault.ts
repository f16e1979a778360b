/**
 * The trading vault on a chain (Node): deploy the market (two test tokens and the pool) and the
 * vault for a compiled signal model, act on a proven signal, open a trade's input commitment.
 * Used by `run.ts` (npm run example:vault), the tests and the benchmark.
 */
import { join } from 'node:path'
import { parseEventLogs, type Abi, type Address, type Hex } from 'viem'
import { adapterStatement, deployVerifier, toCalldata, verifierArtifacts } from '@zkml/web/chain'
import { readArtifactFile, readManifest, type Manifest } from '@zkml/web/node'
import { inputCommitment, quantizeInputs } from '@zkml/web/compiler'
import { compileContracts, deploy, read, REPO, send, type Clients, type Compiled } from '../shared/chain.js'
import { SIGNALS, type SignalName } from './data.js'

const CONTRACTS = [
  join(REPO, 'examples/shared/contracts/TestToken.sol'),
  join(REPO, 'examples/trading-vault/contracts/TinyPool.sol'),
  join(REPO, 'examples/trading-vault/contracts/ProvenSignalVault.sol'),
]

/** The example's contracts, compiled once per process. */
let compiled: Promise<Record<string, Compiled>> | undefined
export const vaultContracts = () => (compiled ??= compileContracts(CONTRACTS))

/** The market the vault trades on. */
export type Market = { base: Address; quote: Address; pool: Address }

/** Liquidity and vault funds, in whole tokens (18 decimals): 1 tETH = 2,000 tUSD at the start. */
export const AMOUNTS = { poolBase: 100n, poolQuote: 200_000n, vaultBase: 10n, vaultQuote: 20_000n } as const
const unit = (n: bigint) => n * 10n ** 18n

/** Deploys tETH (base), tUSD (quote) and the pool, seeded with {@link AMOUNTS}. */
export async function deployMarket(owner: Clients): Promise<Market> {
  const c = await vaultContracts()
  const base = await deploy(owner, c.TestToken!, ['Test Ether', 'tETH'])
  const quote = await deploy(owner, c.TestToken!, ['Test USD', 'tUSD'])
  const pool = await deploy(owner, c.TinyPool!, [base, quote])
  const me = owner.walletClient.account!.address
  for (const [token, amount] of [[base, AMOUNTS.poolBase], [quote, AMOUNTS.poolQuote]] as const) {
    await send(owner, { address: token, abi: c.TestToken!.abi, functionName: 'mint', args: [me, unit(amount)] })
    await send(owner, { address: token, abi: c.TestToken!.abi, functionName: 'approve', args: [pool, unit(amount)] })
  }
  await send(owner, { address: pool, abi: c.TinyPool!.abi, functionName: 'seed', args: [unit(AMOUNTS.poolBase), unit(AMOUNTS.poolQuote)] })
  return { base, quote, pool }
}

/** Parameters of {@link deployVault}. */
export type DeployVaultParameters = {
  owner: Clients
  market: Market
  /** The compiled signal model (`compile({ …, input: 'hashed', message: true })`). */
  artifactsDir: string
  /** The key the vault pins; default the artifacts' own `vkeyHash`. */
  expectedVkeyHash?: Hex | undefined
  /** Traders to register. */
  traders: Address[]
  /** Share of the sold token per trade, in basis points (default 1,000 = 10 %). */
  tradeBps?: bigint | undefined
}

/** A deployed vault. */
export type Vault = { address: Address; verifier: Address; vkeyHash: Hex; manifest: Manifest; abi: Abi }

/**
 * Deploys the model's verifier (with the setup policy: dev keys only because this is a local demo)
 * and a vault pinned to its key, funds the vault and registers the traders.
 */
export async function deployVault(p: DeployVaultParameters): Promise<Vault> {
  const c = await vaultContracts()
  const manifest = await readManifest(p.artifactsDir)
  const verifier = JSON.parse(new TextDecoder().decode(await readArtifactFile(p.artifactsDir, manifest, 'verifier.json'))) as { bytecode: Hex }
  const vkey = JSON.parse(new TextDecoder().decode(await readArtifactFile(p.artifactsDir, manifest, 'vkey.json')))
  const artifacts = verifierArtifacts({ manifest, verifier, vkey })
  // deployVerifier applies the setup policy (dev keys: opted in, a local demo) and refuses a γ = δ key;
  // it also deploys the plain ZkmlVerified adapter, unused here: the vault is its own adapter.
  const { verifierAddress } = await deployVerifier({ ...p.owner, allowInsecureSetup: true }, artifacts)
  const layout = manifest.publicSignals.layout
  const signalIndex = layout.find((e) => e.kind === 'output')!.offset
  const inputHashIndex = layout.find((e) => e.kind === 'inputHash')!.offset
  const address = await deploy(p.owner, c.ProvenSignalVault!, [verifierAddress, adapterStatement(artifacts), p.expectedVkeyHash ?? manifest.vkeyHash, BigInt(signalIndex), BigInt(inputHashIndex), p.market.pool, p.tradeBps ?? 1_000n])
  const token = c.TestToken!.abi
  await send(p.owner, { address: p.market.base, abi: token, functionName: 'mint', args: [address, unit(AMOUNTS.vaultBase)] })
  await send(p.owner, { address: p.market.quote, abi: token, functionName: 'mint', args: [address, unit(AMOUNTS.vaultQuote)] })
  for (const t of p.traders) await send(p.owner, { address, abi: c.ProvenSignalVault!.abi, functionName: 'setTrader', args: [t, true] })
  return { address, verifier: verifierAddress, vkeyHash: manifest.vkeyHash, manifest, abi: c.ProvenSignalVault!.abi }
}

/** The message the trader's next proof must carry (the vault computes it: `(nonce << 160) | trader`). */
export function nextMessage(clients: Clients, vault: Vault, trader: Address): Promise<bigint> {
  return read<bigint>(clients, vault.address, vault.abi, 'messageFor', [trader])
}

/** A proof as `prove` (Node) or `proveInference` (browser, after JSON) return it. */
export type SignalProof = { proof: Parameters<typeof toCalldata>[0]; publicSignals: readonly string[] }

/** One executed signal, from the `Traded` event. */
export type Trade = {
  signal: SignalName
  nonce: bigint
  tokenIn: Address
  amountIn: bigint
  amountOut: bigint
  inputHash: bigint
  gasUsed: bigint
}

/**
 * Sends a proven signal to the vault from `trader`.
 * @param minOut the swap's slippage bound (default: 1 % under the pool's current quote)
 * @returns the trade (throws viem's error, with the vault's named revert, when refused)
 */
export async function trade(trader: Clients, vault: Vault, proof: SignalProof, minOut?: bigint): Promise<Trade> {
  const [a, b, c, signals] = toCalldata(proof.proof, proof.publicSignals)
  const { receipt } = await send(trader, { address: vault.address, abi: vault.abi, functionName: 'trade', args: [a, b, c, signals, minOut ?? 0n] })
  const [log] = parseEventLogs({ abi: vault.abi, logs: receipt.logs, eventName: 'Traded' }) as unknown as { args: { nonce: bigint; signal: number; tokenIn: Address; amountIn: bigint; amountOut: bigint; inputHash: bigint } }[]
  const e = log!.args
  return { signal: SIGNALS[e.signal]!, nonce: e.nonce, tokenIn: e.tokenIn, amountIn: e.amountIn, amountOut: e.amountOut, inputHash: e.inputHash, gasUsed: receipt.gasUsed }
}

/** Balances of the vault and the pool's price (quote per base). */
export async function vaultState(clients: Clients, vault: Vault, market: Market): Promise<{ base: bigint; quote: bigint; price: bigint }> {
  const c = await vaultContracts()
  const [base, quote, price] = await Promise.all([
    read<bigint>(clients, market.base, c.TestToken!.abi, 'balanceOf', [vault.address]),
    read<bigint>(clients, market.quote, c.TestToken!.abi, 'balanceOf', [vault.address]),
    read<bigint>(clients, market.pool, c.TinyPool!.abi, 'price'),
  ])
  return { base, quote, price }
}

/**
 * What an auditor does with a trade the trader opens: recompute the input commitment from the
 * revealed features and salt and compare it with the `inputHash` the vault logged.
 * @returns the commitment of `features` under `salt`
 */
export function openInputCommitment({ manifest, features, salt }: { manifest: Manifest; features: ArrayLike<number>; salt: bigint }): bigint {
  const inputs = quantizeInputs({ model: manifest, input: Array.from(features) })
  return inputCommitment({ model: manifest, inputs, salt })
}

/** Formats 18-decimal token amounts for printing. */
export const formatUnits18 = (v: bigint, digits = 4) => (Number(v) / 1e18).toFixed(digits)
