/**
 * The embedded anvil node: starts on 127.0.0.1 on a free port with funded dev accounts, stops cleanly.
 */
import { createPublicClient, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { AnvilStartError } from '../../src/errors/chain.js'
import { startAnvil } from '../../src/node/anvil.js'

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
