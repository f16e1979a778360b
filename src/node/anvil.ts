/**
 * The embedded local chain: spawns anvil from npm (`@foundry-rs/anvil-<platform>-<arch>`) on
 * 127.0.0.1 and a free port (Node only). Every instance is killed when the process exits or gets
 * SIGINT/SIGTERM, and the child does not keep Node alive on its own.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { accessSync, constants, existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { createRequire } from 'node:module'
import type { Address, Hex } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { AnvilStartError } from '../errors/chain.js'

/** anvil's default dev mnemonic (well known: never hold real funds on these keys). */
export const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk'

export type StartAnvilParameters = {
  /** Port to listen on. Default: a free port chosen by the OS. */
  port?: number | undefined
  /** Number of funded dev accounts. Default 10. */
  accounts?: number | undefined
  /** Balance of each dev account, in ether. Default 10000 (anvil's default). */
  balance?: number | undefined
  /** Chain id. Default 31337. */
  chainId?: number | undefined
  /** Path of the anvil binary. Default: the platform package's `bin/anvil`. */
  binary?: string | undefined
  /** How long to wait for the RPC to answer, in ms. Default 20000. */
  timeoutMs?: number | undefined
}

/** A running anvil node. */
export type AnvilInstance = {
  /** `http://127.0.0.1:<port>` */
  rpcUrl: string
  port: number
  /** The funded dev accounts (anvil's default mnemonic, path m/44'/60'/0'/0/i). */
  accounts: { address: Address; privateKey: Hex }[]
  /** Stops the node (SIGTERM, then SIGKILL after 3 s); resolves when it has exited. Idempotent. */
  stop(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}
export type StartAnvilErrorType = AnvilStartError

const running = new Set<ChildProcess>()

/** Kills every running instance (sync, safe inside an `exit` handler). */
function killAll(): void {
  for (const child of running) child.kill('SIGKILL')
  running.clear()
}

/** On SIGINT/SIGTERM: kill the children, then re-raise the signal if nobody else handles it. */
function onSignal(signal: NodeJS.Signals): void {
  killAll()
  uninstallHandlers()
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
}
let installed = false
function installHandlers(): void {
  if (installed) return
  installed = true
  process.on('exit', killAll)
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
}
function uninstallHandlers(): void {
  if (!installed) return
  installed = false
  process.off('exit', killAll)
  process.off('SIGINT', onSignal)
  process.off('SIGTERM', onSignal)
}

/** The platforms Foundry publishes an npm anvil package for (our optional dependencies). */
const PLATFORM_PACKAGES = ['darwin-amd64', 'darwin-arm64', 'linux-amd64', 'linux-arm64', 'win32-amd64']

/** An executable `anvil` (or `anvil.exe`) on PATH, e.g. from Foundry's `foundryup`. */
function anvilOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue
    const candidate = join(dir, name)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  return undefined
}

/**
 * Path of the anvil binary: `ZKML_ANVIL` when set, else the platform package
 * (`@foundry-rs/anvil-linux-amd64`, …: optional dependencies of @zkml/web, so npm installs the one
 * for this machine), else `anvil` on PATH (Foundry's own install).
 * @throws {AnvilStartError} When none is found, saying how to get one.
 */
export function anvilBinaryPath(): string {
  const name = process.platform === 'win32' ? 'anvil.exe' : 'anvil'
  if (process.env.ZKML_ANVIL) return process.env.ZKML_ANVIL
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch as string]
  const platform = `${process.platform}-${arch ?? process.arch}`
  const pkg = `@foundry-rs/anvil-${platform}`
  try {
    return createRequire(import.meta.url).resolve(`${pkg}/bin/${name}`)
  } catch (cause) {
    const onPath = anvilOnPath(name)
    if (onPath) return onPath
    const published = PLATFORM_PACKAGES.includes(platform)
    throw new AnvilStartError({
      reason: 'no anvil binary found',
      details: `looked for ZKML_ANVIL, the package ${pkg}, and anvil on PATH`,
      hint: [
        published
          ? `${pkg} (an optional dependency of @zkml/web) is not installed: \`npm install ${pkg}\` (it is skipped by --omit=optional or --no-optional).`
          : `Foundry publishes no npm anvil package for ${process.platform}-${process.arch}.`,
        'Or install Foundry (https://getfoundry.sh: `curl -L https://foundry.paradigm.xyz | bash && foundryup`) so `anvil` is on PATH,',
        'or set ZKML_ANVIL=/path/to/anvil, or use any other EVM JSON-RPC with --rpc URL.',
      ],
      cause,
    })
  }
}

