/**
 * The one transaction path (`sendTransaction`) on a real anvil: a contract creation goes through the
 * same steps as a call — a constructor revert is decoded in simulation (nothing sent) and, when sent
 * without simulation, decoded again by replaying the mined transaction — and a successful receipt
 * without the expected event is `UnexpectedReceiptError`, never a silent success.
 */
import { type Hex, encodeDeployData, encodeFunctionData, zeroAddress } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { zkmlRegistryAbi, zkmlVerifiedAbi } from '../../src/chain/abi.js'
import { assertAdapterKey } from '../../src/chain/assertAdapterKey.js'
import { createChainClients, type CreateChainClientsReturnType } from '../../src/chain/createChainClients.js'
import { deployRegistry } from '../../src/chain/deployRegistry.js'
import { zkmlVerifiedBytecode } from '../../src/chain/generated/contracts.js'
import { sendTransaction } from '../../src/chain/sendTransaction.js'
import { NO_SIGNAL } from '../../src/chain/statement.js'
import { submitProof } from '../../src/chain/submitProof.js'
import { ChainCallError, UnexpectedReceiptError, VerifierCallRevertedError } from '../../src/errors/chain.js'
import { type AnvilInstance, startAnvil } from '../../src/node/anvil.js'

let anvil: AnvilInstance
let clients: CreateChainClientsReturnType

beforeAll(async () => {
  anvil = await startAnvil({ accounts: 2 })
  clients = createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[0]!.privateKey })
})
afterAll(async () => {
  await anvil?.stop()
})

/** Creation code of a `ZkmlVerified` whose statement is invalid (weightsHash index ≥ signal count). */
function invalidAdapter(): Hex {
  const statement = { modelHash: `0x${'11'.repeat(32)}` as Hex, vkeyHash: `0x${'22'.repeat(32)}` as Hex, publicSignalCount: 1n, weightsHashIndex: 5n, weightsHash: 0n, messageIndex: NO_SIGNAL }
  return encodeDeployData({ abi: zkmlVerifiedAbi, bytecode: zkmlVerifiedBytecode, args: [zeroAddress, statement] })
}

const nonce = () => clients.publicClient.getTransactionCount({ address: anvil.accounts[0]!.address, blockTag: 'latest' })

describe('sendTransaction', () => {
  it('a creation is simulated like a call: a constructor revert is decoded and nothing is sent', async () => {
    const before = await nonce()
    const err = await sendTransaction({ ...clients, data: invalidAdapter(), abi: zkmlVerifiedAbi, functionName: 'deploy ZkmlVerified' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(VerifierCallRevertedError)
    expect(err).toMatchObject({ errorName: 'InvalidStatement', address: '(deployment)', functionName: 'deploy ZkmlVerified', transactionHash: undefined })
    expect(await nonce()).toBe(before)
  })

  it('a creation sent without simulation is mined, reverts, and is decoded by the replay', async () => {
    const before = await nonce()
    const err = await sendTransaction({ ...clients, data: invalidAdapter(), abi: zkmlVerifiedAbi, functionName: 'deploy ZkmlVerified', simulate: false, gas: 2_000_000n }).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(VerifierCallRevertedError)
    expect((err as VerifierCallRevertedError).errorName).toBe('InvalidStatement')
    const hash = (err as VerifierCallRevertedError).transactionHash as Hex
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/)
    expect((await clients.publicClient.getTransactionReceipt({ hash })).status).toBe('reverted')
    expect(await nonce()).toBe(before + 1)
  })

  it('returns the created contract, checksummed, with the sender', async () => {
    const { address } = await deployRegistry(clients)
    expect(address).toMatch(/^0x[0-9a-fA-F]{40}$/)
    expect(await clients.publicClient.getCode({ address })).toMatch(/^0x[0-9a-f]{10,}/)
  })

  it('a call that succeeds without the expected event is UnexpectedReceiptError (an EOA is not an adapter)', async () => {
    const eoa = anvil.accounts[1]!.address
    const proof = { pi_a: ['1', '2', '1'], pi_b: [['1', '2'], ['3', '4'], ['1', '0']], pi_c: ['1', '2', '1'] }
    const err = await submitProof({ ...clients, address: eoa }, { proof, publicSignals: ['7'] }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UnexpectedReceiptError)
    expect(err).toMatchObject({ address: eoa, functionName: 'verify', expected: 'InferenceVerified event' })
    // The same through the helper: a registry call that succeeds but emits no VerifierDeployed.
    const { address: registry } = await deployRegistry(clients)
    const data = encodeFunctionData({ abi: zkmlRegistryAbi, functionName: 'adapterOf', args: [`0x${'33'.repeat(32)}`] })
    const err2 = await sendTransaction({ ...clients, to: registry, data, abi: zkmlRegistryAbi, functionName: 'adapterOf', eventName: 'VerifierDeployed' }).catch((e: unknown) => e)
    expect(err2).toBeInstanceOf(UnexpectedReceiptError)
    expect(err2).toMatchObject({ address: registry, expected: 'VerifierDeployed event' })
  })

  it('a failure the chain layer cannot name is ChainCallError with viem’s error as cause', async () => {
    const err = await assertAdapterKey({ publicClient: clients.publicClient, address: anvil.accounts[1]!.address, vkeyHash: `0x${'22'.repeat(32)}` }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ChainCallError)
    expect((err as ChainCallError).functionName).toBe('vkeyHash')
    expect((err as ChainCallError).cause).toBeDefined()
  })
})
