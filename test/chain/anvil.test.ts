/**
 * The embedded anvil node: starts on 127.0.0.1 on a free port with funded dev accounts, stops cleanly.
 */
import { createPublicClient, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AnvilStartError } from '../../src/errors/chain.js'
import { anvilBinaryPath, startAnvil } from '../../src/node/anvil.js'

describe('startAnvil', () => {
  it('serves an RPC with funded dev accounts, and stop() ends it', async () => {
    const anvil = await startAnvil({ accounts: 2, chainId: 1337 })
    expect(anvil.rpcUrl).toBe(`http://127.0.0.1:${anvil.port}`)
    expect(anvil.accounts).toHaveLength(2)
    expect(anvil.accounts[0]!.address).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266')
    const client = createPublicClient({ transport: http(anvil.rpcUrl, { retryCount: 0, timeout: 2_000 }) })
    expect(await client.getChainId()).toBe(1337)
    for (const { address, privateKey } of anvil.accounts) {
      expect(privateKeyToAccount(privateKey).address).toBe(address)
      expect(await client.getBalance({ address })).toBeGreaterThan(0n)
    }
    await anvil.stop()
    await anvil.stop() // idempotent
    await expect(client.getChainId()).rejects.toThrow()
  })

  it('runs two nodes side by side on different ports', async () => {
    const [a, b] = await Promise.all([startAnvil({ accounts: 1 }), startAnvil({ accounts: 1 })])
    expect(a.port).not.toBe(b.port)
    await Promise.all([a.stop(), b.stop()])
  })

  it('fails with AnvilStartError when the port is taken or the binary is missing', async () => {
    const a = await startAnvil({ accounts: 1 })
    try {
      await expect(startAnvil({ port: a.port, timeoutMs: 5_000 })).rejects.toBeInstanceOf(AnvilStartError)
    } finally {
      await a.stop()
    }
    await expect(startAnvil({ binary: '/nonexistent/anvil' })).rejects.toBeInstanceOf(AnvilStartError)
  })
})

describe('anvilBinaryPath', () => {
  const arch = process.arch
  afterEach(() => {
    vi.unstubAllEnvs()
    Object.defineProperty(process, 'arch', { value: arch })
  })

  it('finds the platform package installed as an optional dependency, or ZKML_ANVIL', () => {
    expect(anvilBinaryPath()).toMatch(/node_modules\/@foundry-rs\/anvil-[a-z0-9]+-[a-z0-9]+\/bin\/anvil(\.exe)?$/)
    vi.stubEnv('ZKML_ANVIL', '/opt/foundry/bin/anvil')
    expect(anvilBinaryPath()).toBe('/opt/foundry/bin/anvil')
  })

  it('without a package or anvil on PATH, says how to get one', () => {
    Object.defineProperty(process, 'arch', { value: 'riscv64' }) // Foundry publishes no package for it
    vi.stubEnv('PATH', '')
    let err: unknown
    try {
      anvilBinaryPath()
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(AnvilStartError)
    const message = (err as Error).message
    expect(message).toMatch(/no anvil binary found/)
    expect(message).toMatch(/Foundry publishes no npm anvil package/)
    expect(message).toMatch(/foundryup/)
    expect(message).toMatch(/ZKML_ANVIL/)
    expect(message).toMatch(/--rpc URL/)
  })

  it.runIf(process.platform === 'linux' && process.arch === 'x64')('names the npm package when Foundry publishes one for this platform', () => {
    Object.defineProperty(process, 'arch', { value: 'arm64' }) // published, not installed on this x64 machine
    vi.stubEnv('PATH', '')
    expect(() => anvilBinaryPath()).toThrow(/npm install @foundry-rs\/anvil-linux-arm64/)
  })
})
