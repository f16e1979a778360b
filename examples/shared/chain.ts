/**
 * Chain helpers of the examples (Node): compile the examples' Solidity with the package's pinned
 * solc-js, deploy, call (simulated first, explicit gas), and name a revert. Plain viem on the clients
 * `createChainClients` from `@zkml/web/chain` returns.
 */
import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { BaseError, ContractFunctionRevertedError, encodeDeployData, getAddress, type Abi, type Address, type Hex, type TransactionReceipt } from 'viem'
import { compileSolidityAll } from '@zkml/web/node'
import type { createChainClients } from '@zkml/web/chain'

/** The repository root: the examples' Solidity imports are written relative to it. */
export const REPO = join(import.meta.dirname, '../..')

/** Clients from `createChainClients` with an account. */
export type Clients = ReturnType<typeof createChainClients>

/** A compiled contract: ABI and creation code. */
export type Compiled = { abi: Abi; bytecode: Hex }

/**
 * Compiles Solidity files of the repository (imports such as `contracts/ZkmlVerified.sol` resolve
 * from the package root, as `compileSolidity` documents).
 * @param files absolute paths of the .sol files
 * @returns every contract by name
 */
export async function compileContracts(files: string[]): Promise<Record<string, Compiled>> {
  const sources = Object.fromEntries(files.map((f) => [relative(REPO, f), readFileSync(f, 'utf8')]))
  const all = await compileSolidityAll({ sources, importRoots: [REPO] })
  const byName: Record<string, Compiled> = {}
  for (const [key, c] of Object.entries(all)) byName[key.slice(key.lastIndexOf(':') + 1)] = { abi: c.abi, bytecode: c.bytecode }
  return byName
}

/** The revert data a failed `eth_call` carries (viem keeps it on the error chain's `data`). */
function revertData(error: unknown): Hex | undefined {
  const found = error instanceof BaseError ? error.walk((e) => typeof (e as { data?: unknown }).data === 'string') : undefined
  const data = (found as { data?: unknown } | undefined)?.data
  return typeof data === 'string' && data.startsWith('0x') ? (data as Hex) : undefined
}

/**
 * Deploys a contract and waits for it. The creation is simulated first, so a constructor that
 * reverts throws viem's `ContractFunctionRevertedError` with the decoded custom error (no gas spent).
 * @returns its address
 */
export async function deploy(clients: Clients, contract: Compiled, args: readonly unknown[] = []): Promise<Address> {
  const data = encodeDeployData({ abi: contract.abi, bytecode: contract.bytecode, args })
  try {
    await clients.publicClient.call({ account: clients.walletClient.account!, data, gas: 8_000_000n })
  } catch (error) {
    const reverted = revertData(error)
    if (reverted) throw new ContractFunctionRevertedError({ abi: contract.abi, data: reverted, functionName: 'constructor' })
    throw error
  }
  const hash = await clients.walletClient.deployContract({ abi: contract.abi, bytecode: contract.bytecode, args, account: clients.walletClient.account!, chain: null, gas: 8_000_000n })
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success' || !receipt.contractAddress) throw new Error(`deploying failed (transaction ${hash})`)
  return getAddress(receipt.contractAddress)
}

/** Parameters of {@link send}. */
export type SendParameters = { address: Address; abi: Abi; functionName: string; args?: readonly unknown[]; gas?: bigint }

/**
 * Calls a contract: simulated first (a revert throws viem's error with the decoded custom error and
 * costs no gas), then sent with an explicit gas limit, then awaited.
 * @returns the receipt and the simulated return value
 */
export async function send(clients: Clients, p: SendParameters): Promise<{ receipt: TransactionReceipt; result: unknown }> {
  const { request, result } = await clients.publicClient.simulateContract({
    address: p.address,
    abi: p.abi,
    functionName: p.functionName,
    args: p.args ?? [],
    account: clients.walletClient.account!,
    gas: p.gas ?? 1_000_000n,
  })
  const hash = await clients.walletClient.writeContract(request)
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success') throw new Error(`${p.functionName} reverted once mined (transaction ${hash})`)
  return { receipt, result }
}

/** Reads a view function. */
export function read<T>(clients: Clients, address: Address, abi: Abi, functionName: string, args: readonly unknown[] = []): Promise<T> {
  return clients.publicClient.readContract({ address, abi, functionName, args }) as Promise<T>
}

/**
 * The custom error a call reverted with, and its arguments.
 * @returns `{ name, args }`, or undefined when `error` is not a decoded contract revert
 */
export function revertOf(error: unknown): { name: string; args: readonly unknown[] } | undefined {
  const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined
  const data = (reverted as ContractFunctionRevertedError | undefined)?.data
  return data?.errorName ? { name: data.errorName, args: data.args ?? [] } : undefined
}
