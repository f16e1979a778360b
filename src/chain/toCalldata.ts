/**
 * snarkjs proof → Solidity verifier arguments.
 *
 * Conventions: BN254; G1 points are `(x, y)` in affine form (snarkjs's z must be 1).
 * G2 points: snarkjs writes each Fp2 coordinate as `[c0, c1]` (real part first), but the EVM
 * pairing precompile (EIP-197) and the snarkjs Solidity verifier expect the imaginary part first,
 * so `b = [[x.c1, x.c0], [y.c1, y.c0]]` — the order is swapped here, nowhere else.
 */
import { InvalidProofFormatError } from '../errors/chain.js'
import type { BigIntish, Groth16Calldata, Groth16Proof } from './types.js'

export type ToCalldataReturnType = Groth16Calldata
export type ToCalldataErrorType = InvalidProofFormatError

const UINT256_LIMIT = 1n << 256n

/** Parses a decimal/hex string or bigint into a uint256; labels failures with `field`. */
function toUint(value: BigIntish | undefined, field: string): bigint {
  const integer = typeof value === 'bigint' || (typeof value === 'string' && /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(value))
  if (!integer) throw new InvalidProofFormatError({ field, reason: `expected an integer string or bigint, got ${String(value)}` })
  const n = BigInt(value) // a bigint, or a string the pattern above admits: cannot throw
  if (n < 0n || n >= UINT256_LIMIT) throw new InvalidProofFormatError({ field, reason: 'not a uint256' })
  return n
}

/** Reads an affine G1 point `[x, y, 1]`. */
function g1(point: readonly BigIntish[], field: string): readonly [bigint, bigint] {
  if (!Array.isArray(point) || point.length < 2) throw new InvalidProofFormatError({ field, reason: 'expected [x, y, 1]' })
  if (point.length > 2 && toUint(point[2], `${field}[2]`) !== 1n)
    throw new InvalidProofFormatError({ field, reason: 'z must be 1 (affine point)' })
  return [toUint(point[0], `${field}[0]`), toUint(point[1], `${field}[1]`)]
}

/** Reads an affine G2 point `[[x0, x1], [y0, y1], [1, 0]]` and swaps each pair to `[c1, c0]`. */
function g2(point: readonly (readonly BigIntish[])[], field: string) {
  if (!Array.isArray(point) || point.length < 2) throw new InvalidProofFormatError({ field, reason: 'expected [[x0, x1], [y0, y1], [1, 0]]' })
  const fp2 = (i: number): readonly [bigint, bigint] => {
    const c = point[i]
    if (!Array.isArray(c) || c.length !== 2) throw new InvalidProofFormatError({ field: `${field}[${i}]`, reason: 'expected [c0, c1]' })
    return [toUint(c[1], `${field}[${i}][1]`), toUint(c[0], `${field}[${i}][0]`)]
  }
  if (point.length > 2) {
    const z = point[2]
    if (!Array.isArray(z) || toUint(z[0], `${field}[2][0]`) !== 1n || toUint(z[1], `${field}[2][1]`) !== 0n)
      throw new InvalidProofFormatError({ field, reason: 'z must be [1, 0] (affine point)' })
  }
  return [fp2(0), fp2(1)] as const
}

/**
 * Converts a snarkjs Groth16 proof and its public signals into verifier calldata.
 *
 * @param proof - The proof as `snarkjs.groth16.prove` returns it.
 * @param publicSignals - The public signals (decimal strings or bigints), in circuit order.
 * @returns `[a, b, c, publicSignals]` for `verifyProof` / `ZkmlVerified.verify` (G2 in `[c1, c0]` order).
 * @throws {InvalidProofFormatError} When a value is not an integer, does not fit 256 bits, or a point is not affine.
 * @example
 * import { toCalldata } from '@zkml/web/chain'
 * const [a, b, c, signals] = toCalldata(result.proof, result.publicSignals)
 */
export function toCalldata(proof: Groth16Proof<BigIntish>, publicSignals: readonly BigIntish[]): ToCalldataReturnType {
  if (typeof proof !== 'object' || proof === null) throw new InvalidProofFormatError({ field: 'proof', reason: 'expected an object' })
  if (!Array.isArray(publicSignals)) throw new InvalidProofFormatError({ field: 'publicSignals', reason: 'expected an array' })
  return [
    g1(proof.pi_a, 'proof.pi_a'),
    g2(proof.pi_b, 'proof.pi_b'),
    g1(proof.pi_c, 'proof.pi_c'),
    publicSignals.map((s, i) => toUint(s, `publicSignals[${i}]`)),
  ]
}
