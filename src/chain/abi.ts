/**
 * ABIs of the contracts the chain actions talk to, typed `as const` so viem infers argument types.
 */
export { zkmlRegistryAbi, zkmlVerifiedAbi } from './generated/contracts.js'

/**
 * ABI of the snarkjs Groth16 verifier for `nPublic` public signals:
 * `verifyProof(uint256[2] _pA, uint256[2][2] _pB, uint256[2] _pC, uint256[nPublic] _pubSignals) view returns (bool)`.
 *
 * @param nPublic - Number of public signals (the static array length in the signature).
 * @returns The one-function ABI.
 */
export function groth16VerifierAbi<const n extends number>(nPublic: n) {
  return [
    {
      type: 'function',
      name: 'verifyProof',
      stateMutability: 'view',
      inputs: [
        { name: '_pA', type: 'uint256[2]' },
        { name: '_pB', type: 'uint256[2][2]' },
        { name: '_pC', type: 'uint256[2]' },
        { name: '_pubSignals', type: `uint256[${nPublic}]` as `uint256[${n}]` },
      ],
      outputs: [{ name: '', type: 'bool' }],
    },
  ] as const
}