/** Derives anvil's first `count` dev accounts from the default mnemonic. */
function devAccounts(count: number): AnvilInstance['accounts'] {
  return Array.from({ length: count }, (_, addressIndex) => {
    const account = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex })
    const key = account.getHdKey().privateKey
    if (!key) throw new AnvilStartError({ reason: 'could not derive dev account keys' })
    return { address: account.address, privateKey: `0x${Buffer.from(key).toString('hex')}` as Hex }
  })
}

/** Resolves when `url` answers `eth_chainId`; rejects after `deadline` or when `failed()` is set. */
async function waitForRpc(url: string, deadline: number, failed: () => string | undefined): Promise<void> {
  for (;;) {
    const why = failed()
    if (why) throw new AnvilStartError({ reason: why })
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
        signal: AbortSignal.timeout(1_000),
      })
      if (res.ok) return
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new AnvilStartError({ reason: 'the RPC did not answer in time' })
    await new Promise((r) => setTimeout(r, 50))
  }
}

/**
 * Starts anvil on 127.0.0.1 and waits until its RPC answers.
 *
 * @param parameters - {@link StartAnvilParameters}
 * @returns {@link AnvilInstance}: `rpcUrl`, dev `accounts` and `stop()`.
 * @throws {AnvilStartError} When the binary is missing, exits early, or the RPC does not answer in time.
 * @example
 * import { startAnvil } from '@zkml/web/node'
 * await using anvil = await startAnvil()
 * const { publicClient, walletClient } = createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[0].privateKey })
 */
export async function startAnvil(parameters: StartAnvilParameters = {}): Promise<AnvilInstance> {
  const { port = 0, accounts = 10, balance, chainId, timeoutMs = 20_000 } = parameters
  const binary = parameters.binary ?? anvilBinaryPath()
  if (!existsSync(binary)) throw new AnvilStartError({ reason: `binary not found at ${binary}` })
  const args = ['--host', '127.0.0.1', '--port', String(port), '--accounts', String(accounts)]
  if (balance !== undefined) args.push('--balance', String(balance))
  if (chainId !== undefined) args.push('--chain-id', String(chainId))

  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  running.add(child)
  installHandlers()
  let output = ''
  let listening: number | undefined
  let exited: string | undefined
  const onData = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_192)
    const match = /Listening on 127\.0\.0\.1:(\d+)/.exec(output)
    if (match && listening === undefined) listening = Number(match[1])
  }
  child.stdout!.on('data', onData)
  child.stderr!.on('data', onData)
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `anvil exited (${signal ?? `code ${code}`})`
      running.delete(child)
      if (running.size === 0) uninstallHandlers()
      resolve()
    })
  })
  child.once('error', (err) => {
    exited = `spawn failed: ${err.message}`
  })

  const stop = async () => {
    if (exited === undefined && child.exitCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000)
      await exitedPromise
      clearTimeout(timer)
    }
  }

  const deadline = Date.now() + timeoutMs
  try {
    while (listening === undefined) {
      if (exited) throw new AnvilStartError({ reason: exited })
      if (Date.now() > deadline) throw new AnvilStartError({ reason: 'anvil did not report its port in time' })
      await new Promise((r) => setTimeout(r, 25))
    }
    await waitForRpc(`http://127.0.0.1:${listening}`, deadline, () => exited)
  } catch (err) {
    await stop()
    throw new AnvilStartError({ reason: err instanceof AnvilStartError ? err.reason : String(err), output, cause: err instanceof AnvilStartError ? undefined : err })
  }
  // Keep draining output (so anvil never blocks on a full pipe) without holding the event loop open.
  child.unref()
  for (const stream of [child.stdout, child.stderr]) (stream as unknown as { unref?: () => void } | null)?.unref?.()

  return {
    rpcUrl: `http://127.0.0.1:${listening}`,
    port: listening,
    accounts: devAccounts(accounts),
    stop,
    [Symbol.asyncDispose]: stop,
  }
}
