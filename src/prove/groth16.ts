/**
 * The snarkjs adapter: Groth16 prove and verify over in-memory keys and witnesses.
 * snarkjs is imported lazily (it is large); its global curve (worker threads in Node) is released
 * by `releaseSnarkjs()` so processes can exit without `process.exit`.
 */
import { writeWtns } from '../formats/wtns.js'
import { ZkmlError } from '../errors/base.js'
import { parseGroth16Proof, parsePublicSignals } from './proofShape.js'

/** A Groth16 proof as snarkjs returns it (decimal strings). */
export type Groth16Proof = {
  pi_a: string[]
  pi_b: string[][]
  pi_c: string[]
  protocol: string
  curve: string
}

/** The verification key JSON as snarkjs exports it. */
export type VerificationKey = Record<string, unknown> & { nPublic: number; protocol: string; curve: string }

type Snarkjs = {
  groth16: {
    prove(zkey: unknown, wtns: unknown, logger?: unknown, options?: unknown): Promise<{ proof: Groth16Proof; publicSignals: string[] }>
    verify(vkey: unknown, publicSignals: string[], proof: Groth16Proof, logger?: unknown): Promise<boolean>
  }
}

let snarkjsPromise: Promise<Snarkjs> | undefined
/** Loads snarkjs once. */
export function loadSnarkjs(): Promise<Snarkjs> {
  snarkjsPromise ??= import('snarkjs') as unknown as Promise<Snarkjs>
  return snarkjsPromise
}

/** The snarkjs prover failed (corrupt key, witness of the wrong size, …). */
export class ProverError extends ZkmlError {
  override name = 'ProverError'
  constructor(cause: unknown) {
    super('Groth16 proving failed.', { cause })
  }
}
export type ProverErrorType = ProverError & { name: 'ProverError' }

/**
 * Proves with snarkjs's Groth16 prover.
 * @param params.zkey proving key bytes (`circuit.zkey`)
 * @param params.witness full assignment (field elements)
 * @returns the proof and public signals (decimal strings)
 * @throws ProverError wrapping snarkjs's error
 */
export async function proveGroth16({ zkey, witness }: { zkey: Uint8Array; witness: readonly bigint[] }): Promise<{ proof: Groth16Proof; publicSignals: string[] }> {
  const snarkjs = await loadSnarkjs()
  try {
    return await snarkjs.groth16.prove({ type: 'mem', data: zkey }, { type: 'mem', data: writeWtns([...witness]) })
  } catch (e) {
    throw new ProverError(e)
  }
}

/**
 * Verifies a Groth16 proof. Returns false only when the proof is cryptographically invalid;
 * a malformed proof or public signal (see `proofShape.ts`) throws `InvalidProofError`.
 * @throws {InvalidProofError} When the proof object or the public signals are malformed.
 */
export async function verifyGroth16({ vkey, proof, publicSignals }: { vkey: VerificationKey; proof: unknown; publicSignals: readonly unknown[] }): Promise<boolean> {
  const signals = parsePublicSignals(publicSignals, vkey.nPublic).map(String)
  const clean = parseGroth16Proof(proof)
  const snarkjs = await loadSnarkjs()
  const silent = { info() {}, debug() {}, warn() {}, error() {} }
  return snarkjs.groth16.verify(vkey, signals, clean, silent)
}

/** Terminates snarkjs's shared curve (its worker threads), if one was built. Safe to call twice. */
export async function releaseSnarkjs(): Promise<void> {
  const g = globalThis as { curve_bn128?: { terminate(): Promise<void> } | null }
  const curve = g.curve_bn128
  if (curve) {
    g.curve_bn128 = null
    await curve.terminate()
  }
}
