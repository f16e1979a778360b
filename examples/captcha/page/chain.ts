/**
 * The page's chain side: read the message a proof must carry, claim, read the balance. Plain viem
 * on `createChainClients` from `@zkml/web/chain`; every write is simulated first (a refusal costs no
 * gas and names the gate's error) and sent with an explicit gas limit.
 */
import { BaseError, ContractFunctionRevertedError, formatUnits } from 'viem'
import { createChainClients, toCalldata } from '@zkml/web/chain'
import type { ProveInferenceReturnType } from '@zkml/web'
import type { CaptchaConfig } from './config.js'

/** A refused claim: the gate's custom error. */
export type Refusal = { name: string; args: readonly unknown[] }

/** The page's handle on the gate. */
export type GateChain = ReturnType<typeof createGateChain>

/** The custom error of a failed contract call, if it is one. */
export function refusalOf(error: unknown): Refusal | undefined {
  const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined
  const data = (reverted as ContractFunctionRevertedError | undefined)?.data
  return data?.errorName ? { name: data.errorName, args: data.args ?? [] } : undefined
}

/** Clients and calls for the gate of `config`. */
export function createGateChain(config: CaptchaConfig) {
  const { publicClient, walletClient } = createChainClients({ rpcUrl: new URL(config.rpcUrl, location.href).href, privateKey: config.account.privateKey, timeoutMs: 15_000 })
  const account = walletClient.account!
  return {
    address: account.address,
    /** `(epoch << 160) | uint160(account)`: the message the gate requires now. */
    messageFor: () => publicClient.readContract({ address: config.gate, abi: config.gateAbi, functionName: 'messageFor', args: [account.address] }) as Promise<bigint>,
    /** The account's token balance, formatted. */
    balance: async () => `${formatUnits((await publicClient.readContract({ address: config.token, abi: config.tokenAbi, functionName: 'balanceOf', args: [account.address] })) as bigint, 18)} ${config.symbol}`,
    /** Claims with a proof; resolves with the transaction hash, rejects with viem's error (see {@link refusalOf}). */
    async claim(result: Pick<ProveInferenceReturnType, 'proof' | 'publicSignals'>) {
      const [a, b, c, signals] = toCalldata(result.proof, result.publicSignals)
      const { request } = await publicClient.simulateContract({ address: config.gate, abi: config.gateAbi, functionName: 'claim', args: [a, b, c, signals], account, gas: 1_000_000n })
      const hash = await walletClient.writeContract(request)
      const receipt = await publicClient.waitForTransactionReceipt({ hash })
      if (receipt.status !== 'success') throw new Error(`claim reverted once mined (${hash})`)
      return hash
    },
  }
}
