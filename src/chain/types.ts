/**
 * Shapes the chain actions take: a snarkjs Groth16 proof result and the verifier artifacts.
 */
import type { Hex } from 'viem'
import type { SetupProvenance } from '../compile/manifest.js'
import type { GammaDeltaKey } from '../setup/keyCheck.js'

/** A decimal string (as snarkjs writes field elements) or a bigint. */
export type BigIntish = string | bigint

/**
 * A Groth16 proof as `snarkjs.groth16.prove` returns it: projective coordinates with z = 1,
 * `pi_a = [x, y, "1"]`, `pi_b = [[x.c0, x.c1], [y.c0, y.c1], ["1", "0"]]`, `pi_c = [x, y, "1"]`.
 */
export type Groth16Proof = {
  pi_a: readonly BigIntish[]
  pi_b: readonly (readonly BigIntish[])[]
  pi_c: readonly BigIntish[]
  protocol?: string | undefined
  curve?: string | undefined
}

/** What a prover returns: the proof and the public signals (in the circuit's order). */
export type ProofResult = {
  proof: Groth16Proof
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
