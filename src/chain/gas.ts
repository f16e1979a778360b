/**
 * Explicit gas limits for proof verification.
 *
 * Always send one: `eth_estimateGas` on anvil (and other nodes) can settle on a limit at which the
 * snarkjs verifier's pairing precompile runs out of gas and the verifier returns `false` instead of
 * reverting. `ZkmlVerified` guards against that (`InsufficientGasForVerification`), but a raw verifier
 * does not.
 */

/**
 * Gas limit for one `ZkmlVerified.verify` transaction (or raw `verifyProof` call) with `nPublic` signals:
 * 21k intrinsic + calldata (≤ 16 gas/byte) + the adapter's gas floor (200k + 7k per signal) + headroom.
 *
 * @param nPublic - Number of public signals.
 * @returns A gas limit that always covers a valid proof.
 */
export function verifyGasLimit(nPublic: number): bigint {
  return 260_000n + 8_000n * BigInt(nPublic)
}
