/**
 * The page's side of the chain (viem): the issuer enrolls leaves, the holder submits proofs.
 * Demo shortcut: both sign with anvil's well-known dev keys from `/config.json`. In a real dApp the
 * issuer is a separate service and the holder uses their own wallet (or a relayer).
 */
import { createChainClients } from '../../src/chain/createChainClients.js'
import type { Groth16Proof } from '../../src/prove/groth16.js'
import { enrollLeaf, readRegistry, verifyPersonhood } from '../../src/identity/index.js'
import type { DemoConfig } from './config.js'

/** The handle {@link createDemoChain} returns. */
export type DemoChain = ReturnType<typeof createDemoChain>

/**
 * Clients for the demo's registry.
 *
 * @param config - {@link DemoConfig}
 */
export function createDemoChain(config: DemoConfig) {
  const common = { rpcUrl: config.rpcUrl, timeoutMs: 15_000 }
  const issuer = createChainClients({ ...common, privateKey: config.issuer.privateKey })
  const holder = createChainClients({ ...common, privateKey: config.holder.privateKey })
  const address = config.registry
  const fromBlock = BigInt(config.deployBlock)
  return {
    address,
    /**
     * The account that submits proofs. `IrisRegistry` binds every proof to its submitter, so this is
     * also the message the page proves (`message = uint160(sender)`); a proof for another account reverts.
     */
    sender: holder.walletClient.account!.address,
    /** The issuer enrolls a leaf (the only thing that leaves the device at enrollment). */
    enroll: (leaf: bigint) => enrollLeaf({ ...issuer, address, leaf }),
    /** Every enrolled leaf (all of them, so the RPC does not learn which one is ours) and the root. */
    registry: () => readRegistry({ publicClient: holder.publicClient, address, fromBlock }),
    /** The holder ({@link sender}) submits a proof; resolves with the receipt and the `Verified` event. */
    submit: (proof: Groth16Proof, publicSignals: readonly string[]) => verifyPersonhood({ ...holder, address, proof, publicSignals }),
  }
}
