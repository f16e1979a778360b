/**
 * Shapes the chain actions take: a snarkjs Groth16 proof result and the verifier artifacts.
 */
import type { Account, Chain, Hex, PublicClient, Transport, WalletClient } from 'viem'
import type { SetupProvenance } from '../compile/manifest.js'
import type { Groth16Proof } from '../prove/groth16.js'
import type { GammaDeltaKey } from '../setup/keyCheck.js'

/** A decimal string (as snarkjs writes field elements) or a bigint. */
export type BigIntish = string | bigint

/** The one Groth16 proof type (defined with the snarkjs adapter); chain actions read `Groth16Proof<BigIntish>`. */
export type { Groth16Proof, Groth16VerificationKey } from '../prove/groth16.js'

/** What a prover returns: the proof and the public signals (in the circuit's order); bigints allowed. */
export type ProofResult = {
  proof: Groth16Proof<BigIntish>
  publicSignals: readonly BigIntish[]
}

/** What `deployVerifier` needs from the compiled artifacts (`verifierArtifacts` builds it from a manifest). */
export type VerifierArtifacts = {
  /** The model hash from the manifest (bytes32; a label, not a binding). */
  modelHash: Hex
  /** The verification key's hash from the manifest (`vkeyHash`); the adapter requires the verifier to report it. */
  vkeyHash: Hex
  /** The verifier's number of public signals (`vkey.nPublic`). */
  nPublic: number
  /** The compiled verifier (`contract Groth16Verifier` with `vkeyHash()`, no constructor arguments). */
  verifier: { bytecode: Hex }
  /** Hidden weights: where the `weightsHash` signal sits and the commitment it must equal. */
  weightsHash?: { index: number; value: Hex } | undefined
  /** Statements with a message signal: its index. */
  messageIndex?: number | undefined
  /** `manifest.setup`: when given, `deployVerifier` applies the setup policy to it. */
  setup?: SetupProvenance | undefined
  /** The verification key (`vkey.json`): when given, a key with δ₂ = γ₂ is refused. */
  vkey?: GammaDeltaKey | undefined
}

/** Verifier calldata: `[a, b, c, publicSignals]`, G2 coordinates already in EIP-197 order. */
export type Groth16Calldata = readonly [
  a: readonly [bigint, bigint],
  b: readonly [readonly [bigint, bigint], readonly [bigint, bigint]],
  c: readonly [bigint, bigint],
  publicSignals: readonly bigint[],
]

/** A viem wallet client with or without a hoisted account, on any chain (what every writer takes). */
export type AnyWalletClient = WalletClient<Transport, Chain | undefined, Account | undefined>
/** A viem public client on any chain. */
export type AnyPublicClient = PublicClient<Transport, Chain | undefined>
