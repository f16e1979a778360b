/**
 * The holder's side of the chain (viem): read the registry, check a nullifier, submit proofs.
 * Demo shortcut: the holder signs with anvil's well-known dev key from `/config.json`; a real dApp
 * uses the holder's own wallet. (The issuer's key is the enrollment station's: see `station.ts`.)
 */
import { createChainClients, type Groth16Proof } from '@zkml/web/chain'
import { isNullifierUsed, readRegistry, verifyPersonhood } from '@zkml/web/identity'
import type { DemoConfig } from './config.js'

/** The handle {@link createDemoChain} returns. */
export type DemoChain = ReturnType<typeof createDemoChain>

/**
 * Clients for the demo's registry.
 *
 * @param config - {@link DemoConfig}
 */
export function createDemoChain(config: DemoConfig) {
  const holder = createChainClients({ rpcUrl: config.rpcUrl, timeoutMs: 15_000, privateKey: config.holder.privateKey })
  const address = config.registry
  const fromBlock = BigInt(config.deployBlock)
  return {
    address,
    /**
     * The account that submits proofs. `IrisRegistry` binds every proof to its submitter, so this is
     * also the message the page proves (`message = uint160(sender)`); a proof for another account reverts.
     */
    sender: holder.walletClient.account!.address,
    /** Every enrolled leaf (all of them, so the RPC does not learn which one is ours) and the root. */
    registry: () => readRegistry({ publicClient: holder.publicClient, address, fromBlock }),
    /** Whether this nullifier is already spent in `scope` (then the registry would refuse any proof with it). */
    nullifierUsed: (scope: bigint, nullifier: bigint) => isNullifierUsed({ publicClient: holder.publicClient, address, scope, nullifier }),
    /** The holder ({@link sender}) submits a proof; resolves with the receipt and the `Verified` event. */
    submit: (proof: Groth16Proof, publicSignals: readonly string[]) => verifyPersonhood({ ...holder, address, proof, publicSignals }),
  }
}
